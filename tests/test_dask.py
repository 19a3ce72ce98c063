"""``ingest --runner dask``: a real ``distributed.LocalCluster`` of worker processes stores
exactly what one process stores, row for row, even when a worker is killed mid-run.

Real extractors (the point is that parallel extraction changes nothing) on the bundled
corpus and the real-pages development set: 40 articles, cut into small batches so each
worker gets several.
"""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
import sqlalchemy as sa

from vnfacts.flows import dask_runner
from vnfacts.flows.ingest import Item, on_progress, run_flow
from vnfacts.store import db as store_db

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev" / "corpus"
SMALL_BATCHES = 20_000  # bytes: ~5 articles a batch, ~10 batches over 40 articles

DROPPED = {"id", "run_id", "source_id"}  # a run's own numbering, not what it found


def canonical_dump(url: str) -> dict[str, list[tuple]]:
    """Every article-owned row of every table, keyed by the article's locator instead of its id,
    with row ids, run ids and timestamps dropped and references to an article's sentences,
    entities, events and claims given as their rank within the article (so two databases filled in
    different orders compare equal exactly when they hold the same facts)."""
    engine = sa.create_engine(store_db.resolve_url(url))
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        locator = dict(conn.execute(sa.text("SELECT article_id, MIN(locator) FROM article_sources GROUP BY article_id")).all())
        ranks: dict[str, dict[int, int]] = {}
        for name in ("sentences", "entities", "events", "claims"):
            rows = conn.execute(sa.text(f"SELECT id, article_id FROM {name} ORDER BY article_id, id")).all()
            seen: dict[int, int] = {}
            ranks[name] = {}
            for rid, aid in rows:
                ranks[name][rid] = seen[aid] = seen.get(aid, -1) + 1
        refs = {"sentence_id": "sentences", "entity_id": "entities", "event_id": "events", "claim_id": "claims"}
        dump: dict[str, list[tuple]] = {}
        for table in meta.sorted_tables:
            key = "id" if table.name == "articles" else "article_id"
            if key not in table.c:
                continue
            cols = [c.name for c in table.c
                    if c.name == key or (c.name not in DROPPED and not c.name.endswith("_at"))]
            out = []
            for row in conn.execute(sa.select(*[table.c[c] for c in cols])).mappings():
                values = {c: row[c] for c in cols}
                values[key] = locator[row[key]]
                for c, target in refs.items():
                    if values.get(c) is not None:
                        values[c] = ranks[target][values[c]]
                out.append(tuple(str(values[c]) for c in cols))
            dump[table.name] = sorted(out)
        # the observations, kept current article by article, come out the same in any order
        dump["observations"] = sorted(tuple(map(str, r)) for r in conn.execute(sa.text(
            "SELECT indicator, province, period, modality, unit, value, value_max, qualifier, conflict, "
            "n_claims, n_articles FROM observations")).all())
    engine.dispose()
    return dump


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("dask") / "corpus"
    shutil.copytree(ROOT / "corpus", dest)
    if REALDEV.is_dir():
        for f in sorted(REALDEV.glob("*.txt")):
            shutil.copy(f, dest / f.name)
    return dest


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory) -> dict[str, list[tuple]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('one') / 'one.db'}"
    summary = run_flow([str(corpus)], url, prefect=False)
    assert summary["new"] == len(list(corpus.glob("*.txt"))) and summary["failed"] == 0
    return canonical_dump(url)


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_batches_are_cut_by_bytes_of_text_not_by_count():
    items = [Item(path=f"{i}.txt", locator=str(i), source="s", text="x" * size)
             for i, size in enumerate([60, 30, 30, 100, 250, 10])]
    sizes = [[len(i.text or "") for i in b] for b in dask_runner.byte_batches(items, max_bytes=100)]
    assert sizes == [[60, 30], [30], [100], [250], [10]]  # one larger than a batch goes alone


