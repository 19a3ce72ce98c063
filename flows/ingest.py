"""The ``ingest_corpus`` Prefect flow: article files -> facts -> database, idempotently.

    discover files -> batches -> extract (task per batch) -> load (task per batch,
    one transaction per article) -> run summary

The pure parts (finding files, batching, deciding what is unchanged) are plain functions
so they can be tested and reused without Prefect. Extraction is skipped for an article
whose (locator, content hash, extractor version) is already stored: that is the cache,
and it lives in the database, so it survives restarts and works across machines.

Two ways to run the flow, with the same code and the same results (``run_flow``):

- **in-process** (``ingest_corpus.fn(...)``, Prefect's documented way of calling a flow's
  function without orchestration): when no Prefect server is configured. No API server,
  no flow-run records; the batches are the same plain functions, and loading retries a
  transient database error just as the ``load-batch`` task does.
- **orchestrated** (``ingest_corpus(...)``): when ``PREFECT_API_URL`` is set (a deployment
  run, ``vnfacts ingest --prefect``): a tracked flow run with one task run per batch,
  retries, and the UI.

Prefect is kept quiet (no analytics, WARNING-level logs) unless the caller asks for more:
set the environment *before* this module imports prefect, as ``vnfacts.cli.main`` does for
``--verbose``.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import contextlib
import errno
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

from vnfacts import extractors
from vnfacts.flows import budget
from vnfacts.sources import page
from vnfacts.store import db as store_db
from vnfacts.store import load

DEFAULT_BATCH = 64  # a Prefect task costs ~50 ms: 64 articles make it ~1 ms each
LOAD_RETRY_DELAYS = (1, 3, 10)  # seconds before each retry of a batch after a transient database error


# -- the pure part ---------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One article file to ingest: its identity (``locator``) and the corpus it came from."""

    path: str
    locator: str
    source: str  # the folder given on the command line (or the file's folder)
    text: str | None = None  # already-read text (a fetched web page, flows.feeds); else read from path
    doc: str | None = None  # the document name to record; default: the file name


def discover(paths: Iterable[str | os.PathLike]) -> tuple[list[Item], list[tuple[str, str]]]:
    """Every ``*.txt`` file (any case: ``*.TXT``) under each folder, sorted, and each file given;
    plus ``(path, reason)`` for what was asked for or found but cannot be an article.

    Nothing here stops the run: a path that does not exist, a folder that can be listed
    but not entered, a ``.txt`` that is a dangling or looping symbolic link, a named pipe
    or a device each become a reason (an error row) and the rest is read. Links to folders
    are not followed (``os.walk``'s default), so a link loop cannot make the walk endless.
    """
    items, problems, seen = [], [], set()
    for p in map(Path, paths):
        try:
            is_dir = p.is_dir()
        except OSError as e:
            problems.append((str(p), f"cannot read: {e.strerror or e}"))
            continue
        if is_dir:
            root, files = p.resolve(), _article_files(p, problems)
        elif p.exists() or p.is_symlink():
            reason = _not_an_article_file(p)
            if reason is not None:
                problems.append((str(p), reason))
                continue
            root, files = p.resolve().parent, [p]
        else:
            problems.append((str(p), "no such file or folder"))
            continue
        for f in files:
            locator = str(f.resolve())
            if locator not in seen:
                seen.add(locator)
                items.append(Item(path=str(f), locator=locator, source=str(root)))
    return items, problems


def _article_files(folder: Path, problems: list[tuple[str, str]]) -> list[Path]:
    """The ``*.txt`` files under ``folder`` in path order; what cannot be read goes to ``problems``."""
    found: list[Path] = []

    def cannot_enter(e: OSError) -> None:
        problems.append((str(e.filename or folder), f"cannot read the folder: {e.strerror or e}"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=cannot_enter):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(".txt"):
                path = Path(dirpath, name)
                reason = _not_an_article_file(path)
                if reason is None:
                    found.append(path)
                else:
                    problems.append((str(path), reason))
    return sorted(found)


def _not_an_article_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as an article file (``None``: a regular file, or a link to one)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a symbolic link to nothing (dangling)" if path.is_symlink() else "no such file or folder"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a folder" if stat.S_ISDIR(mode)
            else "not a regular file")
    return f"{kind}, not a file: skipped"


