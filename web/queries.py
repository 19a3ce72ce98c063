"""Read queries the web pages need beyond ``vnfacts.store.queries`` (which the CLI shares).

Everything here returns plain dicts like ``vnfacts.store.queries`` does. Filters on claims
are *not* restated: pages, counts and charts start from ``queries.claims_statement``, the
statement ``queries.claims`` runs.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import distinct, func, select
from sqlmodel import Session

from vnfacts.schemas.tables import Article, ClaimRow, CooperativeRow, Entity, Mention, OfficialRow, SentenceRow
from vnfacts.store import queries
from vnfacts.store.queries import CLAIM_COLUMNS, plain_value, row_dict


def claims_page(session: Session, filters: dict, *, order_by: str, limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of ``vnfacts.store.queries.claims`` (the same rows, in the same order) and the number of all matches.

    Structured filters use the store's indexes. A text search has to read every claim
    (and its sentence) once to count the matches; for the page itself, walking the date
    index is fastest when matches are dense, but much slower than one sequential scan and
    a small sort when they are rare. Knowing the count first, the page query is told
    which (``NOT INDEXED``, SQLite only; other databases plan this themselves).
    """
    total = queries.count_claims(session, **filters)
    if not filters.get("text"):
        rows = queries.claims(session, **filters, order_by=order_by, limit=limit, offset=offset) \
            if offset < total else []
        return rows, total
    if offset >= total:
        return [], total
    stmt = queries.claims_statement(**filters, order_by=order_by, limit=limit, offset=offset)
    if (offset + limit) * 4 > total:  # sparse matches: scan once, sort the few
        stmt = stmt.with_hint(ClaimRow, "NOT INDEXED", "sqlite")
    return [row_dict(c, CLAIM_COLUMNS) for c in session.exec(stmt).scalars()], total


# -- facets (the filter form's choices) ---------------------------------------------------

def facets(session: Session) -> dict[str, list[dict]]:
    """Provinces, indicators and units that claims use, most frequent first."""
    def grouped(column):
        stmt = (select(column, func.count()).select_from(ClaimRow).where(column.is_not(None))
                .group_by(column).order_by(func.count().desc(), column))
        return [{"name": k, "count": n} for k, n in session.exec(stmt)]

    return {"provinces": grouped(ClaimRow.province), "indicators": grouped(ClaimRow.indicator)}


def top_provinces(session: Session, indicator: str, unit: str | None, n: int = 5) -> list[str]:
    stmt = select(ClaimRow.province).where(ClaimRow.indicator == indicator, ClaimRow.province.is_not(None))
    if unit:
        stmt = stmt.where(ClaimRow.unit == unit)
    stmt = stmt.group_by(ClaimRow.province).order_by(func.count().desc(), ClaimRow.province).limit(n)
    return list(session.exec(stmt).scalars())


# -- one claim, one article -------------------------------------------------------------

def sentences_around(session: Session, article_id: int, index: int, radius: int = 2) -> list[dict]:
    stmt = (select(SentenceRow).where(SentenceRow.article_id == article_id,
                                      SentenceRow.index.between(index - radius, index + radius))
            .order_by(SentenceRow.index))
    return [{"index": s.index, "start": s.start, "end": s.end, "text": s.text, "section": s.section}
            for s in session.exec(stmt).scalars()]


def article_layers(session: Session, article_id: int) -> dict[str, Any]:
    """Everything drawn over an article's text: sentences, boilerplate, claims, entity mentions."""
    art = session.get(Article, article_id)
    sentences = session.exec(select(SentenceRow).where(SentenceRow.article_id == article_id)
                             .order_by(SentenceRow.index)).scalars().all()
    claim_rows = session.exec(select(ClaimRow).where(ClaimRow.article_id == article_id)
                              .order_by(ClaimRow.start, ClaimRow.id)).scalars().all()
    mention_rows = session.exec(
        select(Mention, Entity.type, Entity.name).join(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id == article_id).order_by(Mention.start, Mention.id)).all()
    titles = dict(session.exec(select(OfficialRow.entity_id, OfficialRow.title)
                               .where(OfficialRow.article_id == article_id)).all())
    entity_rows = session.exec(select(Entity).where(Entity.article_id == article_id)
                               .order_by(Entity.id)).scalars().all()
    counts: dict[int, int] = {}
    for m, _t, _n in mention_rows:
        counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    try:
        boilerplate = [(int(a), int(b)) for a, b in json.loads(art.boilerplate or "[]")]
    except (ValueError, TypeError):
        boilerplate = []
    return {
        "sentences": [{"index": s.index, "start": s.start, "end": s.end, "section": s.section,
                       "paragraph": s.paragraph} for s in sentences],
        "boilerplate": boilerplate,
        "claims": [row_dict(c, CLAIM_COLUMNS) for c in claim_rows],
        "mentions": [{"entity_id": m.entity_id, "start": m.start, "end": m.end, "surface": m.surface,
                      "type": t, "name": n, "title": titles.get(m.entity_id),
                      "sentence_index": m.sentence_index} for m, t, n in mention_rows],
        "entities": [{"id": e.id, "type": e.type, "name": e.name, "title": titles.get(e.id),
                      "mentions": counts.get(e.id, 0)} for e in entity_rows],
    }


