"""What keeping observations current costs an ingest. Prints figures; never a timed test.

    python bench/observations.py [-n 300] [--repeat 3] [--postgres URL]

Extracts the bundled corpus and ``../shared/realdev/corpus`` once, then saves N copies
(each under its own locator, its numbers unchanged: so every copy's claims land on the
same observation keys, the worst case for upkeep) into a fresh SQLite database twice in
the same run: with the observations hook as shipped, and with it switched off (the
baseline). Prints both times, their ratio, and the time of a full
``observations.rebuild`` of the result.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev" / "corpus"


def facts_of_corpus() -> list:
    from vnfacts.extractors.pipeline import extract_file

    paths = sorted((ROOT / "corpus").glob("*.txt")) + (sorted(REALDEV.glob("*.txt")) if REALDEV.is_dir() else [])
    return [extract_file(p) for p in paths]


def ingest(url: str, facts: list, n: int, *, hook: bool) -> float:
    from vnfacts.store import db, load, observations

    saved = (observations.note_leaving, observations.refresh_article)
    if not hook:
        observations.note_leaving = lambda *a, **k: None  # type: ignore[assignment]
        observations.refresh_article = lambda *a, **k: 0  # type: ignore[assignment]
    try:
        db.upgrade(url)
        with db.session(url) as s:
            started = time.perf_counter()
            for i in range(n):
                f = facts[i % len(facts)]
                copy = f.model_copy(update={"source": f"{f.source}#{i}", "content_hash": f"{f.content_hash}-{i}"})
                load.save_article(s, copy)
            return time.perf_counter() - started
    finally:
        observations.note_leaving, observations.refresh_article = saved
        db.dispose_engines()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    facts = facts_of_corpus()
    on, off, rebuilds = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeat):
            off.append(ingest(f"sqlite:///{tmp}/off{r}.db", facts, args.n, hook=False))
            on.append(ingest(f"sqlite:///{tmp}/on{r}.db", facts, args.n, hook=True))
            from vnfacts.store import db, observations

            with db.session(f"sqlite:///{tmp}/on{r}.db") as s:
                result = observations.rebuild(s)
                rebuilds.append(result["seconds"])
            db.dispose_engines()
    m_on, m_off = statistics.median(on), statistics.median(off)
    print(f"{args.n} articles ({len(facts)} distinct texts), SQLite, median of {args.repeat}:")
    print(f"  save without observations (baseline): {m_off:.2f} s ({args.n / m_off:.0f} articles/s)")
    print(f"  save keeping observations current:    {m_on:.2f} s ({args.n / m_on:.0f} articles/s)")
    print(f"  ratio: {m_on / m_off:.2f}x the baseline")
    print(f"  full rebuild afterwards: {statistics.median(rebuilds):.2f} s "
          f"({result['observations']} observations from {result['level_claims']} claims)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
