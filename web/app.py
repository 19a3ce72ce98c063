"""The FastAPI app behind ``vnfacts serve``: researcher pages and a JSON API, read-only.

``create_app`` opens the database read-only (``vnfacts.web.readonly``), keeps the engine,
the templates and a small cache on ``app.state``, answers errors as a page or as JSON, and
mounts the routers, one per kind of resource:

    pages    the HTML pages (``vnfacts.web.pages``)
    events   the activity timeline, event pages and ``/api/events`` (``vnfacts.web.events``)
    api      the JSON API under ``/api`` (``vnfacts.web.api``), its answers described by
             ``vnfacts.web.models`` in ``/api/openapi.json``

Every query goes through SQLAlchemy with bound parameters (``vnfacts.store.queries``).
"""
from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from vnfacts import __version__

from . import api, events, pages
from .common import HERE, Cache, is_api, page, templates
from .filters import BadFilter
from .readonly import readonly_engine, readonly_url


def create_app(database_url: str | None = None) -> FastAPI:
    """The app over ``database_url`` (``--db`` > ``$VNFACTS_DATABASE_URL`` > ``vnfacts.db``), read-only."""
    engine = readonly_engine(database_url)
    app = FastAPI(
        title="vnfacts",
        summary="Facts about Vietnam's collective economy, from news articles, each traceable to its words.",
        description=("Read-only JSON API over the vnfacts database. Keys and filters are those of the "
                     "CLI's `--format json`. Province and indicator filters accept any spelling "
                     "(`TP Hà Nội`, `HTX`). Bad filter values answer 400 with a message; unknown ids 404."),
        version=__version__, docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.engine = engine
    app.state.database = readonly_url(database_url)
    app.state.templates = templates()
    app.state.cache = Cache()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if is_api(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
        return page(request, "error.html", exc.status_code, code=exc.status_code, message=detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        in_path = any(e.get("loc", [None])[0] == "path" for e in errors)
        code = 404 if in_path else 400
        message = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors) if not in_path else \
            f"nothing at {request.url.path}"
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=code)
        return page(request, "error.html", code, code=code, message=message)

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter) -> Response:
        if is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return page(request, "error.html", 400, code=400, message=str(exc))

    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(events.router)
    return app


def app_from_env() -> FastAPI:
    """``uvicorn --factory vnfacts.web.app:app_from_env``: the database from ``$VNFACTS_DATABASE_URL``."""
    return create_app(None)
