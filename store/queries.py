"""What a researcher asks, as functions returning plain dicts (JSON-ready: dates are ISO strings).

The CLI prints these, ``--format json`` dumps them as they are, and a web app or JSON API
can serve them unchanged: the dict keys *are* the public column names, so keep them stable.

The filters of claims and articles are built in one place, as statements:
``claims_statement(**filters)`` and ``articles_statement(**filters)`` return the SQLAlchemy
``Select`` that ``claims(session, **filters)`` and ``articles(session, **filters)`` run. Code
that needs more than the rows (a count, an index hint, other columns) starts from the same
statement: ``count_rows(session, claims_statement(**filters))``.

Filters take what a person types: ``province="TP Hà Nội"`` and ``indicator="HTX"`` are
brought to the canonical forms the extractors store, with the extractors' own functions.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, String, and_, cast, exists, func, or_, select
from sqlmodel import Session

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
    Mention,
    OfficialRow,
    SentenceRow,
    Source,
)

CLAIM_COLUMNS = ("id", "article_id", "sentence_index", "start", "end", "quote", "value", "value_max", "unit",
                 "counted", "indicator", "qualifier", "modality", "change", "province", "period", "article_date",
                 "section", "extractor", "extractor_version", "run_id")
CONTEXT_COLUMNS = ("title", "source", "sentence")
ARTICLE_COLUMNS = ("id", "path", "url", "doc", "title", "published", "province", "byline", "outlet",
                   "content_hash", "extractor_version", "ingested_at", "run_id")
RUN_COLUMNS = ("id", "started_at", "ended_at", "status", "extractor_version", "flow_run_id", "n_files",
               "n_new", "n_unchanged", "n_replaced", "n_failed", "n_claims", "n_entities")

_PREFIX = re.compile(r"^\s*(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def plain_value(value: Any) -> Any:
    """A column value as JSON has it: dates as ISO strings, whole floats as ints."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # 1909.0 -> 1909, as the gold format writes it
    return value


def row_dict(obj: Any, columns: Iterable[str]) -> dict:
    """``{column: plain value}`` of one row object."""
    return {c: plain_value(getattr(obj, c)) for c in columns}


def canonical_province(name: str | None) -> str | None:
    """``"TP Hà Nội"`` -> ``"Hà Nội"``: the extractors' gazetteer; a name it does not know, as typed
    without its ``tỉnh``/``thành phố``/``TP`` prefix."""
    if not name:
        return None
    from vnfacts.extractors.gazetteer import canonical_province as gazetteer

    found = gazetteer(name)
    if found:
        return found
    text = unicodedata.normalize("NFC", name).strip()
    return _PREFIX.sub("", text).strip() or None


def _lenient(resolve, text: str | None) -> str | None:
    """``resolve(text)`` (``store.vocab``), or the text as typed when it names nothing known."""
    if not text:
        return None
    from vnfacts.store import vocab

    try:
        return resolve(text)
    except vocab.Unknown:
        return unicodedata.normalize("NFC", text).strip()


def canonical_indicator(text: str | None) -> str | None:
    """``"HTX"``, ``"hop tac xa"``, ``"Cooperatives"`` -> the indicator key claims store."""
    from vnfacts.store import vocab

    return _lenient(vocab.indicator, text)


def canonical_qualifier(text: str | None) -> str | None:
    """``"hơn"`` -> ``more_than``; a key stays as it is."""
    from vnfacts.store import vocab

    return _lenient(vocab.qualifier, text)


def canonical_unit(text: str | None) -> str | None:
    """``"tỷ đồng"`` -> ``VND``; ``"%"`` -> ``percent``."""
    from vnfacts.store import vocab

    return _lenient(vocab.unit, text)


def canonical_modality(text: str | None) -> str | None:
    """``fact`` or ``actual`` -> ``actual``; ``target`` -> ``target``."""
    from vnfacts.store import vocab

    return _lenient(vocab.modality, text)