def batches(items: list, size: int) -> Iterator[list]:
    size = max(1, int(size))
    for i in range(0, len(items), size):
        yield items[i:i + size]


def is_transient(exc: BaseException) -> bool:
    """Errors worth retrying: the connection dropped, the database was busy or restarting."""
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError)):
        return True
    return isinstance(exc, DBAPIError) and bool(getattr(exc, "connection_invalidated", False))


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading an article file raises for a bad file (empty, binary, undecodable, gone, a
    saved web page with no article in it)."""
    from vnfacts.extractors.text import ArticleReadError

    return (ArticleReadError, OSError, page.PageError)


def _saved_page_text(html: str, locator: str) -> str:
    """The article in a web page saved as a file, written as a corpus file (title, date, paragraphs),
    as ``flows.feeds`` does for a fetched page; a page with no article body raises ``PageError``."""
    found = page.read_page(html.encode("utf-8"), locator, "text/html; charset=utf-8")
    return page.article_text(found.title, found.date, found.paragraphs, found.author)


_warm_lock = threading.Lock()
_warmed: list[object] = []  # the pipeline module warmed in this process (tests swap in a stand-in)


def warm_up() -> None:
    """Load the extractors' models once per process (underthesea's lazy load is not thread-safe:
    a Dask worker's plugin and its task thread may both ask, so the first holds the others back)."""
    from vnfacts.extractors import pipeline

    with _warm_lock:
        if pipeline not in _warmed:
            pipeline.warm_up()
            _warmed[:] = [pipeline]


def extract_items(batch: list[Item], known: dict[str, tuple[str, str]]) -> list[tuple]:
    """Read and extract a batch. Returns ``("unchanged", item)``, ``("facts", item, facts)``
    or ``("error", item, reason)`` for each item, in order. Never raises for one bad article;
    one whose extraction outlasts its time budget (``flows.budget``) is an error."""
    from vnfacts.extractors import pipeline
    from vnfacts.extractors.text import read_article

    out, warm = [], False
    for item in batch:
        try:
            notes: list[str] = []  # bytes the decoder had to replace, said as warnings
            text = item.text if item.text is not None else read_article(item.path, notes)
            if item.text is None and page.looks_like_html(text):  # a web page saved as .txt
                text = _saved_page_text(text, item.locator)
        except read_errors() as e:
            out.append(("error", item, getattr(e, "reason", None) or str(e)))
            _notify("read", item.locator)
            continue
        if known.get(item.locator) == (pipeline.content_hash(text), extractors.EXTRACTOR_VERSION):
            out.append(("unchanged", item))
            _notify("read", item.locator)
            continue
        if not warm:  # the models load only when an article needs them (a no-op re-run never does)
            _notify("loading", item.locator)
            warm_up()
            warm = True
        try:
            with budget.time_budget(budget.article_seconds()):  # one slow article must not stall the run
                facts = pipeline.extract_text(text, doc=item.doc or Path(item.path).name, source=item.locator)
            if notes:
                facts = pipeline.with_read_notes(facts, notes)
        except budget.ArticleTimeout as e:
            out.append(("error", item, f"extraction {e}"))
            _notify("read", item.locator)
            continue
        except Exception as e:  # an extractor bug on one article must not stop the run
            out.append(("error", item, f"extraction failed: {type(e).__name__}: {e}"))
            _notify("read", item.locator)
            continue
        out.append(("facts", item, facts))
        _notify("read", item.locator)
    return out


