"""The alliances' activity: the events pages and their JSON API.

    /activity            a timeline of events, newest first, grouped by month, filtered by type,
                         province and years, with how many of each type and year
    /events/{id}         one event: its sentence marked, date, province, participants, the claims it tells
    /api/events          the events matching the same filters (``X-Total-Count``), as ``vnfacts query events --format json``
    /api/events/{id}     one event for audit (as ``vnfacts audit event ID --format json``)

The rows are ``vnfacts.store.queries.events`` (filters built in ``events_statement``, shared
with the CLI).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import tuple_
from sqlmodel import Session, col, select

from vnfacts.schemas.tables import SentenceRow
from vnfacts.store import queries

from . import models
from . import queries as wq
from .common import NotFound, get_session, limit_of, page, run
from .filters import BadFilter, ClaimFilters, clean, parse_int, parse_text
from .highlight import Layer, render

TYPE_LABELS = {"congress": "Congress · đại hội", "meeting": "Meeting · hội nghị", "training": "Training · tập huấn",
               "trade_promotion": "Trade promotion · hội chợ, xúc tiến", "financial_support": "Financial support · hỗ trợ vốn",
               "founding": "Founding · thành lập", "award": "Award · khen thưởng", "agreement": "Agreement · ký kết",
               "visit": "Visit · thăm, làm việc", "other": "Other"}
TYPE_CHOICES = "One of " + ", ".join(f"`{kind}`" for kind in queries.EVENT_TYPES)
EVENT_SORTS = ("date", "id", "type", "province", "article")
PER_PAGE = 50

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api")
router = APIRouter()


@dataclass
class EventFilters:
    """The events' filters as typed in a form or a query string, checked (bad ones are a 400)."""

    type: str | None = None
    province: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    official: str | None = None
    article_id: int | None = None

    @classmethod
    def parse(cls, *, type=None, province=None, year_from=None, year_to=None, official=None,
              article_id=None) -> EventFilters:
        f = ClaimFilters.parse(province=province, year_from=year_from, year_to=year_to, article_id=article_id)
        kind = clean(type)
        if kind is not None:
            kind = kind.lower().replace("-", "_").replace(" ", "_")
            if kind not in queries.EVENT_TYPES:
                raise BadFilter(f"type: expected one of {', '.join(queries.EVENT_TYPES)}, got {type!r}")
        return cls(type=kind, province=queries.canonical_province(f.province) if f.province else None,
                   year_from=f.year_from, year_to=f.year_to, official=parse_text(official, "official"),
                   article_id=f.article_id)

    def query(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def params(self) -> dict[str, str]:
        names = {"year_from": "from", "year_to": "to"}
        return {names.get(k, k): str(v) for k, v in self.__dict__.items() if v is not None}


def event_filters(
    type: str | None = Query(None, description=TYPE_CHOICES),
    province: str | None = Query(None, description="Province, any spelling: `Hà Nội`, `TP Hà Nội`"),
    from_: str | None = Query(None, alias="from", description="First year, `YYYY` (the event's date, else its article's)"),
    to: str | None = Query(None, description="Last year, `YYYY`"),
    official: str | None = Query(None, description="Words in the name of an official at the event"),
    article_id: str | None = Query(None, description="Only this article's events"),
) -> EventFilters:
    return EventFilters.parse(type=type, province=province, year_from=from_, year_to=to, official=official,
                              article_id=article_id)


def parse_event_sort(value: str | None) -> str:
    value = clean(value) or "-date"
    if value.lstrip("-") not in EVENT_SORTS:
        raise BadFilter(f"sort: cannot sort by {value!r}; choose one of {', '.join(EVENT_SORTS)} (prefix - for descending)")
    return value


def _sentences(session: Session, rows: list[dict]) -> dict[tuple[int, int], SentenceRow]:
    """The sentence that tells each event of ``rows``, by (article, sentence index)."""
    keys = {(r["article_id"], r["sentence_index"]) for r in rows}
    if not keys:
        return {}
    stmt = select(SentenceRow).where(tuple_(col(SentenceRow.article_id), col(SentenceRow.index)).in_(sorted(keys)))
    return {(s.article_id, s.index): s for s in session.exec(stmt)}


def _marked(sentence: SentenceRow | None, row: dict):
    """The event's sentence with its words in ``<mark>`` (its quote alone when no sentence is stored)."""
    if sentence is None:
        return render(row["quote"], [Layer(0, len(row["quote"]), "mark", {"class": "span"})])
    return render(sentence.text, [Layer(row["start"] - sentence.start, row["end"] - sentence.start, "mark",
                                        {"class": "span"})])


def when(row: dict) -> str:
    """When an event was, as a timeline shows it: its date, else its article's (marked ``~``)."""
    return row["date"] or (f"~{row['published']}" if row["published"] else "undated")


@pages.get("/activity", response_class=HTMLResponse)
def activity_page(request: Request, session: Session = Depends(get_session),
                  type: str | None = None, province: str | None = None,
                  from_: str | None = Query(None, alias="from"), to: str | None = None,
                  official: str | None = None, page_: str | None = Query(None, alias="page")):
    form = {"type": clean(type) or "", "province": clean(province) or "", "from": clean(from_) or "",
            "to": clean(to) or "", "official": clean(official) or ""}
    f = EventFilters.parse(type=type, province=province, year_from=from_, year_to=to, official=official)
    p = parse_int(page_, "page", minimum=1, maximum=10**9, default=1)
    total = queries.count_events(session, **f.query())
    rows = queries.events(session, **f.query(), order_by="-date", limit=PER_PAGE, offset=(p - 1) * PER_PAGE)
    sentences = _sentences(session, rows)
    for r in rows:
        r["when"] = when(r)
        r["html"] = _marked(sentences.get((r["article_id"], r["sentence_index"])), r)
    months = [(label, list(group)) for label, group in groupby(rows, key=lambda r: _month(r["when"]))]
    # each count leaves its own filter out, so the other types and years stay one click away
    by = {"type": queries.event_counts(session, **{k: v for k, v in f.query().items() if k != "type"})["by_type"],
          "year": queries.event_counts(session, **{k: v for k, v in f.query().items()
                                                   if k not in ("year_from", "year_to")})["by_year"]}
    counts = {"by_type": by["type"], "by_year": by["year"],
              "by_province": queries.event_counts(session)["by_province"]}
    return page(request, "activity.html", nav="activity", rows=rows, months=months, total=total, page=p,
                pages=max(1, math.ceil(total / PER_PAGE)), counts=counts, form=form, params=f.params(),
                TYPES=queries.EVENT_TYPES, LABELS=TYPE_LABELS,
                top_type=max((c["count"] for c in counts["by_type"]), default=1),
                top_year=max((c["count"] for c in counts["by_year"]), default=1))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _month(when_: str) -> str:
    """``2022-07-13`` -> ``July 2022``; a year alone stays a year; an undated event is ``Undated``."""
    date = when_.lstrip("~")
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit():
        return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    return date[:4] if date[:4].isdigit() else "Undated"


@pages.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: int, session: Session = Depends(get_session)):
    e = queries.event(session, event_id)
    if e is None:
        raise NotFound(f"There is no event {event_id}.")
    i = e["sentence_index"]
    context = wq.sentences_around(session, e["article_id"], i, radius=1)
    claims_in: dict[int, list[dict]] = {}
    for c in e["claims"]:
        claims_in.setdefault(c["sentence_index"], []).append(c)
    if claims_in:  # the sentences of the claims it tells, too (a paragraph about it)
        shown = {s["index"] for s in context}
        extra = [s for k in sorted(claims_in) if k not in shown
                 for s in wq.sentences_around(session, e["article_id"], k, radius=0)]
        context = sorted(context + extra, key=lambda s: s["index"])
    for s in context:
        layers = [Layer(c["start"] - s["start"], c["end"] - s["start"], "a",
                        {"class": f"hl claim {'target' if c['modality'] == 'target' else 'fact'}", "href": f"/claims/{c['id']}",
                         "title": f"claim #{c['id']}"}, depth=1)
                  for c in claims_in.get(s["index"], [])]
        if s["index"] == i:
            layers.append(Layer(e["start"] - s["start"], e["end"] - s["start"], "mark",
                                {"class": "span", "id": "span"}, depth=0))
        s["html"] = render(s["text"], layers)
        s["current"] = s["index"] == i
    return page(request, "event.html", nav="activity", e=e, context=context, LABELS=TYPE_LABELS,
                titles={e["article_id"]: e["article"]["title"]})


