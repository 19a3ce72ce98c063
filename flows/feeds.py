"""The ``ingest_feeds`` Prefect flow: registered feeds -> new article pages -> facts -> database.

    poll feeds (conditional GET, parse)  ->  plan (which entries are new or changed)
    -> fetch pages (batch task, threads, per-host limit)  ->  page text in corpus shape
    -> extract-batch + load-batch: the very tasks of ``ingest_corpus`` (flows.ingest)

Once a page is text, it goes through exactly the code a corpus file goes through:
``flows.ingest.extract_items`` (cache check, ``extractors.pipeline.extract_text``) and
``flows.ingest.load_items`` (``store.load.save_article``, one transaction per article,
error rows). The page's canonical URL is the article's locator.

De-duplication: an entry whose canonical URL is already stored (reached through another
feed, or stored before) is linked to its article without fetching the page; a page whose
text is already stored under another URL (republished) is linked by ``save_article``'s
content-hash check. Every feed's entry points at the one article (``feed_entries``).

Faults: a feed that is down, a 404 page, a page that times out or keeps answering 5xx
after its retries, a page without an extractable body -- each is an ``ingest_errors`` row
naming the URL and the reason, and the run goes on. Safety: articles are committed one
by one; an entry is marked done only after its article is stored; a feed's
``ETag``/``Last-Modified`` are saved only once all its entries were dealt with (and none
is waiting for a retry), so a run that dies half-way is simply read again by the next.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from urllib.parse import unquote, urlsplit

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from vnfacts import extractors
from vnfacts.flows.ingest import (
    Item,
    Tally,
    batches,
    extract_batch,
    extract_items,
    load_batch,
    load_items,
    load_retrying,
    orchestrated,
    prefect_server_configured,
)
from vnfacts.schemas.facts import ExtractionWarning
from vnfacts.sources.feed import FeedEntry, FeedError, parse_feed
from vnfacts.sources.fetch import FetchConfig, Fetcher, FetchError
from vnfacts.sources.page import PageError, article_text, read_page
from vnfacts.store import db as store_db
from vnfacts.store import feed_registry as registry
from vnfacts.store import load

DEFAULT_BATCH = 16
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

log = logging.getLogger("vnfacts.feeds")


# -- options and the values passed between steps ----------------------------------------

@dataclass(frozen=True)
class FeedOptions:
    """How a run fetches (all plain values, so they can be flow/deployment parameters)."""

    batch_size: int = DEFAULT_BATCH   # pages per task
    page_workers: int = 8             # pages fetched at once (per host: ``per_host``)
    per_host: int = 2
    timeout: float = 20.0
    total_timeout: float = 120.0      # one request, connect + headers + body, redirects included
    allow_private: bool | None = None  # None: $VNFACTS_ALLOW_PRIVATE_ADDRESSES (sources.guard)
    allow_hosts: tuple[str, ...] = ()  # host[:port] that may be private all the same
    retries: int = 3
    backoff: float = 1.0
    max_backoff: float = 30.0
    max_attempts: int = registry.MAX_ATTEMPTS
    min_chars: int = 200

    def fetch_config(self) -> FetchConfig:
        return FetchConfig(timeout=self.timeout, total_timeout=self.total_timeout, retries=self.retries,
                           backoff=self.backoff, max_backoff=self.max_backoff, per_host=self.per_host,
                           allow_private=self.allow_private, allow_hosts=self.allow_hosts)


@dataclass(frozen=True)
class FeedRef:
    id: int
    url: str
    name: str | None
    source_id: int | None
    etag: str | None
    last_modified: str | None


@dataclass
class FeedPoll:
    feed: FeedRef
    status: str                       # ok | not-modified | malformed | failed
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str | None = None        # malformed but read, or entries without links
    error: str | None = None          # why the feed could not be read


@dataclass
class PageJob:
    url: str                          # canonical: the article's locator
    link: str                         # what to fetch
    entry: FeedEntry                  # the first entry that named it (title/date/author fallbacks)
    source: str                       # feed URL of that entry (-> sources row)
    claims: list[tuple[int, str, str]] = field(default_factory=list)  # (feed_id, entry key, fingerprint)


@dataclass
class PageResult:
    url: str
    text: str | None = None
    doc: str | None = None
    error: str | None = None
    retryable: bool = False
    encoding: str | None = None
    note: str | None = None           # decoding had to correct the page's declared charset


@dataclass
class FeedStats:
    id: int
    url: str
    name: str | None
    status: str = "pending"
    http_status: int | None = None
    entries: int = 0       # entries in the feed's response
    new: int = 0           # articles stored for the first time
    updated: int = 0       # entries updated in place whose article was replaced
    linked: int = 0        # entries whose article was already stored (other feed, republished)
    errors: int = 0
    problem: str | None = None

    def row(self) -> dict:
        return asdict(self)


# -- the pure steps ----------------------------------------------------------------------

def poll_feed(feed: FeedRef, fetcher: Fetcher) -> FeedPoll:
    """Conditional GET of one feed and its entries; never raises for a bad feed."""
    try:
        resp = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT)
    except FetchError as e:
        return FeedPoll(feed, "failed", http_status=e.status, error=f"feed unavailable: {e.reason}")
    if resp.not_modified:
        return FeedPoll(feed, "not-modified", http_status=304, etag=feed.etag, last_modified=feed.last_modified)
    try:
        parsed = parse_feed(resp.content, resp.final_url, resp.headers)
    except FeedError as e:
        return FeedPoll(feed, "failed", http_status=resp.status, error=e.reason,
                        etag=resp.etag, last_modified=resp.last_modified)
    problem = parsed.problem
    if parsed.skipped:
        note = f"{len(parsed.skipped)} entr{'y' if len(parsed.skipped) == 1 else 'ies'} without a link skipped"
        problem = f"{problem}; {note}" if problem else note
    return FeedPoll(feed, "malformed" if parsed.problem else "ok", http_status=resp.status, etag=resp.etag,
                    last_modified=resp.last_modified, entries=parsed.entries, problem=problem)


def poll_all(feeds: list[FeedRef], options: FeedOptions) -> list[FeedPoll]:
    with Fetcher(options.fetch_config()) as fetcher, ThreadPoolExecutor(max(1, min(len(feeds), options.page_workers))) as pool:
        return list(pool.map(lambda f: poll_feed(f, fetcher), feeds)) if feeds else []


def doc_name(url: str) -> str:
    """A short document name for a page URL: its last path segment, else its host."""
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return segment or parts.hostname or url


def fetch_page(job: PageJob, fetcher: Fetcher, min_chars: int = 200) -> PageResult:
    """Fetch one page and write it as corpus-shaped text; failures come back as reasons."""
    try:
        resp = fetcher.get(job.link, accept=PAGE_ACCEPT)
        page = read_page(resp.content, job.url, resp.content_type, min_chars=min_chars)
    except FetchError as e:
        return PageResult(job.url, error=e.reason, retryable=e.retryable)
    except PageError as e:
        return PageResult(job.url, error=e.reason, retryable=False)
    except Exception as e:  # a bug on one page must not stop the run
        return PageResult(job.url, error=f"could not read the page: {type(e).__name__}: {str(e)[:300]}")
    e = job.entry
    text = article_text(page.title or e.title, page.date or e.date, page.paragraphs, page.author or e.author)
    return PageResult(job.url, text=text, doc=doc_name(job.url), encoding=page.encoding, note=page.note)


def fetch_all(jobs: list[PageJob], options: FeedOptions) -> list[PageResult]:
    if not jobs:
        return []
    with Fetcher(options.fetch_config()) as fetcher, ThreadPoolExecutor(max(1, min(len(jobs), options.page_workers))) as pool:
        return list(pool.map(lambda j: fetch_page(j, fetcher, options.min_chars), jobs))


# -- progress ----------------------------------------------------------------------------

_progress: list[Callable[[str, str], None]] = []


@contextlib.contextmanager
def on_progress(callback: Callable[[str, str], None]):
    """``callback(event, detail)`` while a run goes in this process. Events: ``feed``
    (detail ``"<status> <url>"``), ``planned`` (detail: number of pages to fetch), then per
    page ``new``/``replaced``/``unchanged``/``failed`` and per entry ``linked`` (detail: URL)."""
    _progress.append(callback)
    try:
        yield
    finally:
        _progress.remove(callback)


def _notify(event: str, detail: str) -> None:
    for cb in list(_progress):
        try:
            cb(event, detail)
        except Exception:  # pragma: no cover - a progress bar must not break a run
            pass


def _logger():
    try:
        from prefect import get_run_logger

        return get_run_logger()
    except Exception:
        return log


# -- the run -----------------------------------------------------------------------------

def _resolve(x):
    return x.result() if hasattr(x, "result") and callable(x.result) else x


def run_feeds(db: str | None = None, feeds: list[str] | None = None, options: FeedOptions | None = None, *,
              poll=poll_all, fetch=fetch_all, extract=extract_items, store=load_items,
              flow_run_id: str | None = None) -> dict:
    """One pass over the feeds; the flow passes its tasks in as ``poll``/``fetch``/``extract``/``store``.

    Returns the run summary: totals, ``feeds`` (one dict per feed: status, entries, new,
    updated, linked, errors, problem) and ``errors`` (``(url, reason)`` pairs).
    """
    opts = options or FeedOptions()
    t0 = time.perf_counter()
    logger = _logger()
    store_db.upgrade(db)
    with store_db.session(db) as session:
        refs = [FeedRef(f.id, f.url, f.name, f.source_id, f.etag, f.last_modified)
                for f in registry.active_feeds(session, feeds)]
        for i, ref in enumerate(refs):
            if ref.source_id is None:  # a feed row made without its sources row
                src = load.get_source(session, ref.url, "feed")
                refs[i] = FeedRef(ref.id, ref.url, ref.name, src.id, ref.etag, ref.last_modified)
        run = load.begin_run(session, [r.url for r in refs], extractors.EXTRACTOR_VERSION, flow_run_id)
    stats = {r.id: FeedStats(r.id, r.url, r.name) for r in refs}
    source_ids = {r.url: r.source_id for r in refs}
    outcomes: dict[str, str] = {}
    tally = Tally(lambda outcome, locator: outcomes.__setitem__(locator, outcome))
    polls: list[FeedPoll] = []
    status = "failed"
    try:
        polls = _resolve(poll(refs, opts))
        jobs = _plan(db, run.id, polls, stats, tally, opts, logger)
        tally.counts["files"] += len(jobs)
        _notify("planned", str(len(jobs)))
        for batch in batches(jobs, opts.batch_size):
            results = _resolve(fetch(batch, opts))
            _ingest_batch(db, run.id, batch, results, stats, source_ids, tally, outcomes, opts, extract, store)
        status = "completed"
    finally:
        try:
            _finish_feeds(db, polls, stats, complete=status == "completed")
        finally:
            with store_db.session(db) as session:
                load.end_run(session, run.id, tally.counts, status)
    summary = {"run_id": run.id, **tally.counts, "seconds": round(time.perf_counter() - t0, 2),
               "feeds": [s.row() for s in stats.values()], "errors": tally.errors}
    logger.info("feeds run %s: %s new, %s replaced, %s failed in %.1f s", run.id, summary["new"],
                summary["replaced"], summary["failed"], summary["seconds"])
    return summary


def _plan(db, run_id: int, polls: list[FeedPoll], stats: dict[int, FeedStats], tally: Tally,
          opts: FeedOptions, logger) -> list[PageJob]:
    """Record feed failures; link entries already stored; return the pages to fetch (one per URL)."""
    jobs: dict[str, PageJob] = {}
    with store_db.session(db) as session:
        for p in polls:
            st = stats[p.feed.id]
            st.status, st.http_status, st.entries, st.problem = p.status, p.http_status, len(p.entries), p.problem or p.error
            _notify("feed", f"{p.status} {p.feed.url}")
            if p.status == "failed":
                logger.warning("feed %s: %s", p.feed.url, p.error)
                load.record_error(session, run_id=run_id, locator=p.feed.url, reason=p.error or "feed unavailable",
                                  source_id=p.feed.source_id)
                tally.counts["files"] += 1
                tally.add("failed", p.feed.url, reason=p.error)
                st.errors += 1
                _record_final_poll(session, p, st)
                continue
            if p.status == "not-modified":
                _record_final_poll(session, p, st)
            if p.problem:
                logger.warning("feed %s: %s", p.feed.url, p.problem)
            if not p.entries:
                continue
            states = registry.entry_states(session, p.feed.id, [e.key for e in p.entries])
            known = registry.stored_urls(session, [e.url for e in p.entries])
            for e in p.entries:
                state = states.get(e.key)
                if state is not None and state.fingerprint == e.fingerprint:
                    if state.status == "stored" and state.article_id is not None:
                        continue  # seen, unchanged
                    if state.status == "failed":
                        continue  # failed for good; tried again when the entry changes
                changed = state is not None and state.fingerprint != e.fingerprint and state.status == "stored"
                if not changed and e.url in known and e.url not in jobs:
                    registry.mark_entry(session, p.feed.id, e.key, e.url, e.fingerprint, article_id=known[e.url])
                    st.linked += 1
                    _notify("linked", e.url)
                    continue
                job = jobs.get(e.url)
                if job is None:
                    job = jobs[e.url] = PageJob(url=e.url, link=e.link, entry=e, source=p.feed.url)
                elif changed:
                    job.entry = e  # an entry updated in place has the newer metadata
                job.claims.append((p.feed.id, e.key, e.fingerprint))
    return list(jobs.values())


def _ingest_batch(db, run_id: int, batch: list[PageJob], results: list[PageResult], stats, source_ids,
                  tally: Tally, outcomes: dict[str, str], opts: FeedOptions, extract, store) -> None:
    """Texts -> the corpus extract/load code; then each entry is marked with its article or error."""
    items, failed = [], {}
    notes = {job.url: res.note for job, res in zip(batch, results) if res.note}
    with store_db.session(db) as session:
        for job, res in zip(batch, results):
            if res.text is None:
                load.record_error(session, run_id=run_id, locator=job.url, reason=res.error or "unknown error",
                                  source_id=source_ids.get(job.source))
                tally.add("failed", job.url, reason=res.error)
                failed[job.url] = (res.error, res.retryable)
                continue
            items.append(Item(path=job.url, locator=job.url, source=job.source, text=res.text, doc=res.doc))
        known = load.stored_versions(session, [i.locator for i in items])
    if items:
        outcomes.clear()
        n_errors = len(tally.errors)
        store(_with_notes(_resolve(extract(items, known)), notes), db=db, run_id=run_id, sources=source_ids,
              tally=tally)
        reasons = dict(tally.errors[n_errors:])
        for item in items:
            if outcomes.get(item.locator) == "failed":
                failed[item.locator] = (reasons.get(item.locator, "could not extract or store"), False)
    with store_db.session(db) as session:
        for job in batch:
            outcome = "failed" if job.url in failed else outcomes.get(job.url, "failed")
            owner = stats[job.claims[0][0]] if job.claims else None
            if outcome == "failed":
                reason, retryable = failed.get(job.url, ("not stored", False))
                for feed_id, key, fingerprint in job.claims:
                    registry.mark_entry(session, feed_id, key, job.url, fingerprint, error=reason,
                                        retryable=retryable, max_attempts=opts.max_attempts)
                    stats[feed_id].errors += 1
                _notify("failed", job.url)
                continue
            article_id = load.find_article_id(session, job.url)
            for i, (feed_id, key, fingerprint) in enumerate(job.claims):
                registry.mark_entry(session, feed_id, key, job.url, fingerprint, article_id=article_id)
                if i > 0:
                    stats[feed_id].linked += 1  # the same page through a second feed in this run
            if owner is not None:
                if outcome == "new":
                    owner.new += 1
                elif outcome == "replaced":
                    owner.updated += 1
                elif job.url not in known:
                    owner.linked += 1  # text already stored under another URL (republished)
                # else: fetched again (entry changed, or a retry) and the text had not changed
            _notify(outcome, job.url)


def _with_notes(results: list[tuple], notes: dict[str, str]) -> list[tuple]:
    """Extraction results with each page's decoding note as a ``decode`` warning of its facts
    (as ``extractors.pipeline.with_read_notes`` does for a file)."""
    for result in results:
        if result[0] == "facts" and result[1].locator in notes:
            facts = result[2]
            facts.warnings = [ExtractionWarning(extractor="decode", error=notes[result[1].locator]), *facts.warnings]
    return results


def _record_final_poll(session, p: FeedPoll, st: FeedStats) -> bool:
    """Record at once the feeds whose outcome the poll settles (failed, not modified): a run
    killed while it fetches the other feeds' pages leaves them recorded all the same."""
    if p.status == "failed":
        registry.record_feed_result(session, p.feed.id, status="failed", http_status=p.http_status,
                                    error=p.error, entries=0, new=0, errors=st.errors)
    elif p.status == "not-modified":
        registry.record_feed_result(session, p.feed.id, status="not-modified", http_status=304,
                                    error=None, entries=0, new=0, errors=0)
    else:
        return False
    return True