def _years(column, year_from: int | None, year_to: int | None) -> list:
    where = []
    if year_from is not None:
        where.append(column >= dt.date(int(year_from), 1, 1))
    if year_to is not None:
        where.append(column < dt.date(int(year_to) + 1, 1, 1))
    return where


def _order(stmt, model, order_by: str | None, allowed: dict):
    key = (order_by or "id").strip()
    desc = key.startswith("-")
    column = allowed.get(key.lstrip("-"))
    if column is None:
        raise ValueError(f"cannot order by {key!r}; choose one of {', '.join(sorted(allowed))}")
    return stmt.order_by(column.desc() if desc else column, model.id)


def _page(stmt, limit: int | None, offset: int | None):
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def count_rows(session: Session, statement: Select) -> int:
    """How many rows ``statement`` returns with no limit, offset or order."""
    stmt = statement.order_by(None).limit(None).offset(None)
    return session.exec(select(func.count()).select_from(stmt.subquery())).scalar_one()


# -- claims ----------------------------------------------------------------------------

def claims_statement(*, province: str | None = None, indicator: str | None = None,
                     modality: str | None = None, year_from: int | None = None, year_to: int | None = None,
                     article_id: int | None = None, qualifier: str | None = None, unit: str | None = None,
                     text: str | None = None, limit: int | None = None, offset: int | None = None,
                     order_by: str | None = "id", context: bool = False) -> Select:
    """The statement selecting the claims that match every filter given; ``text`` searches the
    quote, counted noun and sentence.

    Filters take what a person types (``vnfacts.store.vocab``): ``indicator="hop tac xa"``,
    ``qualifier="hơn"``, ``unit="tỷ đồng"``, ``modality="fact"``. It selects ``ClaimRow``;
    with ``context``, also the article's title, its URL or path and the claim's sentence.
    """
    stmt = select(ClaimRow)
    if context:
        stmt = select(ClaimRow, Article.title, func.coalesce(Article.url, Article.path), SentenceRow.text).join(
            Article, Article.id == ClaimRow.article_id)
    if province:
        stmt = stmt.where(ClaimRow.province == canonical_province(province))
    if indicator:
        stmt = stmt.where(ClaimRow.indicator == canonical_indicator(indicator))
    for column, value in ((ClaimRow.modality, canonical_modality(modality)),
                          (ClaimRow.qualifier, canonical_qualifier(qualifier)),
                          (ClaimRow.article_id, article_id), (ClaimRow.unit, canonical_unit(unit))):
        if value is not None:
            stmt = stmt.where(column == value)
    stmt = stmt.where(*_years(ClaimRow.article_date, year_from, year_to))
    if text or context:
        stmt = stmt.outerjoin(SentenceRow, SentenceRow.id == ClaimRow.sentence_id)
    if text:
        like = f"%{text}%"
        stmt = stmt.where(or_(ClaimRow.quote.ilike(like), ClaimRow.counted.ilike(like), SentenceRow.text.ilike(like)))
    stmt = _order(stmt, ClaimRow, order_by, {
        "id": ClaimRow.id, "value": ClaimRow.value, "date": ClaimRow.article_date,
        "province": ClaimRow.province, "indicator": ClaimRow.indicator, "article": ClaimRow.article_id})
    return _page(stmt, limit, offset)


def claims(session: Session, *, context: bool = False, **filters: Any) -> list[dict]:
    """Claims matching every filter given (the keywords of :func:`claims_statement`).

    ``context`` adds each claim's article title, its URL or path (``source``) and its
    sentence (``CONTEXT_COLUMNS``).
    """
    stmt = claims_statement(context=context, **filters)
    if not context:
        return [row_dict(c, CLAIM_COLUMNS) for c in session.exec(stmt).scalars()]
    return [{**row_dict(c, CLAIM_COLUMNS), "title": title, "source": src, "sentence": sentence}
            for c, title, src, sentence in session.exec(stmt)]