@api.get("/events", tags=["events"], summary="Events (congresses, meetings, trainings, ...) matching the filters",
         response_model=list[models.Event],
         response_description="A list of events (the CLI's `query events --format json` rows), newest first; "
                              "the header `X-Total-Count` gives the number of matches")
def api_events(f: EventFilters = Depends(event_filters), session: Session = Depends(get_session),
               sort: str | None = Query(None, description="One of " + ", ".join(EVENT_SORTS) +
                                        "; prefix `-` for descending. Default `-date`."),
               limit: str | None = Query(None, description="At most this many (default 100)"),
               offset: str | None = Query(None, description="Skip this many")) -> JSONResponse:
    rows = run(queries.events, session, **f.query(), order_by=parse_event_sort(sort), limit=limit_of(limit),
               offset=parse_int(offset, "offset", minimum=0, default=0))
    return JSONResponse(rows, headers={"X-Total-Count": str(queries.count_events(session, **f.query()))})


@api.get("/events/{event_id}", tags=["events"], summary="One event for audit: sentence, article, participants, claims",
         response_model=models.EventAudit)
def api_event(event_id: int, session: Session = Depends(get_session)) -> JSONResponse:
    e = queries.event(session, event_id)
    if e is None:
        raise NotFound(f"There is no event {event_id}.")
    return JSONResponse(e)


router.include_router(pages)
router.include_router(api)
