"""Observations: claims that state the same number, merged into one data point of a series.

An **observation** is one value of one indicator series for one place at one period, as a
fact or a target: ``cooperatives · Thái Nguyên · 2021 · fact · hơn 580``. It is built from
the claims that state it and linked to all of them (``observation_claims``): the headline,
the lead and the body of one article, the same text republished under another locator,
two outlets.

**Which claims state an observation** (``observation_key``): levels only. A claim counts
when it has a series (an indicator, with the sub-type its counted noun names:
``cooperatives.agriculture`` is its own series, so totals never mix with parts), a period,
and is not a change (``tăng 15 HTX`` is a change, not a level). Percentages count only as
shares (``cooperatives_share``: a level too); growth rates are changes, and multipliers
(``gấp 2 lần``) and per-unit rates (``đồng/người``) are not levels of the series they name.
Flows over a period (``cooperatives_established``: founded in 2021) are series of their own.

**The key** is what the claims share: series, province (none: national, or no place
named), period (EDTF, as the extractor wrote it), modality and unit.

**Compatible values** (``plausible_range``): each claim stands for a range of true values
that respects how the number was written. A number is rounded to its last non-zero digit
(``580`` is 575-585, ``583`` is 582.5-583.5, ``42.150`` is 42.145-42.155); ``hơn``/``trên``/
``ít nhất`` reach one such step up (``hơn 580`` is 580-590, ``hơn 2.000`` 2.000-3.000),
``dưới``/``tối đa`` one step down; ``khoảng`` one step or 5 % either way, whichever is
wider (``khoảng 42 nghìn`` is 39.900-44.100); a range is its two ends. Claims whose ranges
overlap state one observation (``hơn 580`` and ``583``; ``khoảng 42 nghìn`` and ``42.150``).
Claims of one key that cannot be the same number (``580`` and ``620``) are separate
observations, all flagged ``conflict``: both kept, never averaged. Grouping is greedy, most
precise claim first; an observation shows its most precise claim's value and qualifier.

**Kept current incrementally.** ``store.load`` notes the keys of an article's claims before
it deletes them (``note_leaving``) and, once the new ones are in, ``refresh_article``
rebuilds the observations of those keys and of the new claims' keys, in the article's
transaction: only the observations those keys hold are rewritten. ``rebuild`` recomputes
every claim's derived columns and every observation (``vnfacts observations rebuild``).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlmodel import Session

from vnfacts.extractors.indicators import AFTER_CHARS, describe, expand_abbreviations, series_key
from vnfacts.schemas.tables import ObservationRow, metadata
from vnfacts.store import bulk

if TYPE_CHECKING:
    from vnfacts.schemas.facts import ArticleFacts, Claim

_PENDING = "vnfacts.observation_keys"  # session.info: keys whose claims left in this transaction
NOT_LEVEL_UNITS = {"lần"}  # multipliers: "gấp 2 lần"
APPROX_SHARE = 0.05  # "khoảng": one step or 5 %, whichever is wider
# The tables' Core columns: SQL expressions that type-check (SQLModel types its class
# attributes as their Python values).
_CLAIMS, _OBSERVATIONS, _LINKS = (metadata.tables[t] for t in ("claims", "observations", "observation_claims"))
_ARTICLES, _SOURCES, _SENTENCES = (metadata.tables[t] for t in ("articles", "article_sources", "sentences"))
CLAIM, OBS, LINK = _CLAIMS.c, _OBSERVATIONS.c, _LINKS.c
ART, SRC, SENT = _ARTICLES.c, _SOURCES.c, _SENTENCES.c
OBSERVATION_COLUMNS = ("id", "indicator", "province", "period", "period_start", "period_end", "modality", "unit",
                       "value", "value_max", "qualifier", "n_claims", "n_articles", "n_sources", "claim_ids",
                       "conflict")


# -- what a claim states (pure) ----------------------------------------------------------

_PLAIN_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _plain_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` -> its first and last day; ``None`` for anything else."""
    m = _PLAIN_DATE.fullmatch(text)
    if m is None:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if day:
            return dt.date(year, month, day), dt.date(year, month, day)
        if month:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def period_bounds(period: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of an EDTF period (``2019`` -> 2019-01-01, 2019-12-31);
    ``(None, None)`` when there is none or an end is open or unknown.

    The plain forms the extractor writes nearly always (a year, month or day, or an
    interval of them) are read here; everything else by the ``edtf`` library, whose parse
    costs ~100 ms (tests hold the two to the same answers)."""
    if not period:
        return None, None
    parts = period.split("/")
    first, last = _plain_bounds(parts[0]), _plain_bounds(parts[-1])
    if len(parts) <= 2 and first and last:
        return first[0], last[1]
    from edtf import parse_edtf

    try:
        parsed = parse_edtf(period)
        lo, hi = parsed.lower_strict(), parsed.upper_strict()
        return (dt.date(lo.tm_year, lo.tm_mon, lo.tm_mday), dt.date(hi.tm_year, hi.tm_mon, hi.tm_mday))
    except Exception:  # an open or unknown end ("2015/..") has no date to filter on
        return None, None


def observation_key(*, series: str | None, province: str | None, period: str | None, modality: str,
                    unit: str, change: str | None) -> str | None:
    """The key of the observation a claim states, or ``None`` when it states no level (see the
    module docstring)."""
    if not series or not period or change is not None or modality not in ("actual", "target"):
        return None
    if unit in NOT_LEVEL_UNITS or "/" in unit:
        return None
    if unit == "percent" and not series.split(".")[0].endswith("_share"):
        return None
    return "|".join((series, province or "", period, modality, unit))


def claim_columns(claim: Claim, text: str) -> tuple[dt.date | None, dt.date | None, str | None, str | None]:
    """``(period_start, period_end, series, observation_key)``: what ``store.load`` stores
    beside a claim's own columns (``text``: the article's, where a sector clause may follow)."""
    start, end = period_bounds(claim.period)
    series = series_key(claim.indicator, claim.counted, text[claim.end:claim.end + AFTER_CHARS])
    key = observation_key(series=series, province=claim.province, period=claim.period, modality=claim.modality,
                          unit=claim.unit, change=claim.change)
    return start, end, series, key


DERIVED_COLUMNS = ("period_start", "period_end", "series", "observation_key")


def _step(value: float) -> float:
    """The rounding step of a number as written: 580 -> 10, 42000 -> 1000, 583 -> 1, 56.5 -> 0.1."""
    if value == 0:
        return 1.0
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 10.0 ** int(exponent)


def plausible_range(value: float, value_max: float | None, qualifier: str) -> tuple[float, float]:
    """The true values a claim is compatible with (see the module docstring)."""
    if value_max is not None:
        return min(value, value_max), max(value, value_max)
    step = _step(value)
    if qualifier in ("more_than", "at_least"):
        return value, value + step
    if qualifier in ("less_than", "at_most"):
        return value - step, value
    if qualifier == "approx":
        reach = max(step, APPROX_SHARE * abs(value))
        return value - reach, value + reach
    return value - step / 2, value + step / 2


@dataclass
class _Group:
    lo: float
    hi: float
    claims: list[dict[str, Any]]


def group_claims(claims: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Claims of one key (dicts with ``id``, ``value``, ``value_max``, ``qualifier``) -> groups of
    claims that can state the same number, most precise claim first in each group; groups in
    the order of their first claim's value."""
    def precision(c: dict[str, Any]) -> tuple[Any, ...]:
        lo, hi = plausible_range(c["value"], c["value_max"], c["qualifier"])
        return (hi - lo, c["qualifier"] != "exact", c["id"])

    groups: list[_Group] = []
    for c in sorted(claims, key=precision):
        lo, hi = plausible_range(c["value"], c["value_max"], c["qualifier"])
        for g in groups:
            if lo <= g.hi and g.lo <= hi:
                g.lo, g.hi = max(g.lo, lo), min(g.hi, hi)
                g.claims.append(c)
                break
        else:
            groups.append(_Group(lo, hi, [c]))
    return sorted((g.claims for g in groups), key=lambda cs: (cs[0]["value"], cs[0]["id"]))