def count_claims(session: Session, **filters: Any) -> int:
    """How many claims ``claims(session, **filters)`` returns without a limit."""
    filters = {k: v for k, v in filters.items() if k not in ("order_by", "limit", "offset", "context")}
    return count_rows(session, claims_statement(**filters))


def claim_values(session: Session, column: str, limit: int = 20) -> list[tuple[str, int]]:
    """The values one claim column holds (province, indicator, modality, qualifier, unit), most claims first."""
    col = getattr(ClaimRow, column)
    stmt = (select(col, func.count()).select_from(ClaimRow).where(col.is_not(None)).group_by(col)
            .order_by(func.count().desc(), col).limit(limit))
    return [("fact" if column == "modality" and v == "actual" else v, n) for v, n in session.exec(stmt)]


def claim(session: Session, claim_id: int) -> dict | None:
    """One claim with what an auditor needs: its sentence, article and the run that stored it."""
    c = session.get(ClaimRow, claim_id)
    if c is None:
        return None
    s = session.get(SentenceRow, c.sentence_id) if c.sentence_id else None
    return _with_provenance(session, row_dict(c, CLAIM_COLUMNS), c.article_id, s, c.run_id)


def _with_provenance(session: Session, out: dict, article_id: int, sentence: SentenceRow | None,
                     run_id: int | None) -> dict:
    """``out`` with what an auditor of a fact needs: its article (and the folder or feed it came
    from), its sentence, and the run that stored it."""
    art = session.get(Article, article_id)
    out["article"] = row_dict(art, ARTICLE_COLUMNS)
    src = session.get(Source, art.source_id) if art.source_id else None
    out["article"]["source"] = src.location if src else None
    s = sentence
    out["sentence"] = {"index": s.index, "start": s.start, "end": s.end, "text": s.text} if s else None
    run = session.get(IngestRun, run_id) if run_id else None
    out["run"] = row_dict(run, RUN_COLUMNS) if run else None
    return out


# -- articles --------------------------------------------------------------------------

def articles_statement(*, province: str | None = None, year_from: int | None = None,
                       year_to: int | None = None, text: str | None = None, limit: int | None = None,
                       offset: int | None = None, order_by: str | None = "id") -> Select:
    """The statement selecting articles (``Article``, ``n_claims``) that match every filter given."""
    n_claims = (select(func.count(ClaimRow.id)).where(ClaimRow.article_id == Article.id)
                .correlate(Article).scalar_subquery())
    stmt = select(Article, n_claims.label("n_claims"))
    if province:
        stmt = stmt.where(Article.province == canonical_province(province))
    stmt = stmt.where(*_years(Article.published, year_from, year_to))
    if text:
        stmt = stmt.where(or_(Article.title.ilike(f"%{text}%"), Article.doc.ilike(f"%{text}%")))
    stmt = _order(stmt, Article, order_by, {"id": Article.id, "date": Article.published,
                                            "province": Article.province, "title": Article.title})
    return _page(stmt, limit, offset)


def articles(session: Session, **filters: Any) -> list[dict]:
    """Articles (without their text) with how many claims each holds (the keywords of
    :func:`articles_statement`)."""
    return [{**row_dict(a, ARTICLE_COLUMNS), "n_claims": n} for a, n in session.exec(articles_statement(**filters))]


def count_articles(session: Session, **filters: Any) -> int:
    """How many articles ``articles(session, **filters)`` returns without a limit."""
    filters = {k: v for k, v in filters.items() if k not in ("order_by", "limit", "offset")}
    return count_rows(session, articles_statement(**filters))


def article(session: Session, article_id: int) -> dict | None:
    """One article with its text, every locator it was read from, and its facts' counts."""
    a = session.get(Article, article_id)
    if a is None:
        return None
    out = row_dict(a, ARTICLE_COLUMNS)
    out["text"] = a.text
    out["locators"] = list(session.exec(select(ArticleSource.locator).where(
        ArticleSource.article_id == a.id).order_by(ArticleSource.id)).scalars())
    for key, model in (("n_sentences", SentenceRow), ("n_claims", ClaimRow), ("n_entities", Entity)):
        out[key] = session.exec(select(func.count()).select_from(model).where(model.article_id == a.id)).scalar_one()
    return out


