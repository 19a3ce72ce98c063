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

from sqlalchemy import delete, func, insert, select

from schemas.facts import (ArticleFacts, Claim, Mention, Metadata, Official, Organisation,
                           Province, Sentence, Span)
from schemas.tables import (Article, ArticleSource, ClaimRow, CooperativeRow, Entity,
                            IngestError, IngestRun, Mention as MentionRow, OfficialRow,
                            SentenceRow, Source)
from sqlmodel import Session

Outcome = Literal["new", "unchanged", "replaced"]

# Child tables in an order that respects their foreign keys when deleting.
_CHILDREN = (MentionRow, OfficialRow, CooperativeRow, ClaimRow, Entity, SentenceRow)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def is_url(locator: str) -> bool:
    return locator.startswith(("http://", "https://"))


# -- sources, runs, errors -------------------------------------------------------------

def get_source(session: Session, location: str, kind: str = "folder") -> Source:
    """The ``sources`` row for a corpus folder or feed, created on first use (commits)."""
    row = session.exec(select(Source).where(Source.location == location)).scalars().first()
    if row is None:
        row = Source(location=location, kind=kind, created_at=utcnow())
        session.add(row)
        session.commit()
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
    """Store one article's facts in one transaction; see the module docstring for outcomes."""
    if not isinstance(facts, ArticleFacts):
        facts = ArticleFacts.model_validate(facts)
    try:
        outcome = _save(session, facts, run_id=run_id, source_id=source_id)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return outcome


def _save(session: Session, facts: ArticleFacts, *, run_id, source_id) -> Outcome:
    now = utcnow()
    link = session.exec(select(ArticleSource).where(ArticleSource.locator == facts.source)).scalars().first()
    outcome: Outcome = "new"
    if link is not None:
        art = session.get(Article, link.article_id)
        if art.content_hash == facts.content_hash and art.extractor_version == facts.extractor_version:
            return "unchanged"
        outcome = "replaced"
        others = session.exec(select(ArticleSource).where(ArticleSource.article_id == art.id,
                                                          ArticleSource.id != link.id)).scalars().all()
        if not others:  # the usual case: the file changed, its article is rewritten in place
            _delete_children(session, art.id)
            _fill(art, facts, run_id=run_id, source_id=source_id, now=now)
            _insert_children(session, art, facts, run_id=run_id)
            return outcome
        # The article is shared with another locator whose text did not change: detach.
        session.delete(link)
        if art.locator == facts.source:
            _set_locator(art, others[0].locator)
        session.flush()

    twin = session.exec(select(Article).where(Article.content_hash == facts.content_hash)
                        .order_by(Article.id)).scalars().first()
    if twin is not None:
        session.add(ArticleSource(article_id=twin.id, locator=facts.source, source_id=source_id, seen_at=now))
        if twin.extractor_version != facts.extractor_version:
            _delete_children(session, twin.id)
            _fill(twin, facts, run_id=run_id, source_id=twin.source_id, now=now, keep_identity=True)
            _insert_children(session, twin, facts, run_id=run_id)
            return "replaced"
        return "unchanged" if outcome == "new" else outcome

    art = Article(locator=facts.source, doc=facts.doc, content_hash=facts.content_hash,
                  extractor_version=facts.extractor_version, text=facts.text, ingested_at=now)
    _fill(art, facts, run_id=run_id, source_id=source_id, now=now)
    session.add(art)
    session.flush()
    session.add(ArticleSource(article_id=art.id, locator=facts.source, source_id=source_id, seen_at=now))
    _insert_children(session, art, facts, run_id=run_id)
    return outcome


def _set_locator(art: Article, locator: str) -> None:
    art.locator = locator
    art.url, art.path = (locator, None) if is_url(locator) else (None, locator)


def _fill(art: Article, facts: ArticleFacts, *, run_id, source_id, now, keep_identity=False) -> None:
    meta = facts.metadata
    if not keep_identity:
        _set_locator(art, facts.source)
        art.doc = facts.doc
    art.source_id = source_id
    art.content_hash, art.extractor_version, art.text = facts.content_hash, facts.extractor_version, facts.text
    art.title, art.published, art.province = meta.title, meta.published, meta.about_province
    art.title_start = meta.title_span.start if meta.title_span else None
    art.title_end = meta.title_span.end if meta.title_span else None
    art.byline, art.outlet = meta.byline, meta.source
    art.boilerplate = json.dumps([[b.start, b.end] for b in facts.boilerplate])
    art.ingested_at, art.run_id = now, run_id


