"""Scheduling for real: a Prefect server on loopback, ``vnfacts schedule`` serving the
deployments, a scheduled run of ingest-feeds, and the feed's articles in the database.

Everything runs in subprocesses with their own temporary ``PREFECT_HOME``; the flow-run
processes get the stand-in extractor through a ``sitecustomize`` on their ``PYTHONPATH``.
Every subprocess is killed (its whole process group) whatever happens.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

pytest_plugins = ["conftest_feeds"]

TESTS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

SITECUSTOMIZE = '''
import sys, types
sys.path.insert(0, {tests!r})
try:
    import conftest, extractors
    fake = types.ModuleType("extractors.pipeline")
    fake.content_hash = conftest.content_hash
    fake.extract_text = conftest.fake_extract_text
    fake.extract_file = conftest.fake_extract_file
    fake.warm_up = lambda: None
    sys.modules["extractors.pipeline"] = fake
    extractors.pipeline = fake
except Exception as e:  # never break the interpreter
    print("sitecustomize:", e, file=sys.stderr)
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd, env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    try:  # whatever the group still holds (flow-run children)
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def wait_for(what: str, check, timeout: float, logs: list[Path], every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except (httpx.HTTPError, OSError):
            result = None
        if result:
            return result
        time.sleep(every)
    tails = "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    pytest.fail(f"timed out waiting for {what} ({timeout:g} s)\n{tails}")


@pytest.mark.slow
@pytest.mark.usefixtures("fake_extractor")
def test_a_scheduled_run_on_a_real_prefect_server_stores_the_feed(tmp_path, feed_server, site):
    from schemas.tables import Article, IngestRun
    from store import db

    db_url = f"sqlite:///{tmp_path / 'feeds.db'}"
    db.upgrade(db_url)
    from flows import feed_registry as registry

    with db.session(db_url) as s:
        registry.add_feed(s, feed_server.url("/rss.xml"), "rss")
        registry.add_feed(s, feed_server.url("/atom.xml"), "atom")

    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect-home"
    home.mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE.format(tests=str(TESTS)))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    base_env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
    client_env = {**base_env, "PREFECT_API_URL": api, "PREFECT_RUNNER_POLL_FREQUENCY": "1",
                  "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(TESTS)]),
                  "VNFACTS_DATABASE_URL": db_url}
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    server = serve = None
    try:
        server = start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                       base_env, server_log)
        http = httpx.Client(timeout=10)
        wait_for("the Prefect server", lambda: http.get(f"{api}/health").status_code == 200, 120, [server_log])

        serve = start([str(BIN / "vnfacts"), "schedule", "--db", db_url, "--corpus", str(TESTS.parent / "corpus")],
                      client_env, serve_log)

        def deployment():
            r = http.get(f"{api}/deployments/name/ingest_feeds/ingest-feeds")
            return r.json() if r.status_code == 200 else None

        dep = wait_for("the ingest-feeds deployment", deployment, 90, [serve_log, server_log])
        [sched] = dep["schedules"]
        assert sched["schedule"]["cron"] == "*/30 * * * *"
        assert sched["schedule"]["timezone"] == "Asia/Ho_Chi_Minh" and sched["active"]
        assert dep["parameters"]["db"] == db_url
        def corpus_deployment():  # serve registers the two one after the other
            r = http.get(f"{api}/deployments/name/ingest_corpus/ingest-corpus")
            return r.json() if r.status_code == 200 else None

        corpus_dep = wait_for("the ingest-corpus deployment", corpus_deployment, 60, [serve_log, server_log])
        assert corpus_dep["schedules"] == [] and corpus_dep["parameters"]["paths"] == [str(TESTS.parent / "corpus")]

        # a run in the Scheduled state, due now: what the scheduler makes every 30 minutes
        now = dt.datetime.now(dt.UTC).isoformat()
        for _ in range(10):  # a server busy starting its services answers 503 for a moment
            r = http.post(f"{api}/deployments/{dep['id']}/create_flow_run",
                          json={"state": {"type": "SCHEDULED", "name": "Scheduled",
                                          "state_details": {"scheduled_time": now}}})
            if r.status_code != 503:
                break
            time.sleep(2)
        assert r.status_code in (200, 201), r.text
        run_id = r.json()["id"]
        assert r.json()["state"]["type"] == "SCHEDULED"

        def finished():
            state = http.get(f"{api}/flow_runs/{run_id}").json()["state"]
            return state if state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = wait_for("the scheduled flow run", finished, 180, [serve_log, server_log], every=1)
        assert state["type"] == "COMPLETED", (state, serve_log.read_text(errors="replace")[-3000:])
    finally:
        stop(serve)
        stop(server)

    db.dispose_engines()
    with db.session(db_url) as s:
        arts = list(s.exec(select(Article)).scalars())
        runs = list(s.exec(select(IngestRun)).scalars())
    assert sorted(a.url for a in arts) == sorted(feed_server.url(f"/a/{a.name}.html") for a in site)
    assert [(r.status, r.n_new, r.flow_run_id) for r in runs] == [("completed", 5, run_id)]
