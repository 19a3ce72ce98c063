"""The researcher pages: server-rendered HTML (Jinja2, inline SVG charts), no JavaScript needed.

    /indicators          claims filtered, sorted and paginated, with CSV and JSON downloads
    /chart               an indicator over time per province
    /claims/{id}         a claim's audit: its sentence with the span marked, the sentences around
    /articles, /articles/{id}   articles; one article's text with every fact highlighted
    /entities/...        provinces, officials and cooperatives, each with its claims
    /api                 the API's description, readable
"""
from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session

from vnfacts.schemas.tables import Article
from vnfacts.store import queries

from . import charts
from . import queries as wq
from .common import NotFound, cached, get_session, page, run, titles
from .filters import SORT_KEYS, BadFilter, ClaimFilters, clean, parse_int, parse_sort, parse_text
from .highlight import Layer, render

PER_PAGE = (25, 50, 100, 200)
ENTITY_KINDS = {"province": "province", "official": "official", "cooperative": "cooperative",
                "alliance": "alliance"}

router = APIRouter(include_in_schema=False)


@router.get("/")
def home():
    return RedirectResponse("/indicators", status_code=307)


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, session: Session = Depends(get_session),
                    sort: str | None = None, page_: str | None = Query(None, alias="page"),
                    per_page: str | None = None,
                    province: str | None = None, indicator: str | None = None, modality: str | None = None,
                    from_: str | None = Query(None, alias="from"), to: str | None = None,
                    qualifier: str | None = None, unit: str | None = None, text: str | None = None,
                    article_id: str | None = None):
    raw = {"province": province, "indicator": indicator, "modality": modality, "from": from_, "to": to,
           "qualifier": qualifier, "unit": unit, "text": text, "article_id": article_id}
    form = {k: (clean(v) or "") for k, v in raw.items()}
    facets = cached(request, "facets", lambda: wq.facets(session))
    ctx = dict(nav="indicators", form=form, facets=facets, rows=[], total=0, page=1, pages=1,
               per_page=50, sort="-date", error=None, params={}, PER_PAGE=PER_PAGE, SORT_KEYS=SORT_KEYS)
    try:
        f = ClaimFilters.parse(province=province, indicator=indicator, modality=modality, year_from=from_,
                               year_to=to, qualifier=qualifier, unit=unit, text=text, article_id=article_id)
        sort_key = parse_sort(sort)
        n = parse_int(per_page, "per_page", minimum=1, maximum=max(PER_PAGE), default=50)
        p = parse_int(page_, "page", minimum=1, maximum=10**9, default=1)
        rows, total = run(wq.claims_page, session, f.query(), order_by=sort_key, limit=n, offset=(p - 1) * n)
        pages = max(1, math.ceil(total / n))
    except BadFilter as exc:
        ctx["error"] = str(exc)
        return page(request, "indicators.html", 400, **ctx)
    params = f.params()
    resolved = {"province": queries.canonical_province(f.province) if f.province else None,
                "indicator": queries.canonical_indicator(f.indicator) if f.indicator else None}
    ctx.update(rows=rows, total=total, page=p, pages=pages, per_page=n, sort=sort_key, params=params,
               resolved=resolved, state={**params, "sort": sort_key, "per_page": str(n)},
               titles=titles(session, {r["article_id"] for r in rows}))
    return page(request, "indicators.html", **ctx)


