"""Scheduling for real, as the README's recipe says: a Prefect server on loopback, a feed
added with ``vnfacts feeds add``, ``vnfacts schedule --interval 5`` serving the deployments,
and a run the *server's scheduler* created (not one made by hand) completing with the
feed's articles in the database.

Everything runs in subprocesses with their own temporary ``PREFECT_HOME``; the flow-run
processes get the stand-in extractor through a ``sitecustomize`` on their ``PYTHONPATH``.
Every subprocess is killed (its whole process group) whatever happens; the waits are
bounded (the scheduled run within 90 s of the deployment appearing).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import fake_extractor_path
from sqlalchemy import select

pytest_plugins = ["conftest_feeds"]

TESTS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
INTERVAL = 5  # seconds between scheduled runs



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


def flow_runs(http: httpx.Client, api: str, deployment_id: str) -> list[dict]:
    r = http.post(f"{api}/flow_runs/filter", json={"deployments": {"id": {"any_": [deployment_id]}},
                                                     "sort": "EXPECTED_START_TIME_ASC", "limit": 200, "offset": 0})
    r.raise_for_status()
    return r.json()


@pytest.mark.slow
@pytest.mark.usefixtures("fake_extractor")
def test_the_server_scheduler_runs_the_feed_deployment_and_stores_the_articles(tmp_path, feed_server, site):
    from vnfacts.schemas.tables import Article, IngestRun
    from vnfacts.store import db

    db_url = f"sqlite:///{tmp_path / 'feeds.db'}"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect-home"
    home.mkdir()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    base_env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_UI_ENABLED="false")
    client_env = {**base_env, "PREFECT_API_URL": api, "PREFECT_RUNNER_POLL_FREQUENCY": "1",
                  "PYTHONPATH": fake_extractor_path(tmp_path)}
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    server = serve = None
    try:
        # 1. prefect server start (and export PREFECT_API_URL=...)
        server = start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                       base_env, server_log)
        http = httpx.Client(timeout=10)
        wait_for("the Prefect server", lambda: http.get(f"{api}/health").status_code == 200, 120, [server_log])

        # 2. vnfacts feeds add URL
        added = subprocess.run([str(BIN / "vnfacts"), "feeds", "add", feed_server.url("/rss.xml"), "--name", "rss",
                                "--db", db_url], env=client_env, capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stderr
        subprocess.run([str(BIN / "vnfacts"), "feeds", "add", feed_server.url("/atom.xml"), "--db", db_url],
                       env=client_env, check=True, capture_output=True, timeout=120)

        # 3. vnfacts schedule --interval 5
        serve = start([str(BIN / "vnfacts"), "schedule", "--interval", str(INTERVAL), "--db", db_url,
                       "--corpus", str(TESTS.parent / "corpus")], client_env, serve_log)

        def deployment():
            r = http.get(f"{api}/deployments/name/ingest_feeds/ingest-feeds")
            return r.json() if r.status_code == 200 else None

        dep = wait_for("the ingest-feeds deployment", deployment, 90, [serve_log, server_log])
        [sched] = dep["schedules"]
        assert sched["schedule"]["interval"] == INTERVAL and sched["active"]
        assert dep["parameters"]["db"] == db_url
        corpus_dep = wait_for("the ingest-corpus deployment",
                              lambda: http.get(f"{api}/deployments/name/ingest_corpus/ingest-corpus").status_code == 200,
                              60, [serve_log, server_log])
        assert corpus_dep

        printed = serve_log.read_text(errors="replace")  # what it serves, when, and where to look
        assert "ingest_feeds/ingest-feeds" in printed and f"every {INTERVAL} seconds" in printed
        assert "next runs:" in printed and f"http://127.0.0.1:{port}/runs" in printed

        # 4. the scheduler creates runs; one of them completes (within 90 s)
        def completed_scheduled_run():
            runs = [r for r in flow_runs(http, api, dep["id"]) if r["auto_scheduled"]]
            return next((r for r in runs if r["state_type"] == "COMPLETED"), None)

        run = wait_for("a scheduled run to complete", completed_scheduled_run, 90, [serve_log, server_log], every=1)
        assert run["state_name"] == "Completed"
        listed = subprocess.run([str(BIN / "prefect"), "flow-run", "ls", "--limit", "50"], env=client_env,
                                capture_output=True, text=True, timeout=120)
        assert listed.returncode == 0, listed.stdout + listed.stderr  # no 422 (FastAPI pinned below 0.151)

        # the other way in the README: prefect.yaml's deployments through a work pool, all at once
        def prefect_cli(*args):
            done = subprocess.run([str(BIN / "prefect"), *args], env=client_env, cwd=TESTS.parent,
                                  capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
            return done.stdout

        prefect_cli("work-pool", "create", "vnfacts", "--type", "process")
        deployed = prefect_cli("--no-prompt", "deploy", "--all")
        assert "ingest_corpus/ingest-corpus" in deployed and "ingest_feeds/ingest-feeds" in deployed
        listing = prefect_cli("deployment", "ls")
        assert "ingest_corpus/ingest-corpus" in listing and "ingest_feeds/ingest-feeds" in listing
        feeds_dep = http.get(f"{api}/deployments/name/ingest_feeds/ingest-feeds").json()
        assert feeds_dep["work_pool_name"] == "vnfacts"
        assert feeds_dep["schedules"][0]["schedule"]["cron"] == "*/30 * * * *"
    finally:
        stop(serve)
        stop(server)

    db.dispose_engines()
    with db.session(db_url) as s:
        arts = list(s.exec(select(Article)).scalars())
        runs = {r.flow_run_id: r for r in s.exec(select(IngestRun)).scalars()}
    assert sorted(a.url for a in arts) == sorted(feed_server.url(f"/a/{a.name}.html") for a in site)
    assert runs[run["id"]].status == "completed"
    assert sum(r.n_new for r in runs.values()) == len(site)