def _delete_children(session: Session, article_id: int) -> None:
    for model in _CHILDREN:
        session.exec(delete(model).where(model.article_id == article_id))


def _insert_children(session: Session, art: Article, facts: ArticleFacts, *, run_id) -> None:
    """Insert an article's facts with Core ``INSERT``s (executemany, ``RETURNING`` ids where
    later rows need them): building thousands of ORM objects cost more than the database."""
    aid = art.id
    sentence_ids = _insert_returning(session, SentenceRow, "index", [
        {"article_id": aid, "index": s.index, "start": s.start, "end": s.end, "text": s.text,
         "paragraph": s.paragraph, "section": s.section} for s in facts.sentences])
    groups = ([("province", p) for p in facts.provinces] + [("official", o) for o in facts.officials]
              + [("alliance" if g.kind == "alliance" else "cooperative", g) for g in facts.organisations])
    # Entities get an ordinal in a throwaway key so their ids come back matched to them.
    entity_ids = _insert_returning(session, Entity, "_n", [
        {"article_id": aid, "type": kind, "name": fact.name, "_n": n} for n, (kind, fact) in enumerate(groups)])
    mentions, officials, coops = [], [], []
    for n, (kind, fact) in enumerate(groups):
        eid = entity_ids[n]
        mentions += [{"entity_id": eid, "article_id": aid, "start": m.start, "end": m.end, "surface": m.text,
                      "sentence_index": m.sentence_index} for m in fact.mentions]
        if isinstance(fact, Official):
            officials.append({"entity_id": eid, "article_id": aid, "name": fact.name, "title": fact.title})
        elif isinstance(fact, Organisation):
            coops.append({"entity_id": eid, "article_id": aid, "name": fact.name, "kind": fact.kind,
                          "province": fact.province})
    date = facts.metadata.published
    claims = [
        {"article_id": aid, "sentence_id": sentence_ids.get(c.sentence_index), "sentence_index": c.sentence_index,
         "start": c.start, "end": c.end, "quote": c.quote, "value": c.value, "value_max": c.value_max,
         "unit": c.unit, "counted": c.counted, "indicator": c.indicator, "qualifier": c.qualifier,
         "modality": c.modality, "change": c.change, "province": c.province, "article_date": date,
         "section": c.section, "extractor": c.extractor,
         "extractor_version": c.extractor_version or facts.extractor_version, "run_id": run_id}
        for c in facts.claims]
    for model, rows in ((MentionRow, mentions), (OfficialRow, officials), (CooperativeRow, coops),
                        (ClaimRow, claims)):
        if rows:  # rows are inserted in list order, so ids follow the facts' order
            session.exec(insert(model.__table__), params=rows)


def _insert_returning(session: Session, model, key: str, rows: list[dict]) -> dict:
    """Insert one article's rows in order and map each row's ``key`` to its new id.

    One ``executemany`` and one ``SELECT`` of the article's ids: ``RETURNING`` in parameter
    order made SQLAlchemy send one statement per row. The article's rows are all new in
    this transaction (old ones were deleted first), and ids grow in insertion order, so
    the article's ids in id order are the rows in the order given.
    """
    if not rows:
        return {}
    keys = [r.pop(key) if key.startswith("_") else r[key] for r in rows]
    table = model.__table__
    session.exec(insert(table), params=rows)
    ids = session.exec(select(table.c.id).where(table.c.article_id == rows[0]["article_id"])
                       .order_by(table.c.id)).scalars().all()
    if len(ids) != len(rows):  # the invariant above broke: fail loudly, never mis-link facts
        raise RuntimeError(f"{table.name}: {len(ids)} rows for article {rows[0]['article_id']}, "
                           f"expected {len(rows)}")
    return dict(zip(keys, ids))


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
    coops = {c.entity_id: c for c in rows(CooperativeRow)}
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
                      section=c.section, extractor=c.extractor, extractor_version=c.extractor_version)
                for c in rows(ClaimRow)],
    )


def count_rows(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).scalar_one()
