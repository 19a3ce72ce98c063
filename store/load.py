"""Validated facts -> rows, one article per transaction; rows -> facts again.

An article is identified by where it was read from (``ArticleFacts.source``: a path or a
canonical URL, kept in ``article_sources.locator``). Saving it again is cheap and safe:

- same locator, same content hash, same extractor version -> ``"unchanged"``, no write;
- same locator, anything else changed -> its facts are deleted and re-inserted in the
  same transaction (``"replaced"``): a reader sees the old facts or the new, never a mix;
- a new locator whose text is already stored (the same story in two feeds) is linked to
  the existing article instead of storing it twice (``"unchanged"``).

``save_article`` commits (or rolls back) before it returns, so a crash between two
articles loses nothing already saved and leaves no half-stored article.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Iterable
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from vnfacts.schemas.facts import (
    ArticleFacts,
    Claim,
    Event,
    ExtractionWarning,
    Mention,
    Metadata,
    Official,
    Organisation,
    Province,
    Sentence,
    Span,
)
from vnfacts.schemas.tables import (
    Article,
    ArticleSource,
    ClaimRow,
    CooperativeRow,
    Entity,
    EventClaimRow,
    EventParticipantRow,
    EventRow,
    ExtractionWarningRow,
    IngestError,
    IngestRun,
    OfficialRow,
    SentenceRow,
    Source,
)
from vnfacts.schemas.tables import Mention as MentionRow
from vnfacts.store import bulk, observations

Outcome = Literal["new", "unchanged", "replaced"]

# Child tables in an order that respects their foreign keys when deleting.
_CHILDREN = (MentionRow, OfficialRow, CooperativeRow, EventClaimRow, ClaimRow, EventParticipantRow, EventRow, Entity,
             SentenceRow, ExtractionWarningRow)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def is_url(locator: str) -> bool:
    return locator.startswith(("http://", "https://"))


# -- sources, runs, errors -------------------------------------------------------------

def get_source(session: Session, location: str, kind: str = "folder") -> Source:
    """The ``sources`` row for a corpus folder or feed, created on first use (commits).

    Two first runs on one folder may both create it: the second's insert does nothing.
    """
    row = session.exec(select(Source).where(Source.location == location)).scalars().first()
    if row is None:
        bulk.insert_or_skip(session.connection(), Source.__table__,
                            {"location": location, "kind": kind, "created_at": utcnow()}, unique=("location",))
        session.commit()
        row = session.exec(select(Source).where(Source.location == location)).scalars().one()
    return row


def begin_run(session: Session, paths: Iterable[str], extractor_version: str,
              flow_run_id: str | None = None) -> IngestRun:
    mark_interrupted_runs(session)
    run = IngestRun(started_at=utcnow(), paths=json.dumps(list(paths), ensure_ascii=False),
                    extractor_version=extractor_version, flow_run_id=flow_run_id,
                    host=socket.gethostname(), pid=os.getpid())
    session.add(run)
    session.commit()
    return run


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def mark_interrupted_runs(session: Session) -> list[int]:
    """Runs still "running" whose process on this host is gone were killed: say so.

    Their articles are safe (each was stored in its own transaction, or not at all); the
    status only tells a reader that the run's counts stop where it died.
    """
    host = socket.gethostname()
    stale = [r for r in session.exec(select(IngestRun).where(IngestRun.status == "running")).scalars()
             if r.host == host and r.pid is not None and r.pid != os.getpid() and not _alive(r.pid)]
    for r in stale:
        r.status = "interrupted"
    session.commit()
    return [r.id for r in stale]


def end_run(session: Session, run_id: int, counts: dict[str, int], status: str = "completed") -> IngestRun:
    run = session.get(IngestRun, run_id)
    for key, value in counts.items():
        if hasattr(run, f"n_{key}"):
            setattr(run, f"n_{key}", int(value))
    run.status, run.ended_at = status, utcnow()
    session.commit()
    return run


def record_error(session: Session, *, run_id: int, locator: str, reason: str,
                 source_id: int | None = None) -> None:
    """An article that could not be read or stored becomes a row, never a stopped run."""
    session.rollback()  # whatever the failed article left in the session goes
    session.add(IngestError(run_id=run_id, source_id=source_id, locator=locator,
                            reason=reason, created_at=utcnow()))
    session.commit()


def stored_versions(session: Session, locators: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``{locator: (content_hash, extractor_version)}`` for the locators already stored.

    This is the ingest cache: an article whose (locator, hash, version) is here is not
    extracted again.
    """
    locators = list(locators)
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(locators), 500):  # stay under bind-parameter limits
        chunk = locators[i:i + 500]
        rows = session.exec(
            select(ArticleSource.locator, Article.content_hash, Article.extractor_version)
            .join(Article, Article.id == ArticleSource.article_id)
            .where(ArticleSource.locator.in_(chunk))
        ).all()
        out.update({loc: (h, v) for loc, h, v in rows})
    return out


