"""Snapshot everything the extractors produce on every gold set, and compare two snapshots.

A refactoring of ``extractors/`` must leave its output unchanged; the gold scores only see
what the gold files annotate. This writes, per article, one canonical JSON of the whole
``ArticleFacts`` (metadata, sentences, boilerplate, entities with every mention, claims,
events, warnings; all spans) and of ``parse_structure``'s ``Structure`` (paragraph kinds,
rubric, dateline), leaving out only the rules fingerprint, which changes with any edit::

    python bench/extraction_snapshot.py /work/collected/snap-before     # on the old commit
    python bench/extraction_snapshot.py /tmp/snap-after --compare /work/collected/snap-before

``--compare`` prints each article that differs and the first paths where it does, and exits 1
if any does. The hash seed is fixed (the script re-runs itself under ``PYTHONHASHSEED=0``)
because a few outputs have depended on it.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_CORPORA = ("corpus", "../shared/realdev/corpus", "tests/realpages/corpus", "tests/heldout*/corpus")
VOLATILE = {"extractor_version"}  # the rules fingerprint: any edit to extractors/ changes it


def corpora(root: Path = ROOT) -> Iterator[tuple[str, Path]]:
    """(name, folder) of each gold set here; the name is its path from the repository
    (``tests_heldout2_corpus``, ``shared_realdev_corpus``), the same wherever the repository is."""
    for pattern in GOLD_CORPORA:
        found = sorted(root.glob(pattern)) if "*" in pattern else [root / pattern]
        for d in found:
            if d.is_dir():
                yield re.sub(r"\W+", "_", d.relative_to(root).as_posix()).strip("_"), d
            else:
                print(f"skipped {pattern} (not here)", file=sys.stderr)


def canonical(value: Any) -> Any:
    """``value`` with the volatile keys left out, recursively."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def snapshot_article(path: Path) -> dict:
    from vnfacts.extractors.pipeline import extract_file
    from vnfacts.extractors.structure import parse_structure
    from vnfacts.extractors.text import prepare, read_article

    facts = extract_file(path).model_dump(mode="json")
    facts["source"] = path.name  # the absolute path: another checkout has another
    structure = parse_structure(prepare(read_article(path, [])))
    return canonical({"facts": facts,
                      "structure": json.loads(json.dumps(dataclasses.asdict(structure), default=str))})


def write_snapshot(out: Path) -> int:
    n = 0
    for name, corpus in corpora():
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(corpus.glob("*.txt")):
            data = snapshot_article(path)
            (target / f"{path.stem}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            n += 1
    return n


def differences(a: Any, b: Any, where: str = "") -> Iterator[str]:
    """Paths (``facts.claims[3].value``) where ``a`` and ``b`` differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield f"{where}.{k}: only in {'after' if k not in a else 'before'}"
            else:
                yield from differences(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} items before, {len(b)} after"
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            yield from differences(x, y, f"{where}[{i}]")
    elif a != b:
        yield f"{where}: {a!r} -> {b!r}"


def compare(before: Path, after: Path, shown: int = 5) -> int:
    """Print what differs between two snapshot folders; the number of articles that do."""
    names = sorted({p.relative_to(before) for p in before.rglob("*.json")}
                   | {p.relative_to(after) for p in after.rglob("*.json")})
    changed = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {'after' if not a.exists() else 'before'}")
            changed += 1
            continue
        diffs = list(differences(json.loads(a.read_text(encoding="utf-8")),
                                 json.loads(b.read_text(encoding="utf-8"))))
        if diffs:
            changed += 1
            print(f"{name}: {len(diffs)} difference(s)")
            for d in diffs[:shown]:
                print(f"    {d}")
    print(f"{len(names)} articles compared, {changed} differ")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the snapshot into (emptied first)")
    parser.add_argument("--compare", type=Path, metavar="DIR", help="a snapshot to compare the new one with")
    args = parser.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    if args.out.exists():
        for p in sorted(args.out.rglob("*.json")):
            p.unlink()
    n = write_snapshot(args.out)
    print(f"{n} articles written to {args.out}")
    if args.compare:
        return 1 if compare(args.compare, args.out) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