class Tally:
    """The run's counts, and what the progress bar is told after every article."""

    KEYS = ("files", "new", "unchanged", "replaced", "failed", "claims", "entities")

    def __init__(self, on_article: Callable[[str, str], None] | None = None):
        self.counts = dict.fromkeys(self.KEYS, 0)
        self.errors: list[tuple[str, str]] = []
        self.on_article = on_article

    def add(self, outcome: str, locator: str, facts=None, reason: str | None = None) -> None:
        self.counts[outcome] += 1
        if outcome == "failed":
            self.errors.append((locator, reason or ""))
        if facts is not None and outcome in ("new", "replaced"):
            self.counts["claims"] += len(facts.claims)
            self.counts["entities"] += len(facts.provinces) + len(facts.officials) + len(facts.organisations)
        if self.on_article is not None:
            self.on_article(outcome, locator)


def load_items(results: list[tuple], *, db: str | None, run_id: int, sources: dict[str, int],
               tally: Tally, save=None) -> None:
    """Store a batch, one transaction per article. Transient database errors propagate (the
    load task retries them); anything else about one article becomes an error row."""
    save = save or load.save_article
    with store_db.session(db) as session:
        for result in results:
            kind, item = result[0], result[1]
            source_id = sources.get(item.source)
            if kind == "unchanged":
                tally.add("unchanged", item.locator)
            elif kind == "error":
                load.record_error(session, run_id=run_id, locator=item.path, reason=result[2], source_id=source_id)
                tally.add("failed", item.locator, reason=result[2])
            else:
                facts = result[2]
                try:
                    outcome = save(session, facts, run_id=run_id, source_id=source_id)
                except Exception as e:
                    if is_transient(e):
                        raise
                    reason = f"could not store: {type(e).__name__}: {str(e).splitlines()[0][:500]}"
                    load.record_error(session, run_id=run_id, locator=item.path, reason=reason, source_id=source_id)
                    tally.add("failed", item.locator, reason=reason)
                    continue
                tally.add(outcome, item.locator, facts)


def load_once(results: list[tuple], *, tally: Tally, **kw) -> None:
    """``load_items``, leaving ``tally`` as it was if the batch fails (so a retry counts it afresh:
    articles saved before the failure come back ``unchanged``)."""
    counts, n_errors = dict(tally.counts), len(tally.errors)
    try:
        load_items(results, tally=tally, **kw)
    except Exception:
        tally.counts, tally.errors[n_errors:] = counts, []
        raise


def load_retrying(results: list[tuple], *, delays=LOAD_RETRY_DELAYS, sleep=time.sleep, **kw) -> None:
    """``load_once`` with the ``load-batch`` task's retries, for the in-process path."""
    for delay in (*delays, None):
        try:
            return load_once(results, **kw)
        except Exception as e:
            if delay is None or not is_transient(e):
                raise
            sleep(delay)


# -- progress --------------------------------------------------------------------------

_progress: list[Callable[[str, str], None]] = []


@contextlib.contextmanager
def on_progress(callback: Callable[[str, str], None]):
    """Call ``callback(event, locator)`` while the flow runs in this process. Events: ``loading``
    (the models are about to load, before the first article that needs them), ``read`` (an
    article was read and extracted or found unchanged; not sent from other processes), then
    its outcome when stored: ``new``, ``unchanged``, ``replaced`` or ``failed``."""
    _progress.append(callback)
    try:
        yield
    finally:
        _progress.remove(callback)


def _notify(event: str, locator: str) -> None:
    for cb in list(_progress):
        cb(event, locator)


# -- Prefect ---------------------------------------------------------------------------

def prefect_server_configured() -> bool:
    """Whether Prefect has an API to talk to (``PREFECT_API_URL``, from the environment or the profile)."""
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)


def orchestrated() -> bool:
    """True inside a Prefect flow run; False when the flow's function is called directly (``.fn``)."""
    from prefect.context import FlowRunContext

    return FlowRunContext.get() is not None


