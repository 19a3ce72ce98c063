"""The feed registry (SQLModel tables): which feeds to follow, and what each has given us.

``feeds`` is one row per registered feed: its URL, whether it is followed, the validators
of its last response (``etag``, ``last_modified``: sent back as ``If-None-Match`` /
``If-Modified-Since`` so an unchanged feed costs a 304), and what the last run saw
(status, error, new articles). Each feed also has a ``sources`` row (``kind="feed"``),
which is what ``articles.source_id`` and ``article_sources.source_id`` point to.

``feed_entries`` remembers every entry of every feed: its identity in the feed (guid/id,
else its canonical link), the canonical page URL, a fingerprint of what the feed said
about it (changes when the entry is updated in place), and the article it became. The
same article reached through two feeds has two entries pointing at one article.

Owned by migration ``0002_feeds``; ``schemas/migrations/env.py`` imports this module so
the models join ``SQLModel.metadata``.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _when(nullable: bool = True) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable)


class Feed(SQLModel, table=True):
    __tablename__ = "feeds"
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    name: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    active: bool = Field(default=True)
    source_id: int | None = Field(default=None, foreign_key="sources.id", ondelete="SET NULL")
    etag: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_modified: str | None = Field(default=None, max_length=64)
    last_fetched_at: dt.datetime | None = Field(default=None, sa_column=_when())
    last_status: str | None = Field(default=None, max_length=32)  # ok | not-modified | malformed | partial | failed
    last_http_status: int | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    entries_last_run: int = 0
    new_articles_last_run: int = 0
    errors_last_run: int = 0
    created_at: dt.datetime = Field(sa_column=_when(False))


class FeedEntryRow(SQLModel, table=True):
    __tablename__ = "feed_entries"
    __table_args__ = (
        UniqueConstraint("feed_id", "key", name="uq_feed_entries_feed_key"),
        Index("ix_feed_entries_url", "url"),
    )
    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(foreign_key="feeds.id", index=True, ondelete="CASCADE")
    key: str = Field(sa_column=Column(Text, nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False))
    fingerprint: str = Field(max_length=64)
    status: str = Field(default="stored", max_length=16)  # stored | failed
    attempts: int = 0
    article_id: int | None = Field(default=None, foreign_key="articles.id", index=True, ondelete="SET NULL")
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    first_seen_at: dt.datetime = Field(sa_column=_when(False))
    updated_at: dt.datetime = Field(sa_column=_when(False))


metadata = SQLModel.metadata
