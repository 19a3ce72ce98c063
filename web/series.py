"""Indicator data: observations as series, their chart and their pages.

    /chart                   a series over time per province (observations, not claims)
    /observations/{id}       one observation: its value, period, and every claim that states it
    /api/series              the series as JSON (``format=csv`` for CSV), same filters as the chart
    /api/observations/{id}   one observation with its claims, as JSON

Observations are built by ``vnfacts.store.observations``; the filters are the CLI's
``vnfacts series`` options.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlmodel import Session

from vnfacts.store import observations, vocab
from vnfacts.store.export import to_csv

from . import charts, models
from .common import NotFound, RowId, cached, get_session, page
from .filters import MODALITIES, BadFilter, clean, parse_text, parse_year

NATIONAL = "national"  # the province parameter's value for observations with no province
NATIONAL_LABEL = "Cả nước / no province"
DEFAULT_PROVINCES = 5

router = APIRouter()


def _series_key(indicator: str | None) -> str:
    text = parse_text(indicator, "indicator") or "cooperatives"
    try:
        return observations.resolve_series(text)
    except vocab.Unknown as exc:
        raise BadFilter(f"indicator: {exc}") from exc


def _filters(indicator: str | None, province: list[str], modality: str | None, from_: str | None,
             to: str | None) -> dict[str, Any]:
    """The query string -> ``store.observations.series`` keywords (``BadFilter`` on a bad value)."""
    key = _series_key(indicator)
    m = clean(modality)
    if m is not None and m.lower() not in MODALITIES and m.lower() != "all":
        raise BadFilter(f"modality: expected fact or target, got {m!r}")
    period_from, period_to = parse_year(from_, "from"), parse_year(to, "to")
    if period_from is not None and period_to is not None and period_from > period_to:
        raise BadFilter(f"from ({period_from}) is after to ({period_to})")
    names = [p for p in (parse_text(p, "province") for p in province) if p]
    national = any(p.lower() == NATIONAL for p in names)
    provinces = []
    for p in names:
        if p.lower() == NATIONAL:
            continue
        try:
            provinces.append(vocab.province(p))
        except vocab.Unknown as exc:
            raise BadFilter(f"province: {exc}") from exc
    return {"indicator": key, "provinces": provinces, "national": national,
            "modality": MODALITIES[m.lower()] if m and m.lower() != "all" else None,
            "period_from": period_from, "period_to": period_to}


def _rows(session: Session, f: dict[str, Any]) -> list[dict[str, Any]]:
    if f["national"] and not f["provinces"]:  # only the national series
        return [r for r in observations.series(session, **{**f, "national": False}) if r["province"] is None]
    return observations.series(session, **f)


@router.get("/api/series", tags=["series"], summary="An indicator series: observations per province and period",
            response_model=list[models.Observation],
            response_description="Observations in series order; `format=csv` answers CSV with the same columns")
def api_series(session: Session = Depends(get_session),
               indicator: str | None = Query(None, description="Series key or words: `cooperatives`, `HTX`, "
                                                               "`cooperatives.agriculture`, `HTX nông nghiệp`"),
               province: list[str] = Query(default=[], description="Repeat for several; `national` for no province"),
               modality: str | None = Query(None, description="`fact` or `target`"),
               from_: str | None = Query(None, alias="from", description="Periods that overlap this year or later"),
               to: str | None = Query(None, description="Periods that overlap this year or earlier"),
               format: str | None = Query(None, description="`json` (default) or `csv`")) -> Response:
    f = _filters(indicator, province, modality, from_, to)
    rows = _rows(session, f)
    fmt = clean(format) or "json"
    if fmt not in ("json", "csv"):
        raise BadFilter(f"format: expected json or csv, got {format!r}")
    name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in f["indicator"])
    if fmt == "csv":
        flat = [{**r, "claim_ids": " ".join(map(str, r["claim_ids"]))} for r in rows]
        return Response(to_csv(flat, list(observations.OBSERVATION_COLUMNS)), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="series_{name}.csv"'})
    return JSONResponse(rows, headers={"X-Total-Count": str(len(rows))})


@router.get("/api/observations/{observation_id}", tags=["series"], summary="One observation with its claims",
            response_model=models.ObservationDetail)
def api_observation(observation_id: RowId, session: Session = Depends(get_session)) -> JSONResponse:
    o = observations.observation(session, observation_id)
    if o is None:
        raise NotFound(f"There is no observation {observation_id}.")
    return JSONResponse(o)


@router.get("/chart", response_class=HTMLResponse, include_in_schema=False)
def chart_page(request: Request, session: Session = Depends(get_session), indicator: str | None = None,
               province: list[str] = Query(default=[]), modality: str | None = None,
               from_: str | None = Query(None, alias="from"), to: str | None = None,
               scale: str | None = None) -> HTMLResponse:
    f = _filters(indicator, province, modality, from_, to)
    key = f["indicator"]
    log = (clean(scale) or "linear") == "log"
    if clean(scale) not in (None, "linear", "log"):
        raise BadFilter(f"scale: expected linear or log, got {scale!r}")
    available = cached(request, f"obs-provinces:{key}", lambda: observations.provinces_with_data(session, key))
    if not f["provinces"] and not f["national"]:  # the provinces with most observations; the
        top = [p for p, _ in available if p][:DEFAULT_PROVINCES]  # national figures (another scale) on request
        f = {**f, "provinces": top, "national": not top and bool(available)}
    if len(f["provinces"]) + bool(f["national"]) > len(charts.PALETTE):
        raise BadFilter(f"province: at most {len(charts.PALETTE)} provinces in one chart")
    rows = observations.series(session, **f) if f["provinces"] or f["national"] else []
    by_province: dict[str, list[dict[str, Any]]] = {}
    for p in ([NATIONAL_LABEL] if f["national"] else []) + f["provinces"]:
        by_province[p] = []
    for r in rows:
        by_province.setdefault(r["province"] or NATIONAL_LABEL, []).append(r)
    units = sorted({r["unit"] for r in rows})
    unit = units[0] if len(units) == 1 else None
    chosen = f["provinces"] + ([NATIONAL] if f["national"] else [])
    title = f"{key} over time: {', '.join(by_province)}"
    state = [("indicator", key), *(("province", p) for p in chosen),
             ("modality", "fact" if f["modality"] == "actual" else f["modality"] or ""),
             ("from", str(f["period_from"] or "")), ("to", str(f["period_to"] or ""))]
    return page(request, "chart.html", nav="chart", svg=charts.line_chart(by_province, unit=unit, title=title, log=log),
                legend=charts.legend(by_province), indicator=key, described=observations.describe(key),
                related=observations.related_series(session, key), unit=unit, chosen=chosen,
                available=[(p or NATIONAL, p or NATIONAL_LABEL, n) for p, n in available],
                modality=f["modality"], year_from=f["period_from"], year_to=f["period_to"], log=log, rows=rows,
                n_points=len(rows), n_claims=sum(r["n_claims"] for r in rows),
                n_conflicts=sum(r["conflict"] for r in rows), state=state, national_label=NATIONAL_LABEL)


@router.get("/observations/{observation_id}", response_class=HTMLResponse, include_in_schema=False)
def observation_page(request: Request, observation_id: RowId,
                     session: Session = Depends(get_session)) -> HTMLResponse:
    o = observations.observation(session, observation_id)
    if o is None:
        raise NotFound(f"There is no observation {observation_id}.")
    for c in o["claims"]:
        c["before"], c["span"], c["after"] = _split_sentence(c)
    return page(request, "observation.html", nav="chart", o=o, described=observations.describe(o["indicator"]),
                national_label=NATIONAL_LABEL)


def _split_sentence(c: dict[str, Any]) -> tuple[str, str, str]:
    """The claim's sentence around its quote (the whole quote alone when there is no sentence)."""
    text, start = c.get("sentence"), c.get("sentence_start")
    if not text or start is None:
        return "", c["quote"], ""
    a, b = c["start"] - start, c["end"] - start
    if not (0 <= a <= b <= len(text)):
        return "", c["quote"], ""
    return text[:a], text[a:b], text[b:]
