"""The feed registry in the database: add, remove, list feeds; remember their entries.

Plain functions on a session (no Prefect) used by ``vnfacts feeds ...`` and by the
``ingest_feeds`` flow. Feed URLs are stored canonical (``sources.urls.canonical_url``), so
``feeds add`` of the same feed with a ``utm_*`` tail is the same feed.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlmodel import Session

from vnfacts.schemas.feed_tables import Feed, FeedEntryRow
from vnfacts.schemas.tables import ArticleSource, IngestError
from vnfacts.sources.urls import canonical_url
from vnfacts.store import load

MAX_ATTEMPTS = 3  # a page that failed for a transient reason is tried again on this many runs


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalise_feed_url(url: str) -> str:
    url = (url or "").strip()
    if "://" not in url:
        raise ValueError(f"not a feed URL (http:// or https://): {url!r}")
    canon = canonical_url(url)
    if not canon.startswith(("http://", "https://")):
        raise ValueError(f"not a feed URL (http:// or https://): {url!r}")
    return canon


def add_feed(session: Session, url: str, name: str | None = None) -> tuple[Feed, bool]:
    """Register a feed (or re-activate it, updating its name); ``(feed, created)``."""
    canon = normalise_feed_url(url)
    feed = session.exec(select(Feed).where(Feed.url == canon)).scalars().first()
    created = feed is None
    source = load.get_source(session, canon, "feed")
    if feed is None:
        feed = Feed(url=canon, name=name, active=True, source_id=source.id, created_at=utcnow())
        session.add(feed)
    else:
        feed.active = True
        feed.source_id = feed.source_id or source.id
        if name is not None:
            feed.name = name
    session.commit()
    return feed, created


def find_feed(session: Session, ref: str | int) -> Feed | None:
    """A feed by id, URL (any spelling of it) or name."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        feed = session.get(Feed, int(ref))
        if feed is not None:
            return feed
    ref = str(ref)
    if "://" in ref:
        return session.exec(select(Feed).where(Feed.url == canonical_url(ref.strip()))).scalars().first()
    return session.exec(select(Feed).where(Feed.name == ref)).scalars().first()


def remove_feed(session: Session, ref: str | int) -> Feed | None:
    """Stop following a feed and forget its entries; its articles stay in the database."""
    feed = find_feed(session, ref)
    if feed is None:
        return None
    session.exec(delete(FeedEntryRow).where(FeedEntryRow.feed_id == feed.id))
    session.delete(feed)
    session.commit()
    return feed


def set_active(session: Session, ref: str | int, active: bool) -> Feed | None:
    feed = find_feed(session, ref)
    if feed is not None:
        feed.active = active
        session.commit()
    return feed


def active_feeds(session: Session, refs: Iterable[str | int] | None = None) -> list[Feed]:
    """The feeds a run reads: the ones named (active or not), else every active feed."""
    if refs:
        feeds = []
        for ref in refs:
            feed = find_feed(session, ref)
            if feed is None:
                raise LookupError(f"no feed {ref!r}; add it with `vnfacts feeds add URL`")
            feeds.append(feed)
        return feeds
    return list(session.exec(select(Feed).where(Feed.active == True).order_by(Feed.id)).scalars())  # noqa: E712


FEED_COLUMNS = ("id", "name", "url", "active", "last_fetched_at", "last_status", "last_http_status",
                "entries_last_run", "new_articles_last_run", "errors_last_run", "last_error", "articles", "errors")


def list_feeds(session: Session) -> list[dict]:
    """Every feed with its last fetch, status, new articles, errors (JSON-ready dicts)."""
    feeds = list(session.exec(select(Feed).order_by(Feed.id)).scalars())
    articles = dict(session.exec(
        select(FeedEntryRow.feed_id, func.count(func.distinct(FeedEntryRow.article_id)))
        .where(FeedEntryRow.article_id.is_not(None)).group_by(FeedEntryRow.feed_id)).all())
    errors = dict(session.exec(
        select(IngestError.source_id, func.count()).where(IngestError.source_id.is_not(None))
        .group_by(IngestError.source_id)).all())
    out = []
    for f in feeds:
        out.append({
            "id": f.id, "name": f.name, "url": f.url, "active": f.active,
            "last_fetched_at": f.last_fetched_at.isoformat() if f.last_fetched_at else None,
            "last_status": f.last_status, "last_http_status": f.last_http_status,
            "entries_last_run": f.entries_last_run, "new_articles_last_run": f.new_articles_last_run,
            "errors_last_run": f.errors_last_run, "last_error": f.last_error,
            "articles": articles.get(f.id, 0), "errors": errors.get(f.source_id, 0) if f.source_id else 0,
        })
    return out