def _finish_feeds(db, polls: list[FeedPoll], stats: dict[int, FeedStats], *, complete: bool) -> None:
    with store_db.session(db) as session:
        polled = {p.feed.id for p in polls}
        for st in stats.values():
            if st.id not in polled:  # the run stopped before this feed was read: say so on its row
                st.status, st.problem = "failed", "the run stopped before this feed was read"
                registry.record_feed_result(session, st.id, status="failed", http_status=None,
                                            error=st.problem, entries=0, new=0, errors=st.errors)
        for p in polls:
            st = stats[p.feed.id]
            if _record_final_poll(session, p, st):
                continue
            retries_left = registry.pending_retries(session, p.feed.id)
            done = complete and retries_left == 0
            status, note = p.status, None
            if retries_left:
                status = "partial"
                note = f"{retries_left} entr{'y' if retries_left == 1 else 'ies'} to retry next run"
            elif not complete:
                status, note = "partial", "the run stopped before every entry was read"
            if note:
                st.problem = f"{st.problem}; {note}" if st.problem else note
            st.status = status
            registry.record_feed_result(session, p.feed.id, status=status, http_status=p.http_status,
                                        error=st.problem, entries=st.entries, new=st.new, errors=st.errors,
                                        etag=p.etag, last_modified=p.last_modified, keep_validators=not done)


