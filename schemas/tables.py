"""The database tables (SQLModel), one row type per thing a researcher asks about.

These models are *storage*, not validation: SQLModel ``table=True`` classes skip pydantic
validation, so facts always pass through :class:`schemas.facts.ArticleFacts` first and
only then become rows (``store.load.save_article``).

Every table an article owns (sentences, entities, mentions, officials, cooperatives,
claims) carries ``article_id`` so that replacing an article is a handful of
``DELETE ... WHERE article_id = ?`` statements inside one transaction. Rows are read back
in ``id`` order, which is insertion order, so an article read from the database gives
back the same :class:`ArticleFacts` that was stored (``store.load.read_article_facts``).

The schema is owned by alembic (``schemas/migrations``): change a model here, then add a
migration; never ``create_all`` a user's database.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _text(nullable: bool = True, **kw) -> Column:
    return Column(Text, nullable=nullable, **kw)


class Source(SQLModel, table=True):
    """Where articles come from: a corpus folder, a single file's folder, or a feed."""

    __tablename__ = "sources"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "folder" | "feed"
    location: str = Field(sa_column=_text(False, unique=True))
    created_at: dt.datetime


class IngestRun(SQLModel, table=True):
    """One run of the ingest flow: when, what it was asked to read, and what it did."""

    __tablename__ = "ingest_runs"
    id: int | None = Field(default=None, primary_key=True)
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    status: str = Field(default="running", max_length=16)  # running | completed | failed | interrupted
    paths: str | None = Field(default=None, sa_column=_text())  # JSON list of what was asked
    extractor_version: str = Field(max_length=32)
    flow_run_id: str | None = Field(default=None, max_length=64)
    host: str | None = Field(default=None, max_length=255)  # the process that runs it, so a
    pid: int | None = None  # later run can tell a killed run ("interrupted") from a live one
    n_files: int = 0
    n_new: int = 0
    n_unchanged: int = 0
    n_replaced: int = 0
    n_failed: int = 0
    n_claims: int = 0
    n_entities: int = 0


class IngestError(SQLModel, table=True):
    """An article that could not be read or stored, and why; the run went on without it."""

    __tablename__ = "ingest_errors"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="ingest_runs.id", index=True, ondelete="CASCADE")
    source_id: int | None = Field(default=None, foreign_key="sources.id", ondelete="SET NULL")
    locator: str = Field(sa_column=_text(False))  # file path or URL
    reason: str = Field(sa_column=_text(False))
    created_at: dt.datetime


class Article(SQLModel, table=True):
    """One article's text and metadata. ``locator`` is its identity (path or canonical URL)."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_locator", "locator"),
        Index("ix_articles_province_published", "province", "published"),
    )
    id: int | None = Field(default=None, primary_key=True)
    locator: str = Field(sa_column=_text(False))
    path: str | None = Field(default=None, sa_column=_text())
    url: str | None = Field(default=None, sa_column=_text())
    doc: str = Field(sa_column=_text(False))
    source_id: int | None = Field(default=None, foreign_key="sources.id", ondelete="SET NULL")
    content_hash: str = Field(max_length=64, index=True, unique=True)  # one article per text (0009)
    extractor_version: str = Field(max_length=32)
    title: str | None = Field(default=None, sa_column=_text())
    title_start: int | None = None
    title_end: int | None = None
    published: dt.date | None = Field(default=None, index=True)
    province: str | None = Field(default=None, max_length=128)
    byline: str | None = Field(default=None, sa_column=_text())
    outlet: str | None = Field(default=None, sa_column=_text())
    boilerplate: str = Field(default="[]", sa_column=_text(False))  # JSON [[start, end], ...]
    text: str = Field(sa_column=_text(False))
    ingested_at: dt.datetime
    run_id: int | None = Field(default=None, foreign_key="ingest_runs.id", ondelete="SET NULL")


class ArticleSource(SQLModel, table=True):
    """Every locator an article was read from: the same text under two URLs is one article."""

    __tablename__ = "article_sources"
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    locator: str = Field(sa_column=_text(False, unique=True))
    source_id: int | None = Field(default=None, foreign_key="sources.id", ondelete="SET NULL")
    seen_at: dt.datetime


class SentenceRow(SQLModel, table=True):
    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("article_id", "index", name="uq_sentences_article_index"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE")
    index: int
    start: int
    end: int
    text: str = Field(sa_column=_text(False))
    paragraph: int = 0
    section: str = Field(default="body", max_length=16)


class Entity(SQLModel, table=True):
    """A province, official, cooperative or alliance named in one article (canonical form)."""

    __tablename__ = "entities"
    __table_args__ = (
        Index("ix_entities_article_type", "article_id", "type"),
        Index("ix_entities_type_name", "type", "name"),
    )
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE")
    type: str = Field(max_length=16)  # province | official | cooperative | alliance
    name: str = Field(sa_column=_text(False))


class Mention(SQLModel, table=True):
    """One place where an entity is named: surface words and their offsets."""

    __tablename__ = "mentions"
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entities.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    start: int
    end: int
    surface: str = Field(sa_column=_text(False))
    sentence_index: int | None = None


class OfficialRow(SQLModel, table=True):
    __tablename__ = "officials"
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entities.id", unique=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=1000, index=True)
    title: str = Field(sa_column=_text(False))


class CooperativeRow(SQLModel, table=True):
    """A named cooperative, union of cooperatives or cooperative group (not alliances)."""

    __tablename__ = "cooperatives"
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entities.id", unique=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=1000, index=True)
    kind: str = Field(max_length=16)  # cooperative | union | group
    province: str | None = Field(default=None, max_length=128, index=True)


class ClaimRow(SQLModel, table=True):
    """A quantity with what it counts, where it was said, and what produced it."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_article_span", "article_id", "start", "end"),
        Index("ix_claims_province_indicator", "province", "indicator"),
        Index("ix_claims_province_indicator_date", "province", "indicator", "article_date"),  # newest first, 0010
        Index("ix_claims_indicator_date", "indicator", "article_date"),
        Index("ix_claims_article_date", "article_date"),
        Index("ix_claims_modality", "modality"),
        Index("ix_claims_sentence_id", "sentence_id"),
        Index("ix_claims_period", "period_start", "period_end"),
        Index("ix_claims_observation_key", "observation_key"),
    )
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE")
    sentence_id: int | None = Field(default=None, foreign_key="sentences.id", ondelete="CASCADE")
    sentence_index: int
    start: int
    end: int
    quote: str = Field(sa_column=_text(False))
    value: float
    value_max: float | None = None
    unit: str = Field(max_length=64)
    counted: str | None = Field(default=None, sa_column=_text())
    indicator: str | None = Field(default=None, max_length=128)
    qualifier: str = Field(default="exact", max_length=16)
    modality: str = Field(default="actual", max_length=16)
    change: str | None = Field(default=None, max_length=16)
    province: str | None = Field(default=None, max_length=128)
    period: str | None = Field(default=None, max_length=64)  # EDTF: when the number holds
    period_start: dt.date | None = None  # the period's first and last day (store.observations)
    period_end: dt.date | None = None
    series: str | None = Field(default=None, max_length=160)  # indicator with its sub-type: cooperatives.agriculture
    observation_key: str | None = Field(default=None, sa_column=_text())  # the observation it states; None: not a level
    article_date: dt.date | None = None
    section: str = Field(default="body", max_length=16)
    extractor: str = Field(max_length=64)
    extractor_version: str = Field(max_length=32)
    run_id: int | None = Field(default=None, foreign_key="ingest_runs.id", ondelete="SET NULL")


