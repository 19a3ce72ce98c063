"""Extraction over a folder of general-news articles: what breaks, what comes out empty, what is slow.

    python bench/general_text.py FOLDER [--paragraphs] [--slowest 10] [--json OUT]

Reads every ``*.txt`` under FOLDER (UTF-8), loads the models once (``pipeline.warm_up``
and one sentence that needs the POS tagger), then calls ``extractors.pipeline.extract_text`` on each article in this one process and
prints:

- articles, ok, errors (file, exception, where it was raised), empty outputs (no
  sentences, or sentences but no facts at all);
- time per article: median, p95, max (ms), and ms per KB of text;
- the slowest articles (ms, KB).

``--paragraphs`` extracts every paragraph (a block between blank lines, or a line when
the file has no blank lines) alone, as if it were an article. Rerun after each change
to the extractors; it never writes into the repository.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import argparse
import json
import re
import statistics
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POS_WARM_UP = "Mưa bão làm 85 tàu, thuyền các loại bị chìm."


@dataclass
class Result:
    name: str
    chars: int
    ms: float
    error: str | None = None  # "ExceptionType: message"
    where: str | None = None  # "file.py:line in function" of the innermost frame in the repo
    sentences: int = 0
    claims: int = 0
    entities: int = 0
    examples: list[str] = field(default_factory=list)  # a few claim quotes, to eyeball

    @property
    def kb(self) -> float:
        return max(self.chars, 1) / 1024


def articles(folder: Path, paragraphs: bool) -> list[tuple[str, str]]:
    """(name, text) of every article, or of every paragraph of every article."""
    out = []
    for path in sorted(folder.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(folder))
        if not paragraphs:
            out.append((name, text))
            continue
        blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
        for i, block in enumerate(b for b in blocks if b.strip()):
            out.append((f"{name}#{i + 1}", block))
    return out


def where(exc: BaseException) -> str:
    """The innermost frame of the traceback that lies in this repository (else the innermost)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(ROOT) in f.filename and "/.venv/" not in f.filename]
    f = (ours or frames or [None])[-1]
    if f is None:
        return "?"
    return f"{os.path.relpath(f.filename, ROOT)}:{f.lineno} in {f.name}"


def run_one(name: str, text: str) -> Result:
    from vnfacts.extractors import pipeline

    t0 = time.perf_counter()
    try:
        facts = pipeline.extract_text(text, doc=name)
    except Exception as e:  # noqa: BLE001 - every failure is a finding
        return Result(name, len(text), (time.perf_counter() - t0) * 1000,
                      error=f"{type(e).__name__}: {e}"[:300], where=where(e))
    ms = (time.perf_counter() - t0) * 1000
    entities = len(facts.provinces) + len(facts.officials) + len(facts.organisations)
    return Result(name, len(text), ms, sentences=len(facts.sentences), claims=len(facts.claims),
                  entities=entities, examples=[c.quote for c in facts.claims[:5]])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def report(results: list[Result], slowest: int, unit: str) -> None:
    ok = [r for r in results if r.error is None]
    errors = [r for r in results if r.error is not None]
    no_sentences = [r for r in ok if r.sentences == 0]
    no_facts = [r for r in ok if r.sentences and not r.claims and not r.entities]
    print(f"{unit}s: {len(results)}  ok: {len(ok)}  errors: {len(errors)}  "
          f"no sentences: {len(no_sentences)}  sentences but no facts: {len(no_facts)}")
    print(f"claims: {sum(r.claims for r in ok)}  entities: {sum(r.entities for r in ok)}  "
          f"sentences: {sum(r.sentences for r in ok)}")
    if errors:
        print(f"\nerrors ({len(errors)}), by place:")
        by_place: dict[tuple[str, str], list[Result]] = {}
        for r in errors:
            by_place.setdefault((r.where or "?", r.error.split(":")[0]), []).append(r)
        for (place, kind), rs in sorted(by_place.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(rs):4}  {kind} at {place}")
            for r in rs[:8]:
                print(f"          {r.name}: {r.error}")
            if len(rs) > 8:
                print(f"          ... and {len(rs) - 8} more")
    if no_sentences:
        print(f"\nno sentences ({len(no_sentences)}): " + ", ".join(r.name for r in no_sentences[:20])
              + (" ..." if len(no_sentences) > 20 else ""))
    ms = [r.ms for r in results]
    per_kb = [r.ms / r.kb for r in results]
    total_kb = sum(r.kb for r in results)
    print(f"\ntime per {unit}: median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
          f"max {max(ms):.1f} ms; {sum(ms) / total_kb:.1f} ms/KB overall "
          f"(median {statistics.median(per_kb):.1f} ms/KB); total {sum(ms) / 1000:.1f} s for {total_kb:.0f} KB")
    print(f"\nslowest {min(slowest, len(results))}:")
    for r in sorted(results, key=lambda r: -r.ms)[:slowest]:
        print(f"  {r.ms:8.1f} ms  {r.kb:6.1f} KB  {r.ms / r.kb:7.1f} ms/KB  {r.name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="a folder of UTF-8 .txt articles (searched recursively)")
    ap.add_argument("--paragraphs", action="store_true", help="extract each paragraph alone, as an article")
    ap.add_argument("--slowest", type=int, default=10, help="how many of the slowest to list")
    ap.add_argument("--json", type=Path, help="also write every result (one object per article) to this file")
    args = ap.parse_args()
    if not args.folder.is_dir():
        raise SystemExit(f"not a folder: {args.folder}")
    items = articles(args.folder, args.paragraphs)
    if not items:
        raise SystemExit(f"no .txt articles under {args.folder}")

    from vnfacts.extractors import pipeline

    t0 = time.perf_counter()
    pipeline.warm_up()
    warm = time.perf_counter() - t0
    # pipeline.warm_up() leaves underthesea's POS tagger to the first sentence that asks
    # for a tag (a list of nouns after a number); load it here too, and say what it cost,
    # so the first article is not charged for it.
    t1 = time.perf_counter()
    pipeline.extract_text(POS_WARM_UP, doc="warm-up")
    late = (time.perf_counter() - t1) * 1000
    print(f"models warmed in {warm:.1f} s, then {late:.0f} ms more for the first tagged sentence"
          " (neither counted below)\n")
    results = [run_one(name, text) for name, text in items]
    report(results, args.slowest, "paragraph" if args.paragraphs else "article")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