# -- entities ------------------------------------------------------------------------------

def provinces(session: Session) -> list[dict]:
    """Every province with its number of claims and of articles about it."""
    claims_by = dict(session.exec(select(ClaimRow.province, func.count()).where(ClaimRow.province.is_not(None))
                                  .group_by(ClaimRow.province)).all())
    articles_by = dict(session.exec(select(Article.province, func.count()).where(Article.province.is_not(None))
                                    .group_by(Article.province)).all())
    names = sorted(set(claims_by) | set(articles_by), key=lambda p: (-claims_by.get(p, 0), p))
    return [{"name": p, "claims": claims_by.get(p, 0), "articles": articles_by.get(p, 0)} for p in names]


def province_indicators(session: Session, province: str) -> list[dict]:
    stmt = (select(ClaimRow.indicator, ClaimRow.modality, func.count(), func.min(ClaimRow.article_date),
                   func.max(ClaimRow.article_date))
            .where(ClaimRow.province == province)
            .group_by(ClaimRow.indicator, ClaimRow.modality).order_by(func.count().desc()))
    return [{"indicator": i, "modality": m, "count": n, "first": plain_value(a), "last": plain_value(b)}
            for i, m, n, a, b in session.exec(stmt)]


def _names(session: Session, model, q: str | None, limit: int, offset: int, extra=()):
    n_articles = func.count(distinct(model.article_id))
    stmt = select(model.name, n_articles, func.max(Article.published)).join(Article, Article.id == model.article_id)
    for cond in extra:
        stmt = stmt.where(cond)
    if q:
        stmt = stmt.where(model.name.icontains(q, autoescape=True))
    total = session.exec(select(func.count()).select_from(
        stmt.group_by(model.name).subquery())).scalar_one()
    stmt = stmt.group_by(model.name).order_by(n_articles.desc(), model.name).limit(limit).offset(offset)
    return total, [{"name": n, "articles": k, "last_seen": plain_value(d)} for n, k, d in session.exec(stmt)]


def official_names(session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0):
    """``(total, rows)``: officials by name, with how many articles name them and their titles."""
    total, rows = _names(session, OfficialRow, q, limit, offset)
    if rows:
        titles: dict[str, list[str]] = {}
        stmt = (select(OfficialRow.name, OfficialRow.title, func.count())
                .where(OfficialRow.name.in_([r["name"] for r in rows]))
                .group_by(OfficialRow.name, OfficialRow.title).order_by(func.count().desc()))
        for name, title, _n in session.exec(stmt):
            titles.setdefault(name, []).append(title)
        for r in rows:
            r["titles"] = titles.get(r["name"], [])
    return total, rows


def cooperative_names(session: Session, *, q: str | None = None, limit: int = 50, offset: int = 0):
    total, rows = _names(session, CooperativeRow, q, limit, offset, extra=[CooperativeRow.kind != "alliance"])
    if rows:
        info: dict[str, dict] = {}
        stmt = (select(CooperativeRow.name, CooperativeRow.kind,
                       func.coalesce(CooperativeRow.province, Article.province))
                .join(Article, Article.id == CooperativeRow.article_id)
                .where(CooperativeRow.name.in_([r["name"] for r in rows])))
        for name, kind, prov in session.exec(stmt):
            d = info.setdefault(name, {"kinds": set(), "provinces": set()})
            d["kinds"].add(kind)
            if prov:
                d["provinces"].add(prov)
        for r in rows:
            d = info.get(r["name"], {"kinds": set(), "provinces": set()})
            r["kinds"], r["provinces"] = sorted(d["kinds"]), sorted(d["provinces"])
    return total, rows