def test_a_small_corpus_gets_batches_small_enough_to_keep_every_worker_busy():
    items = [Item(path=f"{i}.txt", locator=str(i), source="s", text="x" * 1000) for i in range(80)]
    assert dask_runner.batch_bytes_for(items, threads=2) == 10_000  # 4 batches a worker thread
    many = items * 100
    assert dask_runner.batch_bytes_for(many, threads=2) == dask_runner.DEFAULT_BATCH_BYTES


def test_address_without_the_dask_runner_is_refused_before_anything_runs(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([str(Path(sys.executable).parent / "vnfacts"), "ingest", str(ROOT / "corpus"), "--db",
                           str(tmp_path / "x.db"), "--address", "tcp://127.0.0.1:1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "--address needs --runner dask" in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_two_dask_workers_store_what_one_process_stores_row_for_row(corpus, single_process, cluster, tmp_path):
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    summary = run_flow([str(corpus)], url, prefect=False, runner="dask", address=cluster.scheduler_address,
                       batch_bytes=SMALL_BATCHES)
    assert (summary["new"], summary["failed"]) == (single_process["articles"].__len__(), 0)
    dump = canonical_dump(url)
    assert dump.keys() == single_process.keys()
    for table in dump:
        assert dump[table] == single_process[table], table
    assert len(dump["claims"]) > 300  # the comparison covers real facts


def test_a_worker_killed_mid_run_loses_nothing(corpus, single_process, cluster, tmp_path):
    from distributed import Client

    url = f"sqlite:///{tmp_path / 'killed.db'}"
    killed: list[int] = []
    with Client(cluster) as client:
        before = set(client.run(os.getpid).values())

        def kill_a_busy_worker(event: str, locator: str) -> None:
            if event != "new" or killed:
                return
            busy = [w for w, keys in client.processing().items() if keys]
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)  # in the middle of a batch: the first stored, others in flight
            killed.append(pid)

        with on_progress(kill_a_busy_worker):
            summary = run_flow([str(corpus)], url, prefect=False, runner="dask",
                               address=cluster.scheduler_address, batch_bytes=SMALL_BATCHES)
        client.wait_for_workers(2, timeout=60)  # the nanny restarted it
        after = set(client.run(os.getpid).values())
    assert killed and killed[0] in before and killed[0] not in after
    assert (summary["new"], summary["failed"]) == (len(single_process["articles"]), 0)
    assert canonical_dump(url) == single_process


def test_orchestrated_on_prefects_dask_task_runner_stores_the_same_rows(corpus, single_process, prefect_harness,
                                                                        monkeypatch, tmp_path):
    """``--prefect``: the flow on ``DaskTaskRunner``, each batch an ``extract-batch`` task run whose
    engine, in a worker process, reports to the same Prefect server (given in the environment)."""
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())  # what the spawned workers read
    url = f"sqlite:///{tmp_path / 'prefect.db'}"
    summary = run_flow([str(corpus)], url, prefect=True, runner="dask", workers=2, batch_bytes=SMALL_BATCHES)
    assert (summary["new"], summary["failed"]) == (len(single_process["articles"]), 0)
    assert canonical_dump(url) == single_process
    with store_db.session(url) as s:
        flow_run_id = s.exec(sa.text("SELECT flow_run_id FROM ingest_runs")).scalar_one()
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:  # the workers' task runs reached this server
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    batches = [r for r in task_runs if r.name.startswith("extract-batch")]
    assert len(batches) >= 4 and all(r.state is not None and r.state.is_completed() for r in batches)


def test_the_local_cluster_is_started_with_dasks_housekeeping_slowed_and_the_environment_restored(monkeypatch):
    import dask

    from vnfacts.flows.dask_runner import quiet_cluster

    monkeypatch.setenv("DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL", "20ms")  # the user's own setting wins
    monkeypatch.delenv("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", raising=False)
    with quiet_cluster():
        assert os.environ["DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"] == "False"  # what worker processes inherit
        assert dask.config.get("distributed.worker.profile.enabled") is False
        assert os.environ["DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL"] == "20ms"
    assert "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED" not in os.environ