# -- Prefect -----------------------------------------------------------------------------

@task(name="poll-feeds", cache_policy=NO_CACHE, persist_result=False)
def poll_feeds_task(feeds: list[FeedRef], options: FeedOptions) -> list[FeedPoll]:
    return poll_all(feeds, options)


@task(name="fetch-pages", cache_policy=NO_CACHE, persist_result=False)
def fetch_pages_task(jobs: list[PageJob], options: FeedOptions) -> list[PageResult]:
    return fetch_all(jobs, options)


def _flow_run_id() -> str | None:
    try:
        from prefect.runtime import flow_run

        return str(flow_run.id) if flow_run.id else None
    except Exception:  # pragma: no cover
        return None


@flow(name="ingest_feeds", log_prints=False, persist_result=False, validate_parameters=True)
def ingest_feeds(db: str | None = None, feeds: list[str] | None = None, batch_size: int = DEFAULT_BATCH,
                 page_workers: int = 8, per_host: int = 2, timeout: float = 20.0, retries: int = 3,
                 backoff: float = 1.0, max_attempts: int = registry.MAX_ATTEMPTS,
                 total_timeout: float = 120.0) -> dict:
    """Read every active feed (or the ``feeds`` named: ids, URLs or names) and store new articles.

    The database is ``db``, else ``$VNFACTS_DATABASE_URL``, else ``vnfacts.db``. Called as
    ``ingest_feeds.fn(...)`` (no flow run), the same steps run as plain functions.
    """
    opts = FeedOptions(batch_size=batch_size, page_workers=page_workers, per_host=per_host, timeout=timeout,
                       retries=retries, backoff=backoff, max_attempts=max_attempts, total_timeout=total_timeout)
    if not orchestrated():
        return run_feeds(db, feeds, opts, store=load_retrying)

    def poll(refs, o):
        return poll_feeds_task(quote(refs), quote(o))

    def fetch(jobs, o):
        return fetch_pages_task(quote(jobs), quote(o))

    def extract(items, known):
        return extract_batch(quote(items), quote(known))

    def store(results, **kw):
        load_batch(quote(results), kw["db"], kw["run_id"], quote(kw["sources"]), quote(kw["tally"]))

    return run_feeds(db, feeds, opts, poll=poll, fetch=fetch, extract=extract, store=store,
                     flow_run_id=_flow_run_id())


def run_feeds_flow(*, prefect: bool | None = None, **params) -> dict:
    """Run ``ingest_feeds`` with ``params``: orchestrated by Prefect when ``prefect`` is true
    (default: when a Prefect server is configured), else in this process (``ingest_feeds.fn``)."""
    if prefect is None:
        prefect = prefect_server_configured()
    return ingest_feeds(**params) if prefect else ingest_feeds.fn(**params)