@task(name="extract-batch", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(batch: list[Item], known: dict[str, tuple[str, str]]) -> list[tuple]:
    return extract_items(batch, known)


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except Exception as e:
        return is_transient(e)
    return False


@task(name="load-batch", cache_policy=NO_CACHE, persist_result=False, retries=3,
      retry_delay_seconds=[1, 3, 10], retry_condition_fn=_retry_transient)
def load_batch(results: list[tuple], db: str | None, run_id: int, sources: dict[str, int], tally: Tally) -> None:
    load_once(results, db=db, run_id=run_id, sources=sources, tally=tally)


def _in_process_pool() -> bool:
    from prefect.context import FlowRunContext
    from prefect.task_runners import ProcessPoolTaskRunner

    ctx = FlowRunContext.get()
    return ctx is not None and isinstance(ctx.task_runner, ProcessPoolTaskRunner)


def _on_dask() -> bool:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"


def _flow_run_id() -> str | None:
    try:
        from prefect.runtime import flow_run
        return str(flow_run.id) if flow_run.id else None
    except Exception:  # pragma: no cover
        return None


@dataclass
class OpenRun:
    """What a run's batches need: the files, the run's id, source ids, the tally."""

    db: str | None
    items: list[Item]
    run_id: int
    sources: dict[str, int]
    tally: Tally


@contextlib.contextmanager
def ingest_run(paths: list[str], db: str | None, flow_run_id: str | None = None) -> Iterator[OpenRun]:
    """Migrate, find the files, open an ``ingest_runs`` row (missing paths recorded as errors),
    and close it when the block ends: ``completed``, or ``failed`` if it raised. Shared by every
    way of running the batches (in this process, a process pool, Prefect, Dask)."""
    store_db.upgrade(db)
    items, missing = discover(paths)
    tally = Tally(_notify)
    tally.counts["files"] = len(items) + len(missing)
    with store_db.session(db) as session:
        run_id = load.begin_run(session, [str(p) for p in paths], extractors.EXTRACTOR_VERSION, flow_run_id).id
        sources = {s: load.get_source(session, s, "folder").id for s in dict.fromkeys(i.source for i in items)}
        for path, reason in missing:
            load.record_error(session, run_id=run_id, locator=path, reason=reason)
            tally.add("failed", path, reason=reason)
    status = "failed"
    try:
        yield OpenRun(db, items, run_id, sources, tally)
        status = "completed"
    finally:
        with store_db.session(db) as session:
            load.end_run(session, run_id, tally.counts, status)


def known_versions(db: str | None, batch: list[Item]) -> dict[str, tuple[str, str]]:
    """What the database already holds of ``batch`` (the extraction cache's key)."""
    with store_db.session(db) as session:
        return load.stored_versions(session, [i.locator for i in batch])


def run_summary(run: OpenRun, started: float) -> dict:
    return {"run_id": run.run_id, **run.tally.counts, "seconds": round(time.perf_counter() - started, 2),
            "errors": run.tally.errors}


def run_ingest(paths: list[str], db: str | None = None, batch_size: int = DEFAULT_BATCH, workers: int = 1,
               *, extract=extract_items, store=load_items, flow_run_id: str | None = None) -> dict:
    """The whole ingest as one function; the flow passes its tasks in as ``extract``/``store``."""
    t0 = time.perf_counter()
    with ingest_run(paths, db, flow_run_id) as run:
        pending: deque = deque()
        kw = {"db": db, "run_id": run.run_id, "sources": run.sources, "tally": run.tally}
        for batch in batches(run.items, batch_size):
            pending.append(extract(batch, known_versions(db, batch)))
            while len(pending) > max(0, workers - 1) * 2:  # bounded look-ahead: memory stays flat
                store(_resolve(pending.popleft()), **kw)
        while pending:
            store(_resolve(pending.popleft()), **kw)
    return run_summary(run, t0)


def _resolve(x):
    return x.result() if hasattr(x, "result") and callable(x.result) else x


@flow(name="ingest_corpus", log_prints=False, persist_result=False, validate_parameters=True)
def ingest_corpus(paths: list[str], db: str | None = None, batch_size: int = DEFAULT_BATCH,
                  workers: int = 1, runner: str = "local", address: str | None = None,
                  batch_bytes: int | None = None) -> dict:
    """Ingest article files (folders are searched for ``*.txt``) into the database.

    ``workers > 1`` extracts batches in that many processes; loading stays in this one.
    ``runner="dask"`` extracts on a Dask cluster (``address``, else ``workers`` local worker
    processes) in batches of ``batch_bytes`` of text (``flows.dask_runner``).
    Called as ``ingest_corpus.fn(...)`` (no flow run), the same steps run as plain functions.
    """
    if runner == "dask":
        from vnfacts.flows import dask_runner

        size = batch_bytes or dask_runner.DEFAULT_BATCH_BYTES
        if orchestrated() and _on_dask():
            return dask_runner.run_in_flow(paths, db, max_bytes=size, flow_run_id=_flow_run_id())
        return dask_runner.run_dask(paths, db, address=address, workers=workers, max_bytes=size)
    if not orchestrated():
        return _ingest_in_process(paths, db, batch_size, workers)
    if workers > 1 and not _in_process_pool():
        workers = 1  # the default runner uses threads, which underthesea does not survive
    if workers > 1:
        store_db.dispose_engines()  # never share pooled connections with forked children
        extract = lambda batch, known: extract_batch.submit(quote(batch), quote(known))  # noqa: E731
    else:
        extract = lambda batch, known: extract_batch(quote(batch), quote(known))  # noqa: E731

    def store(results, **kw):
        # quote(): Prefect would otherwise walk every fact looking for futures
        load_batch(quote(results), kw["db"], kw["run_id"], quote(kw["sources"]), quote(kw["tally"]))

    return run_ingest(paths, db, batch_size, workers, extract=extract, store=store, flow_run_id=_flow_run_id())


def _ingest_in_process(paths: list[str], db: str | None, batch_size: int, workers: int) -> dict:
    if workers <= 1:
        return run_ingest(paths, db, batch_size, 1, store=load_retrying)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    store_db.dispose_engines()  # never share pooled connections with the children
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return run_ingest(paths, db, batch_size, workers, store=load_retrying,
                          extract=lambda batch, known: pool.submit(extract_items, batch, known))


def run_flow(paths: list[str], db: str | None = None, batch_size: int = DEFAULT_BATCH, workers: int = 1,
             *, prefect: bool | None = None, runner: str = "local", address: str | None = None,
             batch_bytes: int | None = None) -> dict:
    """Run ``ingest_corpus``: orchestrated by Prefect when ``prefect`` is true (default: when a
    Prefect server is configured), else in this process through ``ingest_corpus.fn``.

    Orchestrated with ``workers > 1``, batches go to a process pool (threads would break underthesea);
    with ``runner="dask"``, to Prefect's ``DaskTaskRunner``.
    """
    paths = [str(p) for p in paths]
    if prefect is None:
        prefect = prefect_server_configured()
    dask = {"runner": runner, "address": address, "batch_bytes": batch_bytes} if runner == "dask" else {}
    if not prefect:
        return ingest_corpus.fn(paths, db, batch_size, workers, **dask)
    if dask:
        from vnfacts.flows.dask_runner import dask_task_runner

        return ingest_corpus.with_options(task_runner=dask_task_runner(address, workers))(
            paths, db, batch_size, workers, **dask)
    if workers > 1:
        from prefect.task_runners import ProcessPoolTaskRunner

        return ingest_corpus.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers))(
            paths, db, batch_size, workers)
    return ingest_corpus(paths, db, batch_size, workers)
