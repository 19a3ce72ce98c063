"""``ingest_corpus`` on a Dask cluster: workers extract, this process stores.

    vnfacts ingest PATH --runner dask [--address tcp://HOST:8786 | --workers N]

- **Where**: a running scheduler (``address``; ``dask scheduler`` and ``dask worker ...
  --nthreads 1 --preload vnfacts.flows.dask_preload`` on each machine) or a
  ``distributed.LocalCluster`` of ``N`` worker processes, one thread each (underthesea is
  not thread-safe, and Python threads would not run extraction in parallel anyway).
- **Models once per worker**: ``WarmModels``, a worker plugin registered with the client
  before any batch is sent, loads underthesea and the rule files when a worker starts
  (and again in a worker the nanny restarts), never per task.
- **Batches by size**: ``byte_batches`` cuts the files into batches of about
  ``max_bytes`` of text, so a batch of long reports costs about as much as one of briefs.
- **Streaming**: at most ``2 x threads`` batches are in flight; each result is stored as
  soon as it arrives (whichever batch finishes first) and released on the cluster, so
  neither this process nor a worker holds more than a few batches whatever the corpus size.
  Releasing also matters when a worker dies: Dask recomputes only what is still wanted,
  so a lost worker's unfinished batches are rerun elsewhere and nothing stored is redone.
- **One writer**: the workers only extract; this process stores each article in its own
  transaction with ``store.load.save_article`` (the same code and outcomes as every other
  path). Storing costs ~1-2 ms an article against ~30-50 ms to extract it, so one writer
  keeps up with a few dozen workers, on SQLite (which wants one writer) and PostgreSQL alike.

Two ways to drive it, with the same batches and results: ``run_dask`` talks to the cluster
with a plain ``distributed.Client`` (no Prefect server: what ``vnfacts ingest --runner dask``
does by default), and inside an orchestrated ``ingest_corpus`` flow run on Prefect's
``DaskTaskRunner`` the batches are ``extract-batch`` task runs (``--prefect``).
"""
from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from typing import Any

# Dask's INFO and WARNING lines (workers joining, leaving, slow to close) only when Prefect's are asked for
# (``vnfacts ingest -v``); workers inherit the setting through the environment.
os.environ.setdefault("DASK_LOGGING__DISTRIBUTED",
                      "info" if os.environ.get("PREFECT_LOGGING_LEVEL", "").upper() in ("INFO", "DEBUG") else "error")
logging.getLogger("distributed").setLevel(os.environ["DASK_LOGGING__DISTRIBUTED"].upper())

import dask  # noqa: E402
from distributed import Client, LocalCluster, WorkerPlugin, wait  # noqa: E402
from prefect import task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from vnfacts.flows.ingest import (  # noqa: E402
    Item,
    OpenRun,
    extract_items,
    ingest_run,
    known_versions,
    load_retrying,
    run_summary,
    warm_up,
)

DEFAULT_BATCH_BYTES = 200_000  # ~50 articles of news; ~1-2 s of one worker's time
IN_FLIGHT_PER_THREAD = 2  # one running, one queued: no worker waits on this process


class WarmModels(WorkerPlugin):
    """Load the extractors' models when a Dask worker starts, once per worker process."""

    name = "vnfacts-warm-models"

    def setup(self, worker: Any) -> None:
        warm_up()


def item_bytes(item: Item) -> int:
    """What an article weighs for batching: its text's UTF-8 size, or its file's size."""
    if item.text is not None:
        return len(item.text.encode("utf-8"))
    try:
        return os.path.getsize(item.path)
    except OSError:
        return 1  # unreadable: extract_items records it as an error, at no cost


def byte_batches(items: Iterable[Item], max_bytes: int = DEFAULT_BATCH_BYTES) -> Iterator[list[Item]]:
    """Consecutive batches of about ``max_bytes`` of text (an article larger than that is a batch alone)."""
    batch: list[Item] = []
    size = 0
    for item in items:
        n = item_bytes(item)
        if batch and size + n > max_bytes:
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


Submit = Callable[[list[Item], dict[str, tuple[str, str]]], Any]


