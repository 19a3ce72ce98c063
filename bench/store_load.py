"""What storing costs, alone: articles/s of ``store.load.save_article`` (a script, not a test).

    python bench/store_load.py [-n 2000] [--repeat 3] [--no-postgres]

Extracts the real articles once (``corpus/`` and ``../shared/realdev/corpus``), then saves
their facts ``n`` times under new locators and hashes (each a new article, one transaction
each, as ``ingest`` does) into a fresh database: SQLite, and PostgreSQL with an article's
larger tables sent by ``COPY`` (``store.bulk``) and, for comparison in the same run, by
``executemany`` only. What it answers: how many extracting workers one writer keeps up
with (a worker extracts ~15-40 articles/s), and what COPY buys.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import db_bytes  # noqa: E402
from synthetic_corpus import SOURCES  # noqa: E402
from throughput import pg_schema, pg_url  # noqa: E402


def facts_of_real_articles() -> list:
    from vnfacts.extractors import pipeline

    pipeline.warm_up()
    return [pipeline.extract_text(p.read_text(encoding="utf-8"), doc=p.name, source=str(p))
            for d in SOURCES if d.is_dir() for p in sorted(d.glob("*.txt"))]


def save_all(url: str, facts: list, n: int) -> float:
    from vnfacts.store import db, load

    db.upgrade(url)
    with db.session(url) as session:
        t0 = time.perf_counter()
        for i in range(n):
            f = facts[i % len(facts)]
            f = f.model_copy(update={"source": f"{f.source}#{i}", "content_hash": f"{i:08d}{f.content_hash[8:]}"})
            assert load.save_article(session, f) == "new"
        seconds = time.perf_counter() - t0
    db.dispose_engines()
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    from vnfacts.store import bulk

    facts = facts_of_real_articles()
    rows = sum(len(f.sentences) + len(f.claims) + sum(len(e.mentions) for e in [*f.provinces, *f.officials,
                                                                                 *f.organisations]) for f in facts)
    pg = None if args.no_postgres else pg_url()
    copy_min = bulk.COPY_MIN_ROWS
    settings = [("SQLite", None)] + ([("PostgreSQL, COPY", copy_min), ("PostgreSQL, executemany", 10 ** 9)] if pg else [])
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeat):
            for name, threshold in settings:
                if threshold is None:
                    url = f"sqlite:///{tmp}/store-{r}.db"
                    times.setdefault(name, []).append(save_all(url, facts, args.n))
                    sizes[name] = db_bytes(url)
                    continue
                bulk.COPY_MIN_ROWS = threshold
                with pg_schema(pg) as url:
                    times.setdefault(name, []).append(save_all(url, facts, args.n))
                    sizes[name] = db_bytes(url)
    print(f"{args.n} articles saved (from {len(facts)} real ones, ~{rows / len(facts):.0f} rows each), "
          f"median of {args.repeat}\n")
    print(f"{'database':26} {'art/s':>7} {'range':>15} {'ms/article':>11} {'MB/1000 art':>12}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:26} {args.n / med:7.0f} {f'[{args.n / max(ts):.0f}-{args.n / min(ts):.0f}]':>15} "
              f"{1000 * med / args.n:11.2f} {sizes[name] / args.n * 1000 / 1e6:12.1f}")


if __name__ == "__main__":
    main()