# -- people and organisations ----------------------------------------------------------

def _mentions_count(entity_column):
    return (select(func.count(Mention.id)).where(Mention.entity_id == entity_column).scalar_subquery())


def officials(session: Session, *, name: str | None = None, title: str | None = None,
              province: str | None = None, article_id: int | None = None, year_from: int | None = None,
              year_to: int | None = None, limit: int | None = None, offset: int | None = None) -> list[dict]:
    """Officials named in articles, with their title and the article's province and date."""
    stmt = (select(OfficialRow, Article.province, Article.published,
                   _mentions_count(OfficialRow.entity_id).label("mentions"))
            .join(Article, Article.id == OfficialRow.article_id))
    if name:
        stmt = stmt.where(OfficialRow.name.ilike(f"%{name}%"))
    if title:
        stmt = stmt.where(OfficialRow.title.ilike(f"%{title}%"))
    if province:
        stmt = stmt.where(Article.province == canonical_province(province))
    if article_id is not None:
        stmt = stmt.where(OfficialRow.article_id == article_id)
    stmt = stmt.where(*_years(Article.published, year_from, year_to)).order_by(OfficialRow.id)
    return [{"id": o.id, "article_id": o.article_id, "name": o.name, "title": o.title, "province": p,
             "published": plain_value(d), "mentions": n}
            for o, p, d, n in session.exec(_page(stmt, limit, offset))]


def cooperatives(session: Session, *, name: str | None = None, province: str | None = None,
                 kind: str | None = None, article_id: int | None = None, year_from: int | None = None,
                 year_to: int | None = None, limit: int | None = None, offset: int | None = None) -> list[dict]:
    """Named cooperatives, unions and groups; alliances only when ``kind="alliance"`` asks for them.

    ``province`` is the cooperative's own province when the extractor found one, else the
    article's.
    """
    where_province = func.coalesce(CooperativeRow.province, Article.province)
    stmt = (select(CooperativeRow, where_province, Article.published,
                   _mentions_count(CooperativeRow.entity_id).label("mentions"))
            .join(Article, Article.id == CooperativeRow.article_id))
    stmt = stmt.where(CooperativeRow.kind == kind) if kind else stmt.where(CooperativeRow.kind != "alliance")
    if name:
        stmt = stmt.where(CooperativeRow.name.ilike(f"%{name}%"))
    if province:
        stmt = stmt.where(where_province == canonical_province(province))
    if article_id is not None:
        stmt = stmt.where(CooperativeRow.article_id == article_id)
    stmt = stmt.where(*_years(Article.published, year_from, year_to)).order_by(CooperativeRow.id)
    return [{"id": c.id, "article_id": c.article_id, "name": c.name, "kind": c.kind, "province": p,
             "published": plain_value(d), "mentions": n}
            for c, p, d, n in session.exec(_page(stmt, limit, offset))]


# -- events ----------------------------------------------------------------------------

EVENT_TYPES = ("congress", "meeting", "training", "trade_promotion", "financial_support", "founding", "award",
               "agreement", "visit", "other")
EVENT_COLUMNS = ("id", "article_id", "type", "date", "province", "quote", "sentence_index", "start", "end", "run_id")


def event_year(year_from: int | None, year_to: int | None) -> list:
    """An event's year is its date's (EDTF begins with it), else its article's publication year."""
    where = []
    for bound, op in ((year_from, "ge"), (year_to, "le")):
        if bound is None:
            continue
        dated = getattr(func.substr(EventRow.date, 1, 4), f"__{op}__")(f"{int(bound):04d}")
        undated = _years(Article.published, bound if op == "ge" else None, bound if op == "le" else None)
        where.append(or_(and_(EventRow.date.is_not(None), dated), and_(EventRow.date.is_(None), *undated)))
    return where