# -- keeping observations current --------------------------------------------------------

_KEY_PARTS = ("indicator", "province", "period", "modality", "unit")
_CLAIM_FIELDS = (CLAIM.id, CLAIM.article_id, CLAIM.value, CLAIM.value_max, CLAIM.qualifier,
                 CLAIM.observation_key, CLAIM.period_start, CLAIM.period_end)


def note_leaving(session: Session, article_id: int) -> None:
    """Before an article's claims are deleted: remember the keys they state (``refresh_article``
    rebuilds them)."""
    keys = session.execute(select(CLAIM.observation_key).distinct().where(
        CLAIM.article_id == article_id, CLAIM.observation_key.is_not(None))).scalars()
    session.info.setdefault(_PENDING, set()).update(keys)


def refresh_article(session: Session, facts: ArticleFacts) -> int:
    """After an article's claims were written: rebuild the observations of the keys its new
    claims state (read back by its locator, ``facts.source``) and of those noted leaving;
    returns how many keys were rebuilt."""
    keys = set(session.info.pop(_PENDING, set()))
    keys.update(session.connection().execute(
        select(CLAIM.observation_key).distinct().join(_SOURCES, SRC.article_id == CLAIM.article_id)
        .where(SRC.locator == facts.source, CLAIM.observation_key.is_not(None))).scalars())
    refresh(session, keys)
    return len(keys)


