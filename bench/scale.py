"""Does ingest scale out? Articles/s on 1 and 2 Dask workers against one process (a script, not a test).

    python bench/scale.py [-n 300] [--repeat 3] [--workers 1,2] [--no-postgres]

Builds N articles with ``bench/synthetic_corpus.py`` (real articles varied), then ingests
them, each run in a fresh interpreter and a fresh database, with the language models
already loaded (in the process, or in every Dask worker through ``WarmModels``) so the
figures are the steady state a long backfill runs at:

- ``single``: ``run_flow`` in this process, as ``vnfacts ingest`` does by default;
- ``dask xN``: ``run_dask`` on a ``LocalCluster`` of N worker processes, one thread each,
  the flow process storing.

into SQLite and, when it answers, PostgreSQL (``VNFACTS_TEST_POSTGRES_URL`` or the local
server; a schema of its own per run, dropped after). It prints the median articles/s of
``--repeat`` runs with the range, the speed-up over ``single`` measured in the same run,
peak memory of the flow process and of each worker, and the database size per 1,000
articles. The machine is shared: compare ratios from one run, not figures across runs.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_corpus import write_corpus  # noqa: E402
from throughput import median_of, pg_schema, pg_url  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds this process has used (user + system): what a busy machine cannot steal."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def db_bytes(url: str) -> int:
    import sqlalchemy as sa

    from vnfacts.store.db import get_engine, is_sqlite

    if is_sqlite(url):
        with get_engine(url).connect() as conn:  # move the write-ahead log's pages into the file
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return os.path.getsize(url.split("///", 1)[1])
    with get_engine(url).connect() as conn:
        return int(conn.execute(sa.text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relkind = 'r'")).scalar_one())


def stage_single(folder: str, url: str) -> dict:
    from vnfacts.flows.ingest import run_flow, warm_up

    warm_up()
    t0, c0 = time.perf_counter(), _cpu_s()
    s = run_flow([folder], url, prefect=False)
    return {"seconds": time.perf_counter() - t0, "new": s["new"], "failed": s["failed"], "peak_mb": _peak_mb(),
            "worker_mb": [], "db_bytes": db_bytes(url), "cpu_s": _cpu_s() - c0}


def _worker_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_dask(folder: str, url: str, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from vnfacts.flows.dask_runner import quiet_cluster, run_dask, warm_workers

    with quiet_cluster(), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        warm_workers(client)  # the models load before the clock starts (run_dask registers it again: a no-op)
        w0 = sum(client.run(_cpu_s).values())
        t0, c0 = time.perf_counter(), _cpu_s()
        s = run_dask([folder], url, address=cluster.scheduler_address)
        seconds, cpu = time.perf_counter() - t0, _cpu_s() - c0
        cpu += sum(client.run(_cpu_s).values()) - w0
        worker_mb = sorted(client.run(_worker_peak_mb).values())
    return {"seconds": seconds, "new": s["new"], "failed": s["failed"], "peak_mb": _peak_mb(),
            "worker_mb": worker_mb, "db_bytes": db_bytes(url), "cpu_s": cpu}


STAGES = {"single": stage_single, "dask": stage_dask}


def in_child(name: str, *args) -> dict:
    done = subprocess.run([sys.executable, __file__, "--stage", name, json.dumps(args)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to try")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("stage_args", nargs="?", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(STAGES[args.stage](*json.loads(args.stage_args))))
        return
    n, repeat = args.n, max(1, args.repeat)
    counts = [int(w) for w in args.workers.split(",")]
    pg = None if args.no_postgres else pg_url()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, n)
        results: dict[tuple[str, str], dict] = {}
        for db in ["sqlite"] + (["postgres"] if pg else []):
            runs: dict[str, list[dict]] = {}
            for r in range(repeat):  # interleaved, so a busy minute of the machine hits every setting
                for setting in ["single"] + [f"dask x{w}" for w in counts]:
                    stage, extra = ("single", ()) if setting == "single" else ("dask", (int(setting[6:]),))
                    if db == "sqlite":
                        out = in_child(stage, str(folder), f"sqlite:///{tmp}/{setting.replace(' ', '')}-{r}.db", *extra)
                    else:
                        with pg_schema(pg) as url:
                            out = in_child(stage, str(folder), url, *extra)
                    if out["new"] != n or out["failed"]:
                        raise SystemExit(f"{setting} on {db}: {out['new']} new, {out['failed']} failed of {n}")
                    runs.setdefault(setting, []).append(out)
                    print(f"  {db:8} {setting:8} run {r + 1}: {n / out['seconds']:.1f} art/s", file=sys.stderr)
            for setting, rs in runs.items():
                mid = median_of(rs)
                mid["worker_mb"] = max((r["worker_mb"] for r in rs), key=lambda w: max(w, default=0))
                results[(db, setting)] = mid

    print(f"\n{n} articles (bench/synthetic_corpus.py), models loaded before timing, median of {repeat} "
          f"(art/s range in brackets); {os.cpu_count()} CPUs, load average now {os.getloadavg()[0]:.1f}\n")
    print(f"{'database':9} {'runner':9} {'art/s':>7} {'range':>13} {'x single':>9} {'art/CPU-s':>10} "
          f"{'flow MB':>8} {'worker MB':>12} {'MB/1000 art':>12}")
    for (db, setting), r in results.items():
        rate = n / r["seconds"]
        base = n / results[(db, "single")]["seconds"]
        spread = f"[{n / max(r['all_seconds']):.1f}-{n / min(r['all_seconds']):.1f}]"
        workers = ",".join(f"{m:.0f}" for m in r["worker_mb"]) or "-"
        per_cpu = n / r["cpu_s"] if r.get("cpu_s") else float("nan")
        print(f"{db:9} {setting:9} {rate:7.1f} {spread:>13} {rate / base:9.2f} {per_cpu:10.1f} {r['peak_mb']:8.0f} "
              f"{workers:>12} {r['db_bytes'] / n * 1000 / 1e6:12.1f}")
    print("\ntarget: dask x2 >= 1.7x single on 2 free cores. art/CPU-s (articles per CPU-second of every process,"
          "\nflow and workers, the database's own excluded) is what sharing the machine does not change: equal"
          "\nfigures for single and dask xN mean Dask adds no work, so on N free cores xN runs N times as fast"
          "\nup to the writer's limit.")


if __name__ == "__main__":
    main()