def events_statement(*, type: str | None = None, province: str | None = None, year_from: int | None = None,
                     year_to: int | None = None, official: str | None = None, article_id: int | None = None,
                     limit: int | None = None, offset: int | None = None, order_by: str | None = "-date") -> Select:
    """The statement selecting events (``EventRow``, the article's title and publication date) that
    match every filter given; newest first by default (an undated event at its article's date).

    ``type`` is a key of ``EVENT_TYPES``; ``official`` words in the name of an official placed at
    the event; years are the event's (its date, else its article's).
    """
    when = func.coalesce(EventRow.date, cast(Article.published, String))
    stmt = select(EventRow, Article.title, Article.published).join(Article, Article.id == EventRow.article_id)
    if type:
        stmt = stmt.where(EventRow.type == type)
    if province:
        stmt = stmt.where(EventRow.province == canonical_province(province))
    if article_id is not None:
        stmt = stmt.where(EventRow.article_id == article_id)
    if official:
        stmt = stmt.where(exists().where(EventParticipantRow.event_id == EventRow.id,
                                         EventParticipantRow.kind == "official",
                                         EventParticipantRow.name.ilike(f"%{official.strip()}%")))
    stmt = stmt.where(*event_year(year_from, year_to))
    stmt = _order(stmt, EventRow, order_by, {"id": EventRow.id, "date": when, "type": EventRow.type,
                                             "province": EventRow.province, "article": EventRow.article_id})
    return _page(stmt, limit, offset)