@router.get("/chart", response_class=HTMLResponse)
def chart_page(request: Request, session: Session = Depends(get_session),
               indicator: str | None = None, province: list[str] = Query(default=[]),
               unit: str | None = None, modality: str | None = None,
               from_: str | None = Query(None, alias="from"), to: str | None = None,
               changes: str | None = None, scale: str | None = None):
    facets = cached(request, "facets", lambda: wq.facets(session))
    f = ClaimFilters.parse(indicator=indicator, modality=modality, year_from=from_, year_to=to,
                           unit=unit)
    key = queries.canonical_indicator(f.indicator) if f.indicator else \
        (facets["indicators"][0]["name"] if facets["indicators"] else None)
    units = cached(request, f"units:{key}", lambda: wq.indicator_units(session, key)) if key else []
    unit_key = f.unit or (units[0]["name"] if units else None)
    available = cached(request, f"provinces:{key}:{unit_key}", lambda: wq.top_provinces(session, key, unit_key, 100)) \
        if key else []
    all_provinces = [p for p in (parse_text(p, "province") for p in province) if p]
    chosen = [queries.canonical_province(p) for p in all_provinces] if all_provinces else available[:5]
    chosen = list(dict.fromkeys(p for p in chosen if p))
    if len(chosen) > len(charts.PALETTE):
        raise BadFilter(f"province: at most {len(charts.PALETTE)} provinces in one chart")
    include_changes = (clean(changes) or "0") in ("1", "on", "true", "yes")
    log = (clean(scale) or "linear") == "log"
    if clean(scale) not in (None, "linear", "log"):
        raise BadFilter(f"scale: expected linear or log, got {scale!r}")
    series = wq.chart_points(session, indicator=key, provinces=chosen, unit=unit_key, modality=f.modality,
                             year_from=f.year_from, year_to=f.year_to,
                             include_changes=include_changes) if key else {}
    label = f"{key or 'no indicator'}{f' ({unit_key})' if unit_key and unit_key != 'count' else ''}"
    svg = charts.line_chart(series, unit=unit_key, title=f"{label} over time: {', '.join(chosen)}", log=log)
    return page(request, "chart.html", nav="chart", svg=svg, legend=charts.legend(series), indicator=key,
                unit=unit_key, units=units, chosen=chosen, available=available, facets=facets,
                modality=f.modality, year_from=f.year_from, year_to=f.year_to, changes=include_changes,
                log=log, n_points=sum(len(v) for v in series.values()),
                n_claims=sum(c.get("n", 1) for v in series.values() for c in v),
                table_params=[("indicator", key or ""), ("unit", unit_key or "")])


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: int, session: Session = Depends(get_session)):
    c = queries.claim(session, claim_id)
    if c is None:
        raise NotFound(f"There is no claim {claim_id}.")
    text = session.get(Article, c["article_id"]).text
    context = wq.sentences_around(session, c["article_id"], c["sentence_index"], radius=2)
    shown = []
    for s in context:
        layers = []
        if s["index"] == c["sentence_index"]:
            layers.append(Layer(c["start"] - s["start"], c["end"] - s["start"], "mark",
                                {"class": f"span {c['modality']}", "id": "span"}))
        shown.append({**s, "html": render(s["text"], layers), "current": s["index"] == c["sentence_index"]})
    if not any(s["current"] for s in shown):  # no sentence row: show the words around the span
        a, b = max(0, c["start"] - 200), min(len(text), c["end"] + 200)
        shown.append({"index": c["sentence_index"], "current": True, "section": c["section"],
                      "html": render(text[a:b], [Layer(c["start"] - a, c["end"] - a, "mark",
                                                       {"class": "span", "id": "span"})])})
    return page(request, "claim.html", nav="indicators", c=c, context=shown,
                holds=text[c["start"]:c["end"]] == c["quote"])


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, session: Session = Depends(get_session), province: str | None = None,
                  from_: str | None = Query(None, alias="from"), to: str | None = None,
                  text: str | None = None, page_: str | None = Query(None, alias="page")):
    f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, text=text)
    kw = {k: v for k, v in {"province": f.province, "year_from": f.year_from, "year_to": f.year_to,
                            "text": f.text}.items() if v is not None}
    p = parse_int(page_, "page", minimum=1, maximum=10**9, default=1)
    total = queries.count_articles(session, **kw)
    n = 50
    rows = queries.articles(session, **kw, order_by="-date", limit=n, offset=(p - 1) * n)
    params = {k: v for k, v in {"province": f.province, "from": f.year_from, "to": f.year_to,
                                "text": f.text}.items() if v is not None}
    return page(request, "articles.html", nav="articles", rows=rows, total=total, page=p,
                pages=max(1, math.ceil(total / n)), params=params,
                form={k: clean(v) or "" for k, v in {"province": province, "from": from_, "to": to,
                                                     "text": text}.items()},
                facets=cached(request, "facets", lambda: wq.facets(session)))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, session: Session = Depends(get_session),
                 claim: str | None = None):
    a = queries.article(session, article_id)
    if a is None:
        raise NotFound(f"There is no article {article_id}.")
    art = session.get(Article, article_id)
    layers_data = wq.article_layers(session, article_id)
    focus = parse_int(claim, "claim", minimum=1)
    layers: list[Layer] = []
    for s in layers_data["sentences"]:
        cls = "sent" + (" appended" if s["section"] != "body" else "")
        layers.append(Layer(s["start"], s["end"], "span", {"class": cls}, {"id": f"s{s['index']}"}, 0))
    for a_, b_ in layers_data["boilerplate"]:
        layers.append(Layer(a_, b_, "span", {"class": "boilerplate", "title": "boilerplate (not extracted)"},
                            depth=1))
    if art.title_start is not None and art.title_end is not None:
        layers.append(Layer(art.title_start, art.title_end, "span", {"class": "title-span"}, depth=1))
    last_end = -1
    for c in layers_data["claims"]:
        kind = "target" if c["modality"] == "target" else "fact"
        tip = (f"{kind}: {charts.fmt_value(c['value'], c['unit'], c.get('value_max'))}"
               f"{' ' + c['counted'] if c['counted'] else ''} · {c['indicator'] or 'no indicator'}"
               f"{' · ' + c['province'] if c['province'] else ''} · claim #{c['id']}")
        cls = f"hl claim {kind}" + (" focus" if c["id"] == focus else "")
        tag = "a" if c["start"] >= last_end else "mark"  # never an <a> inside an <a>
        attrs = {"class": cls, "title": tip}
        if tag == "a":
            attrs["href"] = f"/claims/{c['id']}"
        layers.append(Layer(c["start"], c["end"], tag, attrs, {"id": f"c{c['id']}"}, 2))
        last_end = max(last_end, c["end"])
    for m in layers_data["mentions"]:
        kind = ENTITY_KINDS.get(m["type"], "entity")
        tip = f"{kind}: {m['name']}" + (f" ({m['title']})" if m.get("title") else "")
        layers.append(Layer(m["start"], m["end"], "span", {"class": f"hl ent ent-{kind}", "title": tip},
                            depth=3))
    body = render(art.text, layers)
    return page(request, "article.html", nav="articles", a=a, body=body, claims=layers_data["claims"],
                entities=layers_data["entities"], n_boilerplate=len(layers_data["boilerplate"]), focus=focus)


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, session: Session = Depends(get_session)):
    return page(request, "entities.html", nav="entities",
                provinces=cached(request, "provinces", lambda: wq.provinces(session)),
                officials=wq.official_names(session, limit=15)[1],
                cooperatives=wq.cooperative_names(session, limit=15)[1])