def refresh(session: Session, keys: Iterable[str]) -> None:
    """Rewrite the observations of ``keys`` from the claims that hold those keys now.

    Core statements on the session's connection: the ORM's per-statement work cost more
    than the database's here."""
    keys = sorted(set(keys))
    conn = session.connection()
    for i in range(0, len(keys), 400):  # stay under bind-parameter limits
        chunk = keys[i:i + 400]
        conn.execute(delete(_LINKS).where(LINK.observation_id.in_(select(OBS.id).where(OBS.key.in_(chunk)))))
        conn.execute(delete(_OBSERVATIONS).where(OBS.key.in_(chunk)))
        by_key: dict[str, list[dict[str, Any]]] = {}
        for r in conn.execute(select(*_CLAIM_FIELDS).where(CLAIM.observation_key.in_(chunk)).order_by(CLAIM.id)):
            by_key.setdefault(r.observation_key, []).append(dict(r._mapping))
        for key in sorted(by_key):
            _insert_key(session, key, by_key[key])


def _insert_key(session: Session, key: str, claims: list[dict[str, Any]]) -> None:
    """Insert the observations of one key and their links, straight to the driver (``store.bulk``:
    through the ORM this cost more than the article's own rows)."""
    parts = dict(zip(_KEY_PARTS, key.split("|")))
    groups = group_claims(claims)
    conn = session.connection()
    for group in groups:
        best = group[0]
        oid = bulk.insert_returning_id(conn, _OBSERVATIONS, {
            "key": key, "indicator": parts["indicator"], "province": parts["province"] or None,
            "period": parts["period"], "period_start": best["period_start"], "period_end": best["period_end"],
            "modality": parts["modality"], "unit": parts["unit"], "value": best["value"],
            "value_max": best["value_max"], "qualifier": best["qualifier"], "conflict": len(groups) > 1,
            "n_claims": len(group), "n_articles": len({c["article_id"] for c in group}), "claim_id": best["id"]})
        bulk.insert_rows(conn, _LINKS, ("observation_id", "claim_id"), sorted((oid, c["id"]) for c in group))


def rebuild(session: Session, *, batch: int = 2000) -> dict[str, Any]:
    """Recompute every claim's derived columns (period bounds, series, key), then every
    observation; commits. Returns counts and the seconds it took."""
    started = time.perf_counter()
    last = 0
    while True:
        after = func.substr(ART.text, CLAIM.end + 1, AFTER_CHARS).label("after")
        rows = session.execute(select(CLAIM.id, CLAIM.period, CLAIM.indicator, CLAIM.counted,
                                      CLAIM.province, CLAIM.modality, CLAIM.unit, CLAIM.change, after)
                               .join(_ARTICLES, ART.id == CLAIM.article_id)
                               .where(CLAIM.id > last).order_by(CLAIM.id).limit(batch)).all()
        if not rows:
            break
        values = []
        for r in rows:
            start, end = period_bounds(r.period)
            series = series_key(r.indicator, r.counted, r.after or "")
            values.append({"cid": r.id, "period_start": start, "period_end": end, "series": series,
                           "observation_key": observation_key(series=series, province=r.province, period=r.period,
                                                              modality=r.modality, unit=r.unit, change=r.change)})
        from sqlalchemy import bindparam

        session.connection().execute(update(_CLAIMS).where(CLAIM.id == bindparam("cid")),
                                     values)
        last = rows[-1].id
    session.execute(delete(_LINKS))
    session.execute(delete(ObservationRow))
    keys = session.execute(select(CLAIM.observation_key).distinct()
                           .where(CLAIM.observation_key.is_not(None))).scalars().all()
    refresh(session, keys)
    session.commit()
    return {**counts(session), "keys": len(keys), "seconds": round(time.perf_counter() - started, 2)}