def _participants(session: Session, event_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = {i: {"official": [], "organisation": []} for i in event_ids}
    for i in range(0, len(event_ids), 500):
        stmt = (select(EventParticipantRow).where(EventParticipantRow.event_id.in_(event_ids[i:i + 500]))
                .order_by(EventParticipantRow.id))
        for p in session.exec(stmt).scalars():
            out[p.event_id].setdefault(p.kind, []).append(p.name)
    return out


def _linked_claims(session: Session, event_ids: list[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {i: [] for i in event_ids}
    for i in range(0, len(event_ids), 500):
        stmt = (select(EventClaimRow.event_id, EventClaimRow.claim_id)
                .where(EventClaimRow.event_id.in_(event_ids[i:i + 500])).order_by(EventClaimRow.id))
        for event_id, claim_id in session.exec(stmt):
            out[event_id].append(claim_id)
    return out


def events(session: Session, **filters: Any) -> list[dict]:
    """Events matching every filter given (the keywords of :func:`events_statement`), each with
    its article's title and date, the officials and organisations at it and the ids of the
    claims it tells."""
    rows = session.exec(events_statement(**filters)).all()
    ids = [e.id for e, _, _ in rows]
    people, claims_of = _participants(session, ids), _linked_claims(session, ids)
    return [{**row_dict(e, EVENT_COLUMNS), "title": title, "published": plain_value(published),
             "officials": people[e.id]["official"], "organisations": people[e.id]["organisation"],
             "claim_ids": claims_of[e.id]} for e, title, published in rows]


def count_events(session: Session, **filters: Any) -> int:
    """How many events ``events(session, **filters)`` returns without a limit."""
    filters = {k: v for k, v in filters.items() if k not in ("order_by", "limit", "offset")}
    return count_rows(session, events_statement(**filters))


def event_counts(session: Session, **filters: Any) -> dict[str, list[dict]]:
    """How many events of each type, in each year and in each province match the filters: what
    the alliances did, when and where."""
    filters = {k: v for k, v in filters.items() if k not in ("order_by", "limit", "offset")}
    matching = events_statement(**filters).order_by(None).subquery()
    year = func.coalesce(func.substr(matching.c.date, 1, 4), func.substr(cast(matching.c.published, String), 1, 4))

    def grouped(column, label):
        stmt = select(column, func.count()).select_from(matching).group_by(column).order_by(func.count().desc(), column)
        return [{label: k, "count": n} for k, n in session.exec(stmt)]

    by_year = sorted(grouped(year, "year"), key=lambda r: r["year"] or "", reverse=True)
    return {"by_type": grouped(matching.c.type, "type"), "by_year": by_year,
            "by_province": grouped(matching.c.province, "province")}


def event(session: Session, event_id: int) -> dict | None:
    """One event with what an auditor needs: its article, sentence, participants and the claims it tells."""
    e = session.get(EventRow, event_id)
    if e is None:
        return None
    s = session.exec(select(SentenceRow).where(SentenceRow.article_id == e.article_id,
                                               SentenceRow.index == e.sentence_index)).scalars().first()
    out = _with_provenance(session, row_dict(e, EVENT_COLUMNS), e.article_id, s, e.run_id)
    people = _participants(session, [event_id])[event_id]
    out["officials"], out["organisations"] = people["official"], people["organisation"]
    claim_ids = _linked_claims(session, [event_id])[event_id]
    rows = session.exec(select(ClaimRow).where(ClaimRow.id.in_(claim_ids)).order_by(ClaimRow.id)).scalars() \
        if claim_ids else []
    out["claims"] = [row_dict(c, CLAIM_COLUMNS) for c in rows]
    return out


# -- runs, errors, stats ---------------------------------------------------------------

def runs(session: Session, *, limit: int | None = 20) -> list[dict]:
    stmt = select(IngestRun).order_by(IngestRun.id.desc())
    return [row_dict(r, RUN_COLUMNS) for r in session.exec(_page(stmt, limit, None)).scalars()]


def errors(session: Session, *, run_id: int | None = None, limit: int | None = None) -> list[dict]:
    stmt = select(IngestError).order_by(IngestError.id)
    if run_id is not None:
        stmt = stmt.where(IngestError.run_id == run_id)
    return [row_dict(e, ("id", "run_id", "locator", "reason", "created_at"))
            for e in session.exec(_page(stmt, limit, None)).scalars()]


def warnings(session: Session, *, run_id: int | None = None, article_id: int | None = None,
             limit: int | None = None) -> list[dict]:
    """Sentences an extractor failed on, in stored articles (their other facts are stored)."""
    stmt = (select(ExtractionWarningRow.id, ExtractionWarningRow.article_id, Article.locator,
                   ExtractionWarningRow.sentence_index, ExtractionWarningRow.extractor,
                   ExtractionWarningRow.error, ExtractionWarningRow.run_id)
            .join(Article, Article.id == ExtractionWarningRow.article_id).order_by(ExtractionWarningRow.id))
    if run_id is not None:
        stmt = stmt.where(ExtractionWarningRow.run_id == run_id)
    if article_id is not None:
        stmt = stmt.where(ExtractionWarningRow.article_id == article_id)
    return [dict(r._mapping) for r in session.exec(_page(stmt, limit, None))]


TABLES = {"sources": Source, "ingest_runs": IngestRun, "ingest_errors": IngestError, "articles": Article,
          "article_sources": ArticleSource, "sentences": SentenceRow, "entities": Entity, "mentions": Mention,
          "officials": OfficialRow, "cooperatives": CooperativeRow, "claims": ClaimRow,
          "extraction_warnings": ExtractionWarningRow, "events": EventRow, "event_participants": EventParticipantRow,
          "event_claims": EventClaimRow}


def stats(session: Session) -> dict:
    """Row counts per table, and claims/articles per province and per indicator."""
    def grouped(column, label, model):
        stmt = (select(column, func.count()).select_from(model).group_by(column)
                .order_by(func.count().desc(), column))
        return [{label: k, "count": n} for k, n in session.exec(stmt)]

    return {
        "tables": {name: session.exec(select(func.count()).select_from(m)).scalar_one() for name, m in TABLES.items()},
        "claims_by_province": grouped(ClaimRow.province, "province", ClaimRow),
        "claims_by_indicator": grouped(ClaimRow.indicator, "indicator", ClaimRow),
        "articles_by_province": grouped(Article.province, "province", Article),
    }
