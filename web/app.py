"""The FastAPI app behind ``vnfacts serve``: researcher pages and a JSON API, read-only.

Pages are rendered on the server (Jinja2, inline SVG charts, one local stylesheet); the
JSON API answers with the dicts of ``store.queries``, so its keys are the CLI's
``--format json`` keys. Every query goes through SQLAlchemy with bound parameters, and
the database is opened read-only (``web.readonly``).
"""
from __future__ import annotations

import json
import math
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from vnfacts.schemas.tables import Article
from vnfacts.store import queries
from vnfacts.store.export import csv_chunks
from vnfacts.store.queries import CLAIM_COLUMNS
from vnfacts.store.vocab import plural

from . import charts
from . import queries as wq
from .filters import QUALIFIERS, SORT_KEYS, BadFilter, ClaimFilters, clean, parse_int, parse_sort, parse_text
from .highlight import Layer, render
from .readonly import readonly_engine, readonly_url

HERE = Path(__file__).resolve().parent
PER_PAGE = (25, 50, 100, 200)
API_MAX_LIMIT = 10_000
DOWNLOAD_BATCH = 5_000
QUALIFIER_SIGNS = {"exact": "", "approx": "≈", "more_than": ">", "at_least": "≥", "less_than": "<",
                   "at_most": "≤", "range": ""}
ENTITY_KINDS = {"province": "province", "official": "official", "cooperative": "cooperative",
                "alliance": "alliance"}


class NotFound(StarletteHTTPException):
    def __init__(self, what: str):
        super().__init__(404, what)


def _templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))
    env = t.env
    env.filters["value"] = lambda c: charts.fmt_value(c["value"], c["unit"], c.get("value_max"))
    env.filters["number"] = charts.fmt_number
    env.filters["sign"] = lambda q: QUALIFIER_SIGNS.get(q or "exact", "")
    env.filters["modality"] = lambda m: "target" if m == "target" else "fact"
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["plural"] = plural
    env.globals["QUALIFIERS"] = QUALIFIERS
    return t


