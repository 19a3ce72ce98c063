"""Without a Prefect server, ``vnfacts ingest`` and ``vnfacts feeds run`` run their flows in
the process: they work with Prefect's temporary server forbidden
(``PREFECT_SERVER_ALLOW_EPHEMERAL_MODE=false``, no ``PREFECT_API_URL``), which makes any
attempt at orchestration fail. Real command-line processes, stand-in extractor."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import fake_extractor_path

pytest_plugins = ["conftest_feeds"]

BIN = Path(sys.executable).parent


def vnfacts(env, *args):
    done = subprocess.run([str(BIN / "vnfacts"), *map(str, args)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_ingest_and_feeds_run_need_no_prefect_server(tmp_path, corpus_copy, feed_server, site):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ALLOW_EPHEMERAL_MODE="false",
               PREFECT_SERVER_ANALYTICS_ENABLED="false", PYTHONPATH=fake_extractor_path(tmp_path))
    db = tmp_path / "local.db"
    first = vnfacts(env, "ingest", corpus_copy, "--db", db)
    assert "ingest run 1" in first.stdout
    again = vnfacts(env, "ingest", corpus_copy, "--db", db)
    assert "ingest run 2" in again.stdout

    vnfacts(env, "feeds", "add", feed_server.url("/rss.xml"), "--db", db)
    fed = vnfacts(env, "feeds", "run", "--db", db)
    assert "3 new" in fed.stdout

    runs = json.loads(vnfacts(env, "query", "runs", "--format", "json", "--db", db).stdout)
    assert [(r["n_new"], r["n_unchanged"], r["flow_run_id"]) for r in reversed(runs)] == [
        (5, 0, None), (0, 5, None), (3, 0, None)]  # no Prefect flow runs: nothing was orchestrated
