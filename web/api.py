"""The JSON API under ``/api``: the dicts of ``vnfacts.store.queries``, described by ``models``.

Keys and filters are those of the CLI's ``--format json``. Lists answer with the header
``X-Total-Count``; ``/api/claims.csv`` and ``/api/claims.json`` stream every match. The rows
are served as the store returns them (no per-row validation); ``response_model`` puts their
schemas into ``/api/openapi.json``.
"""
from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from sqlmodel import Session

from vnfacts.store import queries
from vnfacts.store.export import csv_chunks
from vnfacts.store.queries import CLAIM_COLUMNS

from . import models
from . import queries as wq
from .common import API_MAX_LIMIT, NotFound, RowId, claim_filters, get_session, limit_of, run
from .filters import SORT_KEYS, BadFilter, ClaimFilters, clean, parse_int, parse_sort, parse_text

DOWNLOAD_BATCH = 5_000

router = APIRouter(prefix="/api")


@router.get("/claims", tags=["claims"], summary="Claims matching the filters", response_model=list[models.Claim],
         response_description="A list of claims (the CLI's `claims --format json` rows); "
                              "the header `X-Total-Count` gives the number of matches")
def api_claims(f: ClaimFilters = Depends(claim_filters), session: Session = Depends(get_session),
               sort: str | None = Query(None, description="One of " + ", ".join(SORT_KEYS) +
                                        "; prefix `-` for descending. Default `id`."),
               limit: str | None = Query(None, description=f"At most this many (default 100, max {API_MAX_LIMIT})"),
               offset: str | None = Query(None, description="Skip this many")) -> JSONResponse:
    order = parse_sort(sort or "id")
    rows, total = run(wq.claims_page, session, f.query(), order_by=order, limit=limit_of(limit),
                      offset=parse_int(offset, "offset", minimum=0, default=0))
    return JSONResponse(rows, headers={"X-Total-Count": str(total)})


def _download(request: Request, f: ClaimFilters, order: str, fmt: str) -> StreamingResponse:
    engine = request.app.state.engine

    def batches():
        with Session(engine, autoflush=False) as s:
            offset = 0
            while True:
                rows = queries.claims(s, **f.query(), order_by=order, limit=DOWNLOAD_BATCH, offset=offset)
                if not rows:
                    return
                yield rows
                offset += len(rows)
                if len(rows) < DOWNLOAD_BATCH:
                    return

    def as_csv():
        return csv_chunks(batches(), CLAIM_COLUMNS)

    def as_json():
        first = True
        yield "["
        for rows in batches():
            for r in rows:
                yield ("" if first else ",\n") + json.dumps(r, ensure_ascii=False)
                first = False
        yield "]\n"

    name = "claims" + "".join(f"_{v}" for v in f.params().values())[:80]
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in name)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return StreamingResponse(as_csv() if fmt == "csv" else as_json(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'})


@router.get("/claims.csv", tags=["claims"], summary="Every claim matching the filters, as CSV",
         response_class=StreamingResponse)
def api_claims_csv(request: Request, f: ClaimFilters = Depends(claim_filters),
                   sort: str | None = Query(None, description="As for /api/claims")):
    return _download(request, f, parse_sort(sort or "id"), "csv")


@router.get("/claims.json", tags=["claims"], summary="Every claim matching the filters, as a JSON file",
         response_class=StreamingResponse)
def api_claims_json(request: Request, f: ClaimFilters = Depends(claim_filters),
                    sort: str | None = Query(None, description="As for /api/claims")):
    return _download(request, f, parse_sort(sort or "id"), "json")


@router.get("/claims/{claim_id}", tags=["claims"], summary="One claim for audit: sentence, article, run",
            response_model=models.ClaimAudit)
def api_claim(claim_id: RowId, session: Session = Depends(get_session)) -> JSONResponse:
    c = queries.claim(session, claim_id)
    if c is None:
        raise NotFound(f"There is no claim {claim_id}.")
    return JSONResponse(c)


@router.get("/articles", tags=["articles"], summary="Articles (without text) with their number of claims",
            response_model=list[models.ArticleListed])
def api_articles(session: Session = Depends(get_session),
                 province: str | None = Query(None, description="Province, any spelling"),
                 from_: str | None = Query(None, alias="from", description="First year, `YYYY`"),
                 to: str | None = Query(None, description="Last year, `YYYY`"),
                 text: str | None = Query(None, description="Words in the title or file name"),
                 sort: str | None = Query(None, description="id, date, province or title; `-` for descending"),
                 limit: str | None = None, offset: str | None = None) -> JSONResponse:
    f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, text=text)
    kw = {k: v for k, v in {"province": f.province, "year_from": f.year_from, "year_to": f.year_to,
                            "text": f.text}.items() if v is not None}
    rows = run(queries.articles, session, **kw, order_by=clean(sort) or "id", limit=limit_of(limit),
               offset=parse_int(offset, "offset", minimum=0, default=0))
    return JSONResponse(rows, headers={"X-Total-Count": str(queries.count_articles(session, **kw))})


@router.get("/articles/{article_id}", tags=["articles"], summary="One article with its text",
            response_model=models.Article)
def api_article(article_id: RowId, session: Session = Depends(get_session)) -> JSONResponse:
    a = queries.article(session, article_id)
    if a is None:
        raise NotFound(f"There is no article {article_id}.")
    return JSONResponse(a)


@router.get("/officials", tags=["entities"], summary="Officials named in articles, with their titles",
            response_model=list[models.Official])
def api_officials(session: Session = Depends(get_session), name: str | None = None, title: str | None = None,
                  province: str | None = None, from_: str | None = Query(None, alias="from"),
                  to: str | None = None, article_id: str | None = None, limit: str | None = None,
                  offset: str | None = None) -> JSONResponse:
    f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, article_id=article_id)
    return JSONResponse(queries.officials(session, name=parse_text(name, "name"), title=parse_text(title, "title"),
                             province=f.province, article_id=f.article_id, year_from=f.year_from,
                             year_to=f.year_to, limit=limit_of(limit),
                             offset=parse_int(offset, "offset", minimum=0, default=0)))