def _appearances(session: Session, model, name: str, extra=()) -> list[dict]:
    """Articles an entity appears in, with the entity's row there and its mentions' sentences."""
    stmt = (select(model, Article.title, Article.published, Article.province)
            .join(Article, Article.id == model.article_id).where(model.name == name, *extra)
            .order_by(Article.published.desc(), Article.id))
    out = []
    rows = session.exec(stmt).all()
    entity_ids = [r[0].entity_id for r in rows]
    sentences: dict[int, set[int]] = {}
    if entity_ids:
        for eid, idx in session.exec(select(Mention.entity_id, Mention.sentence_index)
                                     .where(Mention.entity_id.in_(entity_ids))):
            if idx is not None:
                sentences.setdefault(eid, set()).add(idx)
    for row, title, published, province in rows:
        d = {"article_id": row.article_id, "title": title, "published": plain_value(published),
             "article_province": province, "sentences": sorted(sentences.get(row.entity_id, ()))}
        for key in ("title", "kind", "province"):
            if hasattr(row, key):
                d["entity_" + key] = getattr(row, key)
        out.append(d)
    return out


def official(session: Session, name: str) -> list[dict]:
    return _appearances(session, OfficialRow, name)


def cooperative(session: Session, name: str) -> list[dict]:
    return _appearances(session, CooperativeRow, name, extra=[CooperativeRow.kind != "alliance"])


def claims_of_appearances(session: Session, appearances: list[dict], limit: int = 500) -> list[dict]:
    """Claims in the articles an entity appears in; ``same_sentence`` when it is named in the claim's sentence."""
    if not appearances:
        return []
    where = {a["article_id"]: set(a["sentences"]) for a in appearances}
    stmt = (select(ClaimRow).where(ClaimRow.article_id.in_(list(where)))
            .order_by(ClaimRow.article_date.desc(), ClaimRow.article_id, ClaimRow.start).limit(limit))
    out = []
    for c in session.exec(stmt).scalars():
        d = row_dict(c, CLAIM_COLUMNS)
        d["same_sentence"] = c.sentence_index in where.get(c.article_id, ())
        out.append(d)
    out.sort(key=lambda d: not d["same_sentence"])  # stable: the entity's own sentences first
    return out


# -- chart --------------------------------------------------------------------------------

CHART_COLUMNS = ("id", "article_id", "value", "value_max", "unit", "qualifier", "modality", "change",
                 "province", "article_date", "quote")


def chart_points(session: Session, *, indicator: str, provinces: list[str], unit: str | None,
                 modality: str | None = None, year_from: int | None = None, year_to: int | None = None,
                 include_changes: bool = False, per_province: int = 20_000,
                 max_points: int = 150) -> dict[str, list[dict]]:
    """``{province: [claim dicts with a date, oldest first]}``, filtered by ``vnfacts.store.queries.claims``.

    Only the columns a chart needs are read. A province with more than ``max_points``
    claims is thinned to one point per month and kind: the claim with the median value
    of that month (``n`` says how many claims it stands for), so every point is still a
    real claim that links to its audit page.
    """
    out: dict[str, list[dict]] = {p: [] for p in provinces}
    if not provinces:
        return out
    columns = [getattr(ClaimRow, c) for c in CHART_COLUMNS]
    # the store's filters for everything but the province; the provinces (canonical names) in one pass
    stmt = queries.claims_statement(indicator=indicator, unit=unit, modality=modality, year_from=year_from,
                                    year_to=year_to, order_by="date", limit=per_province * len(provinces))
    # sorted here rather than by the database, so that it reads the few provinces' rows
    # through the (province, indicator) index instead of walking a whole indicator by date
    stmt = stmt.with_only_columns(*columns).where(ClaimRow.article_date.is_not(None),
                                                  ClaimRow.province.in_(provinces)).order_by(None)
    if not include_changes:
        stmt = stmt.where(ClaimRow.change.is_(None))
    for r in session.connection().execute(stmt):  # plain rows: no ORM bookkeeping for thousands of points
        d = dict(zip(CHART_COLUMNS, r))
        d["article_date"] = d["article_date"].isoformat()
        d["value"], d["value_max"] = plain_value(d["value"]), plain_value(d["value_max"])
        d["n"] = 1
        out[d["province"]].append(d)
    for p, rows in out.items():
        rows.sort(key=lambda r: (r["article_date"], r["id"]))
        if len(rows) > max_points:
            buckets: dict[tuple, list[dict]] = {}
            for r in rows:
                buckets.setdefault((r["article_date"][:7], r["modality"]), []).append(r)
            rows = []
            for (_month, _m), group in sorted(buckets.items()):
                group.sort(key=lambda r: r["value"])
                pick = dict(group[(len(group) - 1) // 2])
                pick["n"] = len(group)
                rows.append(pick)
        out[p] = rows
    return out