# -- entries ---------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryState:
    fingerprint: str
    status: str
    attempts: int
    article_id: int | None


def entry_states(session: Session, feed_id: int, keys: Iterable[str]) -> dict[str, EntryState]:
    keys = list(keys)
    out = {}
    for i in range(0, len(keys), 500):
        rows = session.exec(select(FeedEntryRow).where(FeedEntryRow.feed_id == feed_id,
                                                       FeedEntryRow.key.in_(keys[i:i + 500]))).scalars().all()
        out.update({r.key: EntryState(r.fingerprint, r.status, r.attempts, r.article_id) for r in rows})
    return out


def stored_urls(session: Session, urls: Iterable[str]) -> dict[str, int]:
    """``{locator: article_id}`` for the page URLs already stored (by any feed, or republished)."""
    urls = list(urls)
    out = {}
    for i in range(0, len(urls), 500):
        rows = session.exec(select(ArticleSource.locator, ArticleSource.article_id)
                            .where(ArticleSource.locator.in_(urls[i:i + 500]))).all()
        out.update(dict(rows))
    return out


def mark_entry(session: Session, feed_id: int, key: str, url: str, fingerprint: str, *,
               article_id: int | None = None, error: str | None = None, retryable: bool = False,
               max_attempts: int = MAX_ATTEMPTS) -> FeedEntryRow:
    """Record what became of one entry: stored (pointing at its article) or failed (commits).

    A transient failure is ``status="retry"`` until it has failed ``max_attempts`` times;
    then, like a permanent one, ``"failed"`` (not tried again unless the entry changes).
    """
    now = utcnow()
    row = session.exec(select(FeedEntryRow).where(FeedEntryRow.feed_id == feed_id,
                                                  FeedEntryRow.key == key)).scalars().first()
    if row is None:
        row = FeedEntryRow(feed_id=feed_id, key=key, url=url, fingerprint=fingerprint, first_seen_at=now,
                           updated_at=now)
        session.add(row)
    if row.fingerprint != fingerprint:
        row.attempts = 0  # a changed entry starts afresh
    row.url, row.fingerprint, row.updated_at = url, fingerprint, now
    if error is None:
        row.status, row.article_id, row.last_error, row.attempts = "stored", article_id, None, 0
    else:
        row.attempts += 1
        row.last_error = error
        row.status = "retry" if retryable and row.attempts < max_attempts else "failed"
    session.commit()
    return row


def pending_retries(session: Session, feed_id: int) -> int:
    return session.exec(select(func.count()).select_from(FeedEntryRow)
                        .where(FeedEntryRow.feed_id == feed_id, FeedEntryRow.status == "retry")).scalar_one()


def record_feed_result(session: Session, feed_id: int, *, status: str, http_status: int | None,
                       error: str | None, entries: int, new: int, errors: int,
                       etag: str | None = None, last_modified: str | None = None,
                       keep_validators: bool = True, fetched_at: dt.datetime | None = None) -> Feed:
    """The feed's row after a run. Validators are only replaced when ``keep_validators`` is
    false *and* every entry of the response was dealt with, so that a run that stops
    half-way, or entries that failed for a transient reason, are read again next time."""
    feed = session.get(Feed, feed_id)
    feed.last_fetched_at = fetched_at or utcnow()
    feed.last_status, feed.last_http_status, feed.last_error = status, http_status, error
    feed.entries_last_run, feed.new_articles_last_run, feed.errors_last_run = entries, new, errors
    if not keep_validators:
        feed.etag, feed.last_modified = etag, last_modified
    session.commit()
    return feed