@router.get("/cooperatives", tags=["entities"], summary="Named cooperatives, unions and groups",
            response_model=list[models.Cooperative])
def api_cooperatives(session: Session = Depends(get_session), name: str | None = None,
                     province: str | None = None, kind: str | None = None,
                     from_: str | None = Query(None, alias="from"), to: str | None = None,
                     article_id: str | None = None, limit: str | None = None,
                     offset: str | None = None) -> JSONResponse:
    f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, article_id=article_id)
    k = clean(kind)
    if k is not None and k not in ("cooperative", "union", "group", "alliance"):
        raise BadFilter(f"kind: expected cooperative, union, group or alliance, got {k!r}")
    return JSONResponse(queries.cooperatives(
        session, name=parse_text(name, "name"), province=f.province, kind=k, article_id=f.article_id,
        year_from=f.year_from, year_to=f.year_to, limit=limit_of(limit),
        offset=parse_int(offset, "offset", minimum=0, default=0)))


@router.get("/provinces", tags=["entities"], summary="Provinces with their numbers of claims and articles",
            response_model=list[models.Province])
def api_provinces(session: Session = Depends(get_session)) -> JSONResponse:
    return JSONResponse(wq.provinces(session))


@router.get("/stats", tags=["stats"], summary="Row counts, and claims per province and indicator",
            response_model=models.Stats)
def api_stats(session: Session = Depends(get_session)) -> JSONResponse:
    return JSONResponse(queries.stats(session))


@router.get("/chart", tags=["claims"], summary="The chart's data: an indicator's claims over time per province",
            response_model=models.Chart)
def api_chart(session: Session = Depends(get_session),
              indicator: str = Query(..., description="Indicator, any name for it"),
              province: list[str] = Query(default=[], description="Repeat for several provinces"),
              unit: str | None = None, modality: str | None = None,
              from_: str | None = Query(None, alias="from"), to: str | None = None,
              changes: bool = Query(False, description="Include increases/decreases")) -> JSONResponse:
    f = ClaimFilters.parse(indicator=indicator, modality=modality, year_from=from_, year_to=to, unit=unit)
    key = queries.canonical_indicator(f.indicator)
    provinces = [queries.canonical_province(p) for p in province if clean(p)] or \
        wq.top_provinces(session, key, f.unit, 5)
    return JSONResponse({"indicator": key, "unit": f.unit, "series": wq.chart_points(
        session, indicator=key, provinces=provinces, unit=f.unit, modality=f.modality,
        year_from=f.year_from, year_to=f.year_to, include_changes=changes)})