@router.get("/entities/provinces/{name:path}", response_class=HTMLResponse)
def province_page(request: Request, name: str, session: Session = Depends(get_session)):
    canon = queries.canonical_province(name)
    known = {p["name"] for p in cached(request, "provinces", lambda: wq.provinces(session))}
    if canon not in known:
        raise NotFound(f"No claims or articles for the province {name!r}.")
    rows = queries.claims(session, province=canon, order_by="-date", limit=50)
    return page(request, "province.html", nav="entities", name=canon,
                indicators=wq.province_indicators(session, canon), rows=rows,
                total=queries.count_claims(session, province=canon),
                officials=queries.officials(session, province=canon, limit=200),
                cooperatives=queries.cooperatives(session, province=canon, limit=200),
                titles=titles(session, {r["article_id"] for r in rows}))


def _entity_list(request, session, kind, q, page_):
    q = parse_text(q, "q")
    p = parse_int(page_, "page", minimum=1, maximum=10**9, default=1)
    n = 50
    fn = wq.official_names if kind == "officials" else wq.cooperative_names
    total, rows = fn(session, q=q, limit=n, offset=(p - 1) * n)
    return page(request, "entity_list.html", nav="entities", kind=kind, rows=rows, total=total, page=p,
                pages=max(1, math.ceil(total / n)), q=q or "")


@router.get("/entities/officials", response_class=HTMLResponse)
def officials_page(request: Request, session: Session = Depends(get_session), q: str | None = None,
                   page_: str | None = Query(None, alias="page")):
    return _entity_list(request, session, "officials", q, page_)


@router.get("/entities/cooperatives", response_class=HTMLResponse)
def cooperatives_page(request: Request, session: Session = Depends(get_session), q: str | None = None,
                      page_: str | None = Query(None, alias="page")):
    return _entity_list(request, session, "cooperatives", q, page_)


def _appearances_page(request: Request, session: Session, kind: str, name: str, seen: list[dict],
                      events: list[dict] | None = None):
    """An official's or a cooperative's page: where it appears, the events it took part in, and
    the claims beside it."""
    if not seen:
        raise NotFound(f"No {kind} named {name!r}.")
    return page(request, "entity.html", nav="entities", kind=kind, name=name, seen=seen, events=events,
                rows=wq.claims_of_appearances(session, seen),
                titles=titles(session, {a["article_id"] for a in seen}))


@router.get("/entities/officials/{name:path}", response_class=HTMLResponse)
def official_page(request: Request, name: str, session: Session = Depends(get_session)):
    took_part = [e for e in queries.events(session, official=name, order_by="-date") if name in e["officials"]]
    return _appearances_page(request, session, "official", name, wq.official(session, name), took_part)


@router.get("/entities/cooperatives/{name:path}", response_class=HTMLResponse)
def cooperative_page(request: Request, name: str, session: Session = Depends(get_session)):
    return _appearances_page(request, session, "cooperative", name, wq.cooperative(session, name))


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request):
    spec = request.app.openapi()
    return page(request, "api.html", nav="api", spec=spec)