def batch_bytes_for(items: list[Item], threads: int, max_bytes: int = DEFAULT_BATCH_BYTES) -> int:
    """``max_bytes``, or less for a corpus too small to give every worker thread 4 batches of it
    (a 300-article run in 200 KB batches would leave one of two workers idle for its last one)."""
    total = sum(item_bytes(i) for i in items)
    return max(1, min(max_bytes, total // (4 * max(1, threads))))


def stream_batches(run: OpenRun, submit: Submit, *, in_flight: int, max_bytes: int = DEFAULT_BATCH_BYTES,
                   result: Callable[[Any], list[tuple[Any, ...]]], dask_future: Callable[[Any], Any] = lambda f: f,
                   store: Callable[..., None] = load_retrying) -> None:
    """Send batches to the cluster, at most ``in_flight`` at a time, and store each result as it
    comes back (first finished, first stored). ``submit(batch, known)`` returns a future;
    ``dask_future`` finds the ``distributed.Future`` in it, ``result`` reads it."""
    todo = byte_batches(run.items, batch_bytes_for(run.items, in_flight // IN_FLIGHT_PER_THREAD, max_bytes))
    pending: dict[Any, Any] = {}  # distributed.Future -> what submit returned

    def top_up() -> None:
        while len(pending) < in_flight:
            batch = next(todo, None)
            if batch is None:
                return
            future = submit(batch, known_versions(run.db, batch))
            pending[dask_future(future)] = future

    top_up()
    while pending:
        done, _ = wait(list(pending), return_when="FIRST_COMPLETED")
        for key in done:
            results = result(pending.pop(key))
            key.release()  # the worker may drop it; a lost worker's finished batches are not redone
            store(results, db=run.db, run_id=run.run_id, sources=run.sources, tally=run.tally)
        top_up()


# Dask's periodic housekeeping, slowed for long CPU-bound batches: the workers' sampling
# profiler (every 10 ms), work stealing (every 100 ms: batches are few and even), the event
# loops' tick and the system and memory monitors. On the 2-core machine this took the cost
# of 2 workers from 37.7 to 40.4-41.9 articles per CPU-second and their speed-up over one
# process from 1.50x to 1.57-1.62x (three runs of bench/scale.py -n 300 --repeat 3; one
# more, noisy, gave 1.49x). Set for the
# LocalCluster started here; a cluster of your own takes them as DASK_DISTRIBUTED__...
# variables (docs/scale.md).
QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _env_name(key: str) -> str:
    """``distributed.admin.tick.interval`` -> ``DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL``."""
    return "DASK_" + "__".join(part.upper().replace("-", "_") for part in key.split("."))


@contextlib.contextmanager
def quiet_cluster() -> Iterator[None]:
    """:data:`QUIET_CLUSTER` for a ``LocalCluster`` started inside: in this process's config
    (the scheduler) and in the environment its worker processes are started with (a
    ``dask.config.set`` alone does not reach them). Settings the environment already holds win."""
    added = {_env_name(k): str(v) for k, v in QUIET_CLUSTER.items() if _env_name(k) not in os.environ}
    os.environ.update(added)
    try:
        with dask.config.set({k: v for k, v in QUIET_CLUSTER.items() if _env_name(k) in added}):
            yield
    finally:
        for name in added:
            os.environ.pop(name, None)


@contextlib.contextmanager
def dask_client(address: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a ``LocalCluster`` of ``workers`` processes
    with one thread each, started here and closed on exit; either way with ``WarmModels`` registered."""
    if address:
        with Client(address) as client:
            warm_workers(client)
            yield client
        return
    with quiet_cluster(), \
            LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        warm_workers(client)
        yield client


def warm_workers(client: Client) -> None:
    """Register ``WarmModels``: every worker, present and future, loads the models once."""
    client.register_plugin(WarmModels())


def threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def run_dask(paths: list[str], db: str | None = None, *, address: str | None = None, workers: int = 2,
             max_bytes: int = DEFAULT_BATCH_BYTES, flow_run_id: str | None = None) -> dict[str, Any]:
    """Ingest ``paths`` with the batches extracted on Dask and stored here (no Prefect server)."""
    t0 = time.perf_counter()
    with dask_client(address, workers) as client, ingest_run(paths, db, flow_run_id) as run:
        stream_batches(run, lambda batch, known: client.submit(extract_items, batch, known, pure=False),
                       in_flight=IN_FLIGHT_PER_THREAD * threads(client), max_bytes=max_bytes,
                       result=lambda f: f.result())
    return run_summary(run, t0)


@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(batch: list[dict[str, Any]], known: dict[str, tuple[str, str]]) -> list[tuple[Any, ...]]:
    """``extract_items`` as a Prefect task on Dask. The items travel as dicts: prefect-dask walks
    a task's parameters to swap Prefect futures for Dask ones, and rebuilds dataclasses (and
    ``quote`` annotations) as tuples."""
    return extract_items([Item(**i) for i in batch], known)


def dask_task_runner(address: str | None = None, workers: int = 2) -> Any:
    """Prefect's ``DaskTaskRunner`` for ``address``, or for a ``LocalCluster`` like ``dask_client``'s."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": max(1, workers), "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


def run_in_flow(paths: list[str], db: str | None, *, max_bytes: int, flow_run_id: str | None) -> dict[str, Any]:
    """The body of an orchestrated ``ingest_corpus`` run on a ``DaskTaskRunner``: each batch an
    ``extract-batch`` task run on the cluster, stored here as it finishes."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    assert ctx is not None
    client: Client = ctx.task_runner.client  # type: ignore[attr-defined]  # the DaskTaskRunner's own
    warm_workers(client)
    t0 = time.perf_counter()
    with ingest_run(paths, db, flow_run_id) as run, client.as_current():  # as_current: for wait()
        stream_batches(run, lambda batch, known: extract_batch.submit([asdict(i) for i in batch], known),
                       in_flight=IN_FLIGHT_PER_THREAD * threads(client), max_bytes=max_bytes,
                       result=lambda f: f.result(), dask_future=lambda f: f.wrapped_future)
    return run_summary(run, t0)