def build_if_missing(session: Session) -> bool:
    """Build the observations of a database whose claims were stored before observations
    existed (claims with an indicator but no series); ``True`` when it did."""
    if session.execute(select(OBS.id).limit(1)).first() is not None:
        return False
    unprocessed = select(CLAIM.id).where(CLAIM.indicator.is_not(None), CLAIM.series.is_(None)).limit(1)
    if session.execute(unprocessed).first() is None:  # none, or every claim looked at (and none a level)
        return False
    rebuild(session)
    return True


def counts(session: Session) -> dict[str, int]:
    """Claims, claims that state an observation, observations, and those in conflict."""
    def n(stmt: Select[Any]) -> int:
        return int(session.execute(stmt).scalar_one())

    return {"claims": n(select(func.count()).select_from(_CLAIMS)),
            "level_claims": n(select(func.count()).select_from(_CLAIMS).where(CLAIM.observation_key.is_not(None))),
            "observations": n(select(func.count()).select_from(ObservationRow)),
            "conflicts": n(select(func.count()).select_from(ObservationRow).where(OBS.conflict))}


# -- reading series ----------------------------------------------------------------------

def resolve_series(text: str) -> str:
    """What a person types -> a series key: ``HTX`` -> ``cooperatives``; ``HTX nông nghiệp`` and
    ``cooperatives.agriculture`` -> ``cooperatives.agriculture`` (``vocab.Unknown`` if neither)."""
    from vnfacts.store import vocab

    text = expand_abbreviations(text.strip())
    base, dot, sub = text.partition(".")
    if dot and sub:
        return f"{vocab.indicator(base)}.{sub.strip()}"
    key = vocab.indicator(text)
    return series_key(key, text) or key


def overlaps(start_column: Any, end_column: Any, year_from: int | None, year_to: int | None) -> list[Any]:
    """``WHERE`` clauses: the ``[start, end]`` interval overlaps the years ``[year_from, year_to]``
    (rows with no interval are left out once either year is given)."""
    where = []
    if year_from is not None:
        where.append(end_column >= dt.date(int(year_from), 1, 1))
    if year_to is not None:
        where.append(start_column <= dt.date(int(year_to), 12, 31))
    return where