class ObservationRow(SQLModel, table=True):
    """One value of one indicator for one place at one period, as fact or target, and the
    claims that state it (``observation_claims``); built by ``store.observations``.

    ``key`` is what the claims share (series, province, period, modality, unit); claims of
    one key whose values cannot be the same number are separate observations of that key,
    each with ``conflict`` set.
    """

    __tablename__ = "observations"
    __table_args__ = (
        Index("ix_observations_key", "key"),
        Index("ix_observations_indicator_province", "indicator", "province"),
        Index("ix_observations_period", "period_start", "period_end"),
    )
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=_text(False))
    indicator: str = Field(max_length=160)  # the claims' series: cooperatives, cooperatives.agriculture
    province: str | None = Field(default=None, max_length=128)  # None: national, or no place named
    period: str = Field(max_length=64)  # EDTF
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    modality: str = Field(max_length=16)  # actual | target
    unit: str = Field(max_length=64)
    value: float
    value_max: float | None = None
    qualifier: str = Field(default="exact", max_length=16)
    conflict: bool = False
    n_claims: int = 0
    n_articles: int = 0
    claim_id: int | None = Field(default=None, foreign_key="claims.id", ondelete="SET NULL")  # the most precise


class ObservationClaimRow(SQLModel, table=True):
    """A claim that states an observation."""

    __tablename__ = "observation_claims"
    observation_id: int = Field(foreign_key="observations.id", primary_key=True, ondelete="CASCADE")
    claim_id: int = Field(foreign_key="claims.id", primary_key=True, index=True, ondelete="CASCADE")


class EventRow(SQLModel, table=True):
    """An occasion of the sector's activity an article reports (a congress, a meeting ...)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_type_date", "type", "date"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    sentence_index: int
    start: int
    end: int
    quote: str = Field(sa_column=_text(False))
    type: str = Field(max_length=32)
    date: str | None = Field(default=None, max_length=64)  # EDTF
    province: str | None = Field(default=None, max_length=128, index=True)
    run_id: int | None = Field(default=None, foreign_key="ingest_runs.id", ondelete="SET NULL")


class EventParticipantRow(SQLModel, table=True):
    """An official or an organisation the article places at an event."""

    __tablename__ = "event_participants"
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # official | organisation
    name: str = Field(max_length=1000, index=True)


class EventClaimRow(SQLModel, table=True):
    """A claim an event tells (``Hội nghị ... 250 đại biểu``): told in its sentence, or in a
    paragraph about that event alone (``extractors.events.link_claims``)."""

    __tablename__ = "event_claims"
    __table_args__ = (UniqueConstraint("event_id", "claim_id", name="uq_event_claims_event_claim"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True, ondelete="CASCADE")
    claim_id: int = Field(foreign_key="claims.id", index=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")


class ExtractionWarningRow(SQLModel, table=True):
    """An extractor that failed on one sentence of a stored article: that sentence's facts
    of its kind are missing, the rest of the article is stored."""

    __tablename__ = "extraction_warnings"
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id", index=True, ondelete="CASCADE")
    sentence_index: int | None = None
    extractor: str = Field(max_length=64)
    error: str = Field(sa_column=_text(False))
    run_id: int | None = Field(default=None, foreign_key="ingest_runs.id", ondelete="SET NULL")


metadata = SQLModel.metadata
