"""What the pages and the API share: the session, the cache, templates, the claim filters.

The app keeps its state on ``app.state`` (``engine``, ``templates``, ``cache``), set by
``vnfacts.web.app.create_app``; the routers reach it through the request.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import Path as PathParam
from fastapi import Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlmodel import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from vnfacts.schemas.tables import Article
from vnfacts.store.vocab import plural

from . import charts
from .filters import QUALIFIERS, BadFilter, ClaimFilters, parse_int

HERE = Path(__file__).resolve().parent
API_MAX_LIMIT = 10_000
QUALIFIER_SIGNS = {"exact": "", "approx": "≈", "more_than": ">", "at_least": "≥", "less_than": "<",
                   "at_most": "≤", "range": ""}

QUALIFIER_CHOICES = "One of " + ", ".join(f"`{q}`" for q in QUALIFIERS)

T = TypeVar("T")

# A row id in a URL: what a database integer can hold. Anything else (``/claims/-1``,
# ``/claims/9223372036854775808``, which SQLite cannot even bind) is "nothing here", a 404.
RowId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="A row id")]


class NotFound(StarletteHTTPException):
    def __init__(self, what: str):
        super().__init__(404, what)


class Cache:
    """A small time-limited cache of facets and province lists (shared by all requests)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, fn: Callable[[], T], ttl: float = 30.0) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < ttl:
                return hit[1]
        value = fn()
        with self._lock:
            self._items[key] = (now, value)
        return value


def qs(base: dict | list, **changes) -> str:
    """A query string from ``base`` with ``changes`` applied (``None`` removes a key)."""
    items = list(base.items()) if isinstance(base, dict) else list(base)
    items = [(k, v) for k, v in items if k not in changes]
    items += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode([(k, v) for k, v in items if v not in (None, "")])


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))
    env = t.env
    env.filters["value"] = lambda c: charts.fmt_value(c["value"], c["unit"], c.get("value_max"))
    env.filters["number"] = charts.fmt_number
    env.filters["sign"] = lambda q: QUALIFIER_SIGNS.get(q or "exact", "")
    env.filters["modality"] = lambda m: "target" if m == "target" else "fact"
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["plural"] = plural
    env.globals["QUALIFIERS"] = QUALIFIERS
    env.globals["qs"] = qs
    return t


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, autoflush=False) as s:  # never committed: read-only by construction
        try:
            yield s
        finally:
            s.rollback()


def cached(request: Request, key: str, fn: Callable[[], T], ttl: float = 30.0) -> T:
    return request.app.state.cache.get(key, fn, ttl)


def page(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, {"nav": ctx.pop("nav", None), **ctx},
                                                        status_code=status)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def claim_filters(
    province: str | None = Query(None, description="Province, any spelling: `Hà Nội`, `TP Hà Nội`, `Thái Nguyên`"),
    indicator: str | None = Query(None, description="Indicator key or any name for it: `cooperatives`, `HTX`, `hợp tác xã`"),
    modality: str | None = Query(None, description="`fact` (stored as `actual`) or `target`"),
    from_: str | None = Query(None, alias="from", description="First year of the article date, `YYYY`"),
    to: str | None = Query(None, description="Last year of the article date, `YYYY`"),
    qualifier: str | None = Query(None, description=QUALIFIER_CHOICES),
    unit: str | None = Query(None, description="`count`, `percent`, `VND`, `ha`, ..."),
    text: str | None = Query(None, description="Words searched in the quote, the counted noun and the sentence"),
    article_id: str | None = Query(None, description="Only this article's claims"),
    period_from: str | None = Query(None, description="The number holds in or after this year (its period overlaps), `YYYY`"),
    period_to: str | None = Query(None, description="The number holds in or before this year (its period overlaps), `YYYY`"),
) -> ClaimFilters:
    return ClaimFilters.parse(province=province, indicator=indicator, modality=modality, year_from=from_,
                              year_to=to, qualifier=qualifier, unit=unit, text=text, article_id=article_id,
                              period_from=period_from, period_to=period_to)


def run(fn: Callable[..., T], *args, **kwargs) -> T:
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:  # vnfacts.store.queries refuses a sort key, etc.
        raise BadFilter(str(exc)) from exc


def titles(session: Session, ids) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.exec(select(Article.id, Article.title).where(Article.id.in_(sorted(ids)))).all())


def limit_of(limit: str | None, default: int = 100) -> int:
    return parse_int(limit, "limit", minimum=1, maximum=API_MAX_LIMIT, default=default)
