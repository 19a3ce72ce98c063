"""How long does the command line make a researcher wait? Prints figures; never a timed test.

    python bench/cli_latency.py [--repeat 3] [--prefect]

Every figure is the wall time of a fresh ``vnfacts`` process (the median of ``--repeat``
runs), set against baselines measured in the same run on the same machine:

- ``import``: ``python -c "import vnfacts.extractors"`` (an interpreter that starts and imports the package);
- ``models``: ``python -c "from vnfacts.extractors import pipeline; pipeline.warm_up()"`` (the
  interpreter and the language models loading: what any extraction must pay once).

Measured: ``vnfacts ingest corpus`` into a new SQLite database (the 5 sample articles), the
same again (a no-op: all unchanged), and ``vnfacts ingest /no/such/dir`` (must fail at
once, without creating a database or recording a run). ``--prefect`` measures the same
with ``--prefect`` too: what every ingest cost before, when it always started Prefect's
temporary server.

Targets (issue 11): no-op re-ingest within 2 s of ``models``; the 5 articles within 5 s of
``models``; a missing path within 1 s of ``import``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def timed(cmd: list[str], *, ok: bool = True) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if (done.returncode == 0) != ok:
        sys.exit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return seconds


def median_of(repeat: int, make_cmd, *, before=None, ok: bool = True) -> tuple[float, float, float]:
    runs = []
    for i in range(repeat):
        if before:
            before(i)
        runs.append(timed(make_cmd(i), ok=ok))
    return statistics.median_high(runs), min(runs), max(runs)  # of an even number, the slower middle one


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--prefect", action="store_true", help="also measure with --prefect (Prefect's temporary server)")
    args = ap.parse_args()
    py, vnfacts = str(Path(sys.executable)), str(BIN / "vnfacts")
    work = Path(tempfile.mkdtemp(prefix="vnfacts-bench-"))
    rows = []

    base_import = median_of(args.repeat, lambda i: [py, "-c", "import vnfacts.extractors"])
    base_models = median_of(args.repeat, lambda i: [py, "-c", "from vnfacts.extractors import pipeline; pipeline.warm_up()"])
    rows += [("baseline: import vnfacts.extractors", base_import, None), ("baseline: models loaded", base_models, None)]

    for mode, extra in [("in-process", [])] + ([("--prefect", ["--prefect"])] if args.prefect else []):
        dbs = [work / f"{mode.strip('-')}-{i}.db" for i in range(args.repeat)]
        first = median_of(args.repeat, lambda i, dbs=dbs, extra=extra: [vnfacts, "ingest", "corpus", "--db", str(dbs[i]), *extra])
        noop = median_of(args.repeat, lambda i, dbs=dbs, extra=extra: [vnfacts, "ingest", "corpus", "--db", str(dbs[i]), *extra])
        rows += [(f"ingest 5 articles ({mode})", first, ("models", 5.0)),
                 (f"no-op re-ingest ({mode})", noop, ("models", 2.0))]

    missing_db = work / "missing.db"
    missing = median_of(args.repeat, lambda i: [vnfacts, "ingest", "/no/such/dir", "--db", str(missing_db)], ok=False)
    rows.append(("missing path fails", missing, ("import", 1.0)))
    if missing_db.exists():
        sys.exit("a missing path created a database")

    base = {"import": base_import[0], "models": base_models[0]}
    print(f"{'':34} {'median s':>9} {'range':>13} {'x import':>9} {'x models':>9}  target")
    for name, (med, lo, hi), target in rows:
        verdict = ""
        if target:
            ref, slack = target
            verdict = f"<= {ref} + {slack:g} s: {'ok' if med <= base[ref] + slack else 'MISSED'} ({med - base[ref]:+.2f} s)"
        print(f"{name:34} {med:9.2f} {lo:6.2f}-{hi:<6.2f} {med / base['import']:9.1f} {med / base['models']:9.2f}  {verdict}")


if __name__ == "__main__":
    main()