# -- writing one article ---------------------------------------------------------------

def save_article(session: Session, facts: ArticleFacts | dict, *, run_id: int | None = None,
                 source_id: int | None = None) -> Outcome:
    """Store one article's facts in one transaction; see the module docstring for outcomes.

    Another run may store the same text or locator between our look and our write. The
    article's ``INSERT`` then does nothing (``ON CONFLICT (content_hash) DO NOTHING``: the
    text is unique) and the locator is linked to the article the other run stored; any
    other unique conflict rolls the article back and saves it once more, which then sees
    the other run's rows. Either way no second article and no error row.
    """
    if not isinstance(facts, ArticleFacts):
        facts = ArticleFacts.model_validate(facts)
    for attempt in range(2):
        try:
            outcome = _save(session, facts, run_id=run_id, source_id=source_id)
            if outcome != "unchanged":  # the observations its old and new claims state, in this transaction
                observations.refresh_article(session, facts)
            session.commit()
            return outcome
        except IntegrityError:
            session.rollback()
            if attempt:
                raise
        except BaseException:
            session.rollback()
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _twin_id(conn, content_hash: str) -> int | None:
    """The article that holds this text already, if any."""
    twin: int | None = bulk.scalar(conn, "SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                                   (content_hash,))
    return twin


def _save(session: Session, facts: ArticleFacts, *, run_id, source_id) -> Outcome:
    now = utcnow()
    conn = session.connection()
    linked = bulk.scalar(conn, "SELECT article_id FROM article_sources WHERE locator = ?", (facts.source,))
    outcome: Outcome = "new"
    if linked is not None:
        link = session.exec(select(ArticleSource).where(ArticleSource.locator == facts.source)).scalars().one()
        art = session.get(Article, link.article_id)
        if art.content_hash == facts.content_hash and art.extractor_version == facts.extractor_version:
            return "unchanged"
        outcome = "replaced"
        others = session.exec(select(ArticleSource).where(ArticleSource.article_id == art.id,
                                                          ArticleSource.id != link.id)).scalars().all()
        if not others and _twin_id(conn, facts.content_hash) in (None, art.id):
            # the usual case: the file changed, its article is rewritten in place
            _delete_children(session, art.id)
            _fill(art, facts, run_id=run_id, source_id=source_id, now=now)
            session.flush()
            _insert_children(session, art.id, facts, run_id=run_id)
            return outcome
        # The locator now reads a text stored as another article, or its article is shared
        # with another locator whose text did not change: detach it (and drop an article
        # no locator reads any more).
        session.delete(link)
        if not others:
            _delete_children(session, art.id)
            session.delete(art)
        elif art.locator == facts.source:
            _set_locator(art, others[0].locator)
        session.flush()

    twin_id = _twin_id(conn, facts.content_hash)
    if twin_id is None:
        # A new article: no ORM objects at all (see store.bulk for why).
        values = _article_values(facts, run_id=run_id, source_id=source_id, now=now)
        article_id = bulk.insert_or_skip(conn, Article.__table__, values, unique=("content_hash",))
        if article_id is not None:
            _link(conn, article_id, facts.source, source_id, now)
            _insert_children(session, article_id, facts, run_id=run_id)
            return outcome
        twin_id = _twin_id(conn, facts.content_hash)  # another run stored this text since we looked
    twin = session.get(Article, twin_id)
    bulk.insert_or_skip(conn, ArticleSource.__table__, _link_values(twin.id, facts.source, source_id, now),
                        unique=("locator",))
    if twin.extractor_version != facts.extractor_version:
        _delete_children(session, twin.id)
        _fill(twin, facts, run_id=run_id, source_id=twin.source_id, now=now, keep_identity=True)
        session.flush()
        _insert_children(session, twin.id, facts, run_id=run_id)
        return "replaced"
    return "unchanged" if outcome == "new" else outcome


def _link_values(article_id: int, locator: str, source_id: int | None, now: dt.datetime) -> dict:
    return {"article_id": article_id, "locator": locator, "source_id": source_id, "seen_at": now}


def _link(conn, article_id: int, locator: str, source_id: int | None, now: dt.datetime) -> None:
    """Link a new article's locator (a conflict here means another run linked it: save again)."""
    values = _link_values(article_id, locator, source_id, now)
    bulk.insert_rows(conn, ArticleSource.__table__, tuple(values), [tuple(values.values())])


def _set_locator(art: Article, locator: str) -> None:
    for key, value in _identity(locator).items():
        setattr(art, key, value)


def _identity(locator: str) -> dict:
    return {"locator": locator, "url": locator if is_url(locator) else None,
            "path": None if is_url(locator) else locator}


def _article_values(facts: ArticleFacts, *, run_id, source_id, now, keep_identity=False) -> dict:
    """The ``articles`` columns for ``facts`` (all but ``id``; identity ones unless kept)."""
    meta = facts.metadata
    values = {} if keep_identity else {**_identity(facts.source), "doc": facts.doc}
    values.update(
        source_id=source_id, content_hash=facts.content_hash, extractor_version=facts.extractor_version,
        text=facts.text, title=meta.title, published=meta.published, province=meta.about_province,
        title_start=meta.title_span.start if meta.title_span else None,
        title_end=meta.title_span.end if meta.title_span else None,
        byline=meta.byline, outlet=meta.source,
        boilerplate=json.dumps([[b.start, b.end] for b in facts.boilerplate]),
        ingested_at=now, run_id=run_id)
    return values


def _fill(art: Article, facts: ArticleFacts, **kw) -> None:
    for key, value in _article_values(facts, **kw).items():
        setattr(art, key, value)


def _delete_children(session: Session, article_id: int) -> None:
    observations.note_leaving(session, article_id)
    for model in _CHILDREN:
        session.exec(delete(model).where(model.article_id == article_id))


_SENTENCE_COLUMNS = ("article_id", "index", "start", "end", "text", "paragraph", "section")
_ENTITY_COLUMNS = ("article_id", "type", "name")
_MENTION_COLUMNS = ("entity_id", "article_id", "start", "end", "surface", "sentence_index")
_OFFICIAL_COLUMNS = ("entity_id", "article_id", "name", "title")
_COOPERATIVE_COLUMNS = ("entity_id", "article_id", "name", "kind", "province")
_CLAIM_COLUMNS = ("article_id", "sentence_id", "sentence_index", "start", "end", "quote", "value", "value_max",
                  "unit", "counted", "indicator", "qualifier", "modality", "change", "province", "period", "article_date",
                  "section", "extractor", "extractor_version", "run_id", *observations.DERIVED_COLUMNS)
_WARNING_COLUMNS = ("article_id", "sentence_index", "extractor", "error", "run_id")
_EVENT_COLUMNS = ("article_id", "sentence_index", "start", "end", "quote", "type", "date", "province", "run_id")
_PARTICIPANT_COLUMNS = ("event_id", "article_id", "kind", "name")
_EVENT_CLAIM_COLUMNS = ("event_id", "claim_id", "article_id")


def _insert_children(session: Session, aid: int, facts: ArticleFacts, *, run_id) -> None:
    """Insert an article's facts: one ``executemany`` per table, straight to the driver.

    Rows go in the facts' order; where later rows need ids (claims -> sentences,
    mentions -> entities), the article's ids are read back in id order, which is that
    order (the article's old rows, if any, were deleted first in this transaction).
    """
    conn = session.connection()
    bulk.insert_rows(conn, SentenceRow.__table__, _SENTENCE_COLUMNS, [
        (aid, s.index, s.start, s.end, s.text, s.paragraph, s.section) for s in facts.sentences])
    sentence_ids = dict(zip((s.index for s in facts.sentences), _ids(conn, SentenceRow, aid, len(facts.sentences))))
    groups = ([("province", p) for p in facts.provinces] + [("official", o) for o in facts.officials]
              + [("alliance" if g.kind == "alliance" else "cooperative", g) for g in facts.organisations])
    bulk.insert_rows(conn, Entity.__table__, _ENTITY_COLUMNS, [(aid, kind, fact.name) for kind, fact in groups])
    entity_ids = _ids(conn, Entity, aid, len(groups))
    mentions, officials, coops = [], [], []
    for eid, (_kind, fact) in zip(entity_ids, groups):
        mentions += [(eid, aid, m.start, m.end, m.text, m.sentence_index) for m in fact.mentions]
        if isinstance(fact, Official):
            officials.append((eid, aid, fact.name, fact.title))
        elif isinstance(fact, Organisation):
            coops.append((eid, aid, fact.name, fact.kind, fact.province))
    date, version = facts.metadata.published, facts.extractor_version
    claims = [(aid, sentence_ids.get(c.sentence_index), c.sentence_index, c.start, c.end, c.quote, c.value,
               c.value_max, c.unit, c.counted, c.indicator, c.qualifier, c.modality, c.change, c.province, c.period, date,
               c.section, c.extractor, c.extractor_version or version, run_id, *observations.claim_columns(c, facts.text))
              for c in facts.claims]
    bulk.insert_rows(conn, MentionRow.__table__, _MENTION_COLUMNS, mentions)
    bulk.insert_rows(conn, OfficialRow.__table__, _OFFICIAL_COLUMNS, officials)
    bulk.insert_rows(conn, CooperativeRow.__table__, _COOPERATIVE_COLUMNS, coops)
    bulk.insert_rows(conn, ClaimRow.__table__, _CLAIM_COLUMNS, claims)
    bulk.insert_rows(conn, EventRow.__table__, _EVENT_COLUMNS, [
        (aid, e.sentence_index, e.start, e.end, e.quote, e.type, e.date, e.province, run_id) for e in facts.events])
    event_ids = _ids(conn, EventRow, aid, len(facts.events))
    bulk.insert_rows(conn, EventParticipantRow.__table__, _PARTICIPANT_COLUMNS, [
        (eid, aid, kind, name) for eid, e in zip(event_ids, facts.events)
        for kind, names in (("official", e.officials), ("organisation", e.organisations)) for name in names])
    if any(e.claim_indexes for e in facts.events):
        claim_ids = _ids(conn, ClaimRow, aid, len(facts.claims))
        bulk.insert_rows(conn, EventClaimRow.__table__, _EVENT_CLAIM_COLUMNS, [
            (eid, claim_ids[k], aid) for eid, e in zip(event_ids, facts.events) for k in e.claim_indexes])
    bulk.insert_rows(conn, ExtractionWarningRow.__table__, _WARNING_COLUMNS, [
        (aid, w.sentence_index, w.extractor, w.error, run_id) for w in facts.warnings])


def _ids(conn, model, article_id: int, expected: int) -> list[int]:
    """The article's new ids in ``model``'s table, checked against how many rows were inserted."""
    if not expected:
        return []
    ids = bulk.ids_of_article(conn, model.__table__, article_id)
    if len(ids) != expected:  # the invariant broke: fail loudly, never mis-link facts
        raise RuntimeError(f"{model.__tablename__}: {len(ids)} rows for article {article_id}, expected {expected}")
    return ids


# -- reading one article back ----------------------------------------------------------

def find_article_id(session: Session, locator: str) -> int | None:
    return session.exec(select(ArticleSource.article_id).where(ArticleSource.locator == locator)).scalar()


def read_article_facts(session: Session, article_id: int) -> ArticleFacts:
    """Rebuild the :class:`ArticleFacts` that was stored (validated again on the way out).

    Claims keep ``extractor_version`` as stored; facts that were saved with an empty
    per-claim version come back with the article's.
    """
    art = session.get(Article, article_id)
    if art is None:
        raise KeyError(f"no article {article_id}")

    def rows(model):
        return session.exec(select(model).where(model.article_id == article_id).order_by(model.id)).scalars().all()

    mentions: dict[int, list[Mention]] = {}
    for m in rows(MentionRow):
        mentions.setdefault(m.entity_id, []).append(
            Mention(start=m.start, end=m.end, text=m.surface, sentence_index=m.sentence_index))
    officials = {o.entity_id: o for o in rows(OfficialRow)}
    participants: dict[int, list[EventParticipantRow]] = {}
    for p in rows(EventParticipantRow):
        participants.setdefault(p.event_id, []).append(p)
    coops = {c.entity_id: c for c in rows(CooperativeRow)}
    claim_rows = rows(ClaimRow)
    claim_index = {c.id: k for k, c in enumerate(claim_rows)}
    linked: dict[int, list[int]] = {}
    for link in rows(EventClaimRow):
        linked.setdefault(link.event_id, []).append(claim_index[link.claim_id])
    provinces, people, orgs = [], [], []
    for e in rows(Entity):
        ms = mentions.get(e.id, [])
        if e.type == "province":
            provinces.append(Province(name=e.name, mentions=ms))
        elif e.type == "official":
            people.append(Official(name=e.name, title=officials[e.id].title, mentions=ms))
        else:
            c = coops[e.id]
            orgs.append(Organisation(name=e.name, kind=c.kind, province=c.province, mentions=ms))
    title_span = Span(start=art.title_start, end=art.title_end) if art.title_start is not None else None
    return ArticleFacts(
        doc=art.doc, source=art.locator, content_hash=art.content_hash, text=art.text,
        extractor_version=art.extractor_version,
        metadata=Metadata(title=art.title, title_span=title_span, published=art.published,
                          about_province=art.province, byline=art.byline, source=art.outlet),
        sentences=[Sentence(index=s.index, start=s.start, end=s.end, text=s.text, paragraph=s.paragraph,
                            section=s.section) for s in rows(SentenceRow)],
        boilerplate=[Span(start=a, end=b) for a, b in json.loads(art.boilerplate or "[]")],
        provinces=provinces, officials=people, organisations=orgs,
        claims=[Claim(start=c.start, end=c.end, quote=c.quote, sentence_index=c.sentence_index, value=c.value,
                      value_max=c.value_max, unit=c.unit, counted=c.counted, indicator=c.indicator,
                      qualifier=c.qualifier, modality=c.modality, change=c.change, province=c.province,
                      period=c.period, section=c.section, extractor=c.extractor,
                      extractor_version=c.extractor_version)
                for c in claim_rows],
        events=[Event(start=e.start, end=e.end, quote=e.quote, type=e.type, sentence_index=e.sentence_index,
                      date=e.date, province=e.province,
                      officials=[p.name for p in participants.get(e.id, []) if p.kind == "official"],
                      organisations=[p.name for p in participants.get(e.id, []) if p.kind == "organisation"],
                      claim_indexes=linked.get(e.id, []))
                for e in rows(EventRow)],
        warnings=[ExtractionWarning(extractor=w.extractor, sentence_index=w.sentence_index, error=w.error)
                  for w in rows(ExtractionWarningRow)],
    )


def count_rows(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).scalar_one()