def series_statement(*, indicator: str | None = None, provinces: Sequence[str] | None = None,
                     modality: str | None = None, period_from: int | None = None, period_to: int | None = None,
                     unit: str | None = None, conflict: bool | None = None, national: bool = False) -> Select[Any]:
    """The statement selecting observations (``ObservationRow``) that match every filter, in
    series order (indicator, province, period, modality). ``indicator`` is a series key
    (``resolve_series``); ``provinces`` canonical names; ``national`` keeps observations with no
    province too."""
    stmt = select(ObservationRow)
    if indicator:
        stmt = stmt.where(OBS.indicator == indicator)
    if provinces:
        place = OBS.province.in_(list(provinces))
        stmt = stmt.where(or_(place, OBS.province.is_(None)) if national else place)
    if modality:
        stmt = stmt.where(OBS.modality == modality)
    if unit:
        stmt = stmt.where(OBS.unit == unit)
    if conflict is not None:
        stmt = stmt.where(OBS.conflict == conflict)
    stmt = stmt.where(*overlaps(OBS.period_start, OBS.period_end, period_from, period_to))
    return stmt.order_by(OBS.indicator, OBS.province.is_(None), OBS.province,
                         OBS.period_start, OBS.period_end, OBS.modality,
                         OBS.value, OBS.id)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _links(session: Session, observation_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """``({observation id: claim ids}, {observation id: locators of its articles})``."""
    claim_ids: dict[int, list[int]] = {}
    articles: dict[int, set[int]] = {}
    for i in range(0, len(observation_ids), 500):
        chunk = observation_ids[i:i + 500]
        for oid, cid, aid in session.execute(
                select(LINK.observation_id, LINK.claim_id, CLAIM.article_id)
                .join(_CLAIMS, CLAIM.id == LINK.claim_id)
                .where(LINK.observation_id.in_(chunk)).order_by(LINK.claim_id)):
            claim_ids.setdefault(oid, []).append(cid)
            articles.setdefault(oid, set()).add(aid)
    every = sorted({a for s in articles.values() for a in s})
    locators: dict[int, int] = {}
    for i in range(0, len(every), 500):
        locators.update((a, n) for a, n in session.execute(select(SRC.article_id, func.count()).where(
            SRC.article_id.in_(every[i:i + 500])).group_by(SRC.article_id)))
    return claim_ids, {oid: sum(locators.get(a, 1) for a in s) for oid, s in articles.items()}


def rows_of(session: Session, observations: Sequence[ObservationRow]) -> list[dict[str, Any]]:
    """Observation rows -> the series' plain dicts (``OBSERVATION_COLUMNS``)."""
    claim_ids, sources = _links(session, [o.id for o in observations if o.id is not None])
    out = []
    for o in observations:
        d = {c: _plain(getattr(o, c)) for c in OBSERVATION_COLUMNS if hasattr(o, c)}
        d["conflict"] = bool(o.conflict)
        d["claim_ids"] = claim_ids.get(o.id or 0, [])
        d["n_sources"] = sources.get(o.id or 0, 0)
        out.append({c: d[c] for c in OBSERVATION_COLUMNS})
    return out


def series(session: Session, *, limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Observations matching every filter (the keywords of :func:`series_statement`) as dicts:
    indicator, province, period, its first and last day, modality, value, value_max,
    qualifier, n_claims, n_articles, n_sources (locators), claim_ids, conflict."""
    stmt = series_statement(**filters)
    if limit is not None:
        stmt = stmt.limit(limit)
    return rows_of(session, session.execute(stmt).scalars().all())


def observation(session: Session, observation_id: int) -> dict[str, Any] | None:
    """One observation with its claims, each with its sentence and article, and the other
    observations of its key (a conflict's other values)."""
    o = session.get(ObservationRow, observation_id)
    if o is None:
        return None
    out = rows_of(session, [o])[0]
    c = CLAIM
    stmt = (select(c.id, c.article_id, c.quote, c.value, c.value_max, c.unit, c.qualifier, c.counted, c.period,
                   c.section, c.start, c.end, SENT.start.label("sentence_start"), SENT.text.label("sentence"),
                   ART.title, ART.published, func.coalesce(ART.url, ART.path).label("source"))
            .join(_LINKS, LINK.claim_id == CLAIM.id).join(_ARTICLES, ART.id == CLAIM.article_id)
            .outerjoin(_SENTENCES, SENT.id == CLAIM.sentence_id)
            .where(LINK.observation_id == o.id).order_by(CLAIM.id))
    out["claims"] = [{k: _plain(v) for k, v in r._mapping.items()} for r in session.execute(stmt)]
    others = session.execute(select(ObservationRow).where(OBS.key == o.key, OBS.id != o.id)
                             .order_by(OBS.value)).scalars().all()
    out["others"] = rows_of(session, others)
    return out


def indicators(session: Session) -> list[dict[str, Any]]:
    """Every series key the taxonomy or the database knows, with its description, aliases and
    numbers of claims and observations; keys with data first."""
    from vnfacts.store import vocab

    series = func.coalesce(CLAIM.series, CLAIM.indicator)
    n_claims: dict[str, int] = {k: int(n) for k, n in session.execute(
        select(series, func.count()).where(CLAIM.indicator.is_not(None)).group_by(series))}
    n_obs: dict[str, int] = {k: int(n) for k, n in session.execute(
        select(OBS.indicator, func.count()).group_by(OBS.indicator))}
    keys = set(vocab.indicator_keys()) | set(n_claims) | set(n_obs)
    rows = [{**describe(k), "claims": int(n_claims.get(k, 0)), "observations": int(n_obs.get(k, 0))} for k in keys]
    rows.sort(key=lambda r: (-(r["claims"] > 0), r["key"]))
    return rows


def provinces_with_data(session: Session, indicator: str) -> list[tuple[str | None, int]]:
    """``[(province or None for national, observations)]`` of a series, most observations first."""
    stmt = (select(OBS.province, func.count()).where(OBS.indicator == indicator)
            .group_by(OBS.province).order_by(func.count().desc(), OBS.province))
    return [(p, int(n)) for p, n in session.execute(stmt)]


def related_series(session: Session, indicator: str) -> list[tuple[str, int]]:
    """The series that share ``indicator``'s base (the total and its sub-types) with their
    numbers of observations, the total first."""
    base = indicator.split(".")[0]
    stmt = (select(OBS.indicator, func.count())
            .where(or_(OBS.indicator == base, OBS.indicator.like(f"{base}.%")))
            .group_by(OBS.indicator))
    return sorted(((k, int(n)) for k, n in session.execute(stmt)), key=lambda kn: (kn[0] != base, -kn[1], kn[0]))