def create_app(database_url: str | None = None) -> FastAPI:
    """The app over ``database_url`` (``--db`` > ``$VNFACTS_DATABASE_URL`` > ``vnfacts.db``), read-only."""
    engine = readonly_engine(database_url)
    app = FastAPI(
        title="vnfacts",
        summary="Facts about Vietnam's collective economy, from news articles, each traceable to its words.",
        description=("Read-only JSON API over the vnfacts database. Keys and filters are those of the "
                     "CLI's `--format json`. Province and indicator filters accept any spelling "
                     "(`TP Hà Nội`, `HTX`). Bad filter values answer 400 with a message; unknown ids 404."),
        version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.engine = engine
    app.state.database = readonly_url(database_url)
    templates = _templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    cache: dict[str, tuple[float, Any]] = {}
    cache_lock = threading.Lock()

    def get_session():
        with Session(engine, autoflush=False) as s:  # never committed: read-only by construction
            try:
                yield s
            finally:
                s.rollback()

    def cached(key: str, fn, ttl: float = 30.0):
        now = time.monotonic()
        with cache_lock:
            hit = cache.get(key)
            if hit and now - hit[0] < ttl:
                return hit[1]
        value = fn()
        with cache_lock:
            cache[key] = (now, value)
        return value

    def page(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
        return templates.TemplateResponse(request, template, {"nav": ctx.pop("nav", None), **ctx},
                                          status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api")

    # -- errors ---------------------------------------------------------------------------
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if is_api(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
        return page(request, "error.html", exc.status_code, code=exc.status_code, message=detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        in_path = any(e.get("loc", [None])[0] == "path" for e in errors)
        code = 404 if in_path else 400
        message = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors) if not in_path else \
            f"nothing at {request.url.path}"
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=code)
        return page(request, "error.html", code, code=code, message=message)

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter):
        if is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return page(request, "error.html", 400, code=400, message=str(exc))

    # -- shared parameters ------------------------------------------------------------------
    def claim_filters(
        province: str | None = Query(None, description="Province, any spelling: `Hà Nội`, `TP Hà Nội`, `Thái Nguyên`"),
        indicator: str | None = Query(None, description="Indicator key or any name for it: `cooperatives`, `HTX`, `hợp tác xã`"),
        modality: str | None = Query(None, description="`fact` (stored as `actual`) or `target`"),
        from_: str | None = Query(None, alias="from", description="First year of the article date, `YYYY`"),
        to: str | None = Query(None, description="Last year of the article date, `YYYY`"),
        qualifier: str | None = Query(None, description="One of " + ", ".join(f"`{q}`" for q in QUALIFIERS)),
        unit: str | None = Query(None, description="`count`, `percent`, `VND`, `ha`, ..."),
        text: str | None = Query(None, description="Words searched in the quote, the counted noun and the sentence"),
        article_id: str | None = Query(None, description="Only this article's claims"),
    ) -> ClaimFilters:
        return ClaimFilters.parse(province=province, indicator=indicator, modality=modality, year_from=from_,
                                  year_to=to, qualifier=qualifier, unit=unit, text=text, article_id=article_id)

    def qs(base: dict | list, **changes) -> str:
        """A query string from ``base`` with ``changes`` applied (``None`` removes a key)."""
        items = list(base.items()) if isinstance(base, dict) else list(base)
        items = [(k, v) for k, v in items if k not in changes]
        items += [(k, v) for k, v in changes.items() if v is not None]
        return urlencode([(k, v) for k, v in items if v not in (None, "")])

    templates.env.globals["qs"] = qs

    def run(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:  # store.queries refuses a sort key, etc.
            raise BadFilter(str(exc)) from exc

    # -- pages ------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/indicators", status_code=307)

    @app.get("/indicators", response_class=HTMLResponse, include_in_schema=False)
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
        facets = cached("facets", lambda: wq.facets(session))
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
                   titles=_titles(session, {r["article_id"] for r in rows}))
        return page(request, "indicators.html", **ctx)

    def _titles(session: Session, ids) -> dict[int, str]:
        if not ids:
            return {}
        from sqlalchemy import select
        return dict(session.exec(select(Article.id, Article.title).where(Article.id.in_(sorted(ids)))).all())

    @app.get("/chart", response_class=HTMLResponse, include_in_schema=False)
    def chart_page(request: Request, session: Session = Depends(get_session),
                   indicator: str | None = None, province: list[str] = Query(default=[]),
                   unit: str | None = None, modality: str | None = None,
                   from_: str | None = Query(None, alias="from"), to: str | None = None,
                   changes: str | None = None, scale: str | None = None):
        facets = cached("facets", lambda: wq.facets(session))
        f = ClaimFilters.parse(indicator=indicator, modality=modality, year_from=from_, year_to=to,
                               unit=unit)
        key = queries.canonical_indicator(f.indicator) if f.indicator else \
            (facets["indicators"][0]["name"] if facets["indicators"] else None)
        units = cached(f"units:{key}", lambda: wq.indicator_units(session, key)) if key else []
        unit_key = f.unit or (units[0]["name"] if units else None)
        available = cached(f"provinces:{key}:{unit_key}", lambda: wq.top_provinces(session, key, unit_key, 100)) \
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

    @app.get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
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

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
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
                    facets=cached("facets", lambda: wq.facets(session)))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
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

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, session: Session = Depends(get_session)):
        return page(request, "entities.html", nav="entities",
                    provinces=cached("provinces", lambda: wq.provinces(session)),
                    officials=wq.official_names(session, limit=15)[1],
                    cooperatives=wq.cooperative_names(session, limit=15)[1])

    @app.get("/entities/provinces/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def province_page(request: Request, name: str, session: Session = Depends(get_session)):
        canon = queries.canonical_province(name)
        known = {p["name"] for p in cached("provinces", lambda: wq.provinces(session))}
        if canon not in known:
            raise NotFound(f"No claims or articles for the province {name!r}.")
        rows = queries.claims(session, province=canon, order_by="-date", limit=50)
        return page(request, "province.html", nav="entities", name=canon,
                    indicators=wq.province_indicators(session, canon), rows=rows,
                    total=queries.count_claims(session, province=canon),
                    officials=queries.officials(session, province=canon, limit=200),
                    cooperatives=queries.cooperatives(session, province=canon, limit=200),
                    titles=_titles(session, {r["article_id"] for r in rows}))

    def _entity_list(request, session, kind, q, page_):
        q = parse_text(q, "q")
        p = parse_int(page_, "page", minimum=1, maximum=10**9, default=1)
        n = 50
        fn = wq.official_names if kind == "officials" else wq.cooperative_names
        total, rows = fn(session, q=q, limit=n, offset=(p - 1) * n)
        return page(request, "entity_list.html", nav="entities", kind=kind, rows=rows, total=total, page=p,
                    pages=max(1, math.ceil(total / n)), q=q or "")

    @app.get("/entities/officials", response_class=HTMLResponse, include_in_schema=False)
    def officials_page(request: Request, session: Session = Depends(get_session), q: str | None = None,
                       page_: str | None = Query(None, alias="page")):
        return _entity_list(request, session, "officials", q, page_)

    @app.get("/entities/cooperatives", response_class=HTMLResponse, include_in_schema=False)
    def cooperatives_page(request: Request, session: Session = Depends(get_session), q: str | None = None,
                          page_: str | None = Query(None, alias="page")):
        return _entity_list(request, session, "cooperatives", q, page_)

    def _appearances_page(request: Request, session: Session, kind: str, name: str, seen: list[dict]):
        """An official's or a cooperative's page: where it appears, and the claims beside it."""
        if not seen:
            raise NotFound(f"No {kind} named {name!r}.")
        return page(request, "entity.html", nav="entities", kind=kind, name=name, seen=seen,
                    rows=wq.claims_of_appearances(session, seen),
                    titles=_titles(session, {a["article_id"] for a in seen}))

    @app.get("/entities/officials/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def official_page(request: Request, name: str, session: Session = Depends(get_session)):
        return _appearances_page(request, session, "official", name, wq.official(session, name))

    @app.get("/entities/cooperatives/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def cooperative_page(request: Request, name: str, session: Session = Depends(get_session)):
        return _appearances_page(request, session, "cooperative", name, wq.cooperative(session, name))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request):
        spec = app.openapi()
        return page(request, "api.html", nav="api", spec=spec)

    # -- JSON API ---------------------------------------------------------------------------
    def _limit(limit: str | None, default: int = 100) -> int:
        return parse_int(limit, "limit", minimum=1, maximum=API_MAX_LIMIT, default=default)

    @app.get("/api/claims", tags=["claims"], summary="Claims matching the filters",
             response_description="A list of claims (the CLI's `claims --format json` rows); "
                                  "the header `X-Total-Count` gives the number of matches")
    def api_claims(f: ClaimFilters = Depends(claim_filters), session: Session = Depends(get_session),
                   sort: str | None = Query(None, description="One of " + ", ".join(SORT_KEYS) +
                                            "; prefix `-` for descending. Default `id`."),
                   limit: str | None = Query(None, description=f"At most this many (default 100, max {API_MAX_LIMIT})"),
                   offset: str | None = Query(None, description="Skip this many")) -> list[dict]:
        order = parse_sort(sort or "id")
        rows, total = run(wq.claims_page, session, f.query(), order_by=order, limit=_limit(limit),
                          offset=parse_int(offset, "offset", minimum=0, default=0))
        return JSONResponse(rows, headers={"X-Total-Count": str(total)})

    def _download(f: ClaimFilters, order: str, fmt: str):
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

    @app.get("/api/claims.csv", tags=["claims"], summary="Every claim matching the filters, as CSV",
             response_class=StreamingResponse)
    def api_claims_csv(f: ClaimFilters = Depends(claim_filters),
                       sort: str | None = Query(None, description="As for /api/claims")):
        return _download(f, parse_sort(sort or "id"), "csv")

    @app.get("/api/claims.json", tags=["claims"], summary="Every claim matching the filters, as a JSON file",
             response_class=StreamingResponse)
    def api_claims_json(f: ClaimFilters = Depends(claim_filters),
                        sort: str | None = Query(None, description="As for /api/claims")):
        return _download(f, parse_sort(sort or "id"), "json")

    @app.get("/api/claims/{claim_id}", tags=["claims"], summary="One claim for audit: sentence, article, run")
    def api_claim(claim_id: int, session: Session = Depends(get_session)) -> dict:
        c = queries.claim(session, claim_id)
        if c is None:
            raise NotFound(f"There is no claim {claim_id}.")
        return c

    @app.get("/api/articles", tags=["articles"], summary="Articles (without text) with their number of claims")
    def api_articles(session: Session = Depends(get_session),
                     province: str | None = Query(None, description="Province, any spelling"),
                     from_: str | None = Query(None, alias="from", description="First year, `YYYY`"),
                     to: str | None = Query(None, description="Last year, `YYYY`"),
                     text: str | None = Query(None, description="Words in the title or file name"),
                     sort: str | None = Query(None, description="id, date, province or title; `-` for descending"),
                     limit: str | None = None, offset: str | None = None) -> list[dict]:
        f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, text=text)
        kw = {k: v for k, v in {"province": f.province, "year_from": f.year_from, "year_to": f.year_to,
                                "text": f.text}.items() if v is not None}
        rows = run(queries.articles, session, **kw, order_by=clean(sort) or "id", limit=_limit(limit),
                   offset=parse_int(offset, "offset", minimum=0, default=0))
        return JSONResponse(rows, headers={"X-Total-Count": str(queries.count_articles(session, **kw))})

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with its text")
    def api_article(article_id: int, session: Session = Depends(get_session)) -> dict:
        a = queries.article(session, article_id)
        if a is None:
            raise NotFound(f"There is no article {article_id}.")
        return a

    @app.get("/api/officials", tags=["entities"], summary="Officials named in articles, with their titles")
    def api_officials(session: Session = Depends(get_session), name: str | None = None, title: str | None = None,
                      province: str | None = None, from_: str | None = Query(None, alias="from"),
                      to: str | None = None, article_id: str | None = None, limit: str | None = None,
                      offset: str | None = None) -> list[dict]:
        f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, article_id=article_id)
        return queries.officials(session, name=parse_text(name, "name"), title=parse_text(title, "title"),
                                 province=f.province, article_id=f.article_id, year_from=f.year_from,
                                 year_to=f.year_to, limit=_limit(limit),
                                 offset=parse_int(offset, "offset", minimum=0, default=0))

    @app.get("/api/cooperatives", tags=["entities"], summary="Named cooperatives, unions and groups")
    def api_cooperatives(session: Session = Depends(get_session), name: str | None = None,
                         province: str | None = None, kind: str | None = None,
                         from_: str | None = Query(None, alias="from"), to: str | None = None,
                         article_id: str | None = None, limit: str | None = None,
                         offset: str | None = None) -> list[dict]:
        f = ClaimFilters.parse(province=province, year_from=from_, year_to=to, article_id=article_id)
        k = clean(kind)
        if k is not None and k not in ("cooperative", "union", "group", "alliance"):
            raise BadFilter(f"kind: expected cooperative, union, group or alliance, got {k!r}")
        return queries.cooperatives(session, name=parse_text(name, "name"), province=f.province, kind=k,
                                    article_id=f.article_id, year_from=f.year_from, year_to=f.year_to,
                                    limit=_limit(limit), offset=parse_int(offset, "offset", minimum=0, default=0))

    @app.get("/api/provinces", tags=["entities"], summary="Provinces with their numbers of claims and articles")
    def api_provinces(session: Session = Depends(get_session)) -> list[dict]:
        return wq.provinces(session)

    @app.get("/api/stats", tags=["stats"], summary="Row counts, and claims per province and indicator")
    def api_stats(session: Session = Depends(get_session)) -> dict:
        return queries.stats(session)

    @app.get("/api/chart", tags=["claims"], summary="The chart's data: an indicator's claims over time per province")
    def api_chart(session: Session = Depends(get_session),
                  indicator: str = Query(..., description="Indicator, any name for it"),
                  province: list[str] = Query(default=[], description="Repeat for several provinces"),
                  unit: str | None = None, modality: str | None = None,
                  from_: str | None = Query(None, alias="from"), to: str | None = None,
                  changes: bool = Query(False, description="Include increases/decreases")) -> dict:
        f = ClaimFilters.parse(indicator=indicator, modality=modality, year_from=from_, year_to=to, unit=unit)
        key = queries.canonical_indicator(f.indicator)
        provinces = [queries.canonical_province(p) for p in province if clean(p)] or \
            wq.top_provinces(session, key, f.unit, 5)
        return {"indicator": key, "unit": f.unit, "series": wq.chart_points(
            session, indicator=key, provinces=provinces, unit=f.unit, modality=f.modality,
            year_from=f.year_from, year_to=f.year_to, include_changes=changes)}

    return app


def app_from_env() -> FastAPI:
    """``uvicorn --factory web.app:app_from_env``: the database from ``$VNFACTS_DATABASE_URL``."""
    return create_app(None)
