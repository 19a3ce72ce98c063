"""The web's answers to odd requests and to too many (issue: reliability, points 8 and 11):
security headers and a policy the pages keep to, ids no database integer holds, ``%`` and
``_`` searched as themselves, HEAD, and "busy" (503 with ``Retry-After``) rather than 500.
"""
from __future__ import annotations

import asyncio
import re
import threading

import httpx
import pytest
from fastapi.testclient import TestClient
from web_sample import build_sample_db

PAGES = ["/indicators", "/chart", "/chart?indicator=cooperatives&province=H%C3%A0%20N%E1%BB%99i", "/claims/1",
         "/articles", "/articles/1", "/entities", "/entities/officials", "/entities/cooperatives", "/api",
         "/entities/provinces/H%C3%A0%20N%E1%BB%99i", "/activity"]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    return build_sample_db(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")


@pytest.fixture(scope="module")
def client(db_url):
    from vnfacts.web.app import create_app

    with TestClient(create_app(db_url), raise_server_exceptions=False) as c:
        yield c


# -- headers and the policy -------------------------------------------------------------

@pytest.mark.parametrize("path", ["/indicators", "/claims/1", "/api/claims", "/static/style.css", "/nothing-here",
                                  "/api/claims/999999"])
def test_every_answer_carries_the_security_headers(client, path):
    r = client.get(path)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp


@pytest.mark.parametrize("path", PAGES)
def test_pages_use_nothing_the_policy_forbids(client, path):
    """No script, no inline style (element or attribute), nothing loaded from another origin."""
    r = client.get(path)
    assert r.status_code == 200, path
    html = r.text
    assert not re.search(r"<script|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:", html, re.IGNORECASE), path
    assert not re.search(r"""(?:\ssrc|<link[^>]*\shref)\s*=\s*["']?(?:https?:)?//""", html), path  # links may leave


def _served_routes(routes, prefix=""):
    """(path, methods) of every route, walking into included routers (FastAPI keeps an
    included router whole, as one route, rather than copying its routes)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _served_routes(included.routes, prefix + (route.include_context.prefix or ""))
        else:
            yield prefix + getattr(route, "path", ""), getattr(route, "methods", None) or set()


def _page_routes(app) -> list[str]:
    """Every HTML page route the app serves (routers added later included), ids as 1 and
    names as a province."""
    paths = []
    for path, methods in _served_routes(app.routes):
        if path.startswith(("/api", "/static")) or "GET" not in methods:
            continue
        path = re.sub(r"\{\w+_id\}", "1", path)
        paths.append(re.sub(r"\{[^}]+\}", "H%C3%A0%20N%E1%BB%99i", path))
    assert "/activity" in paths and "/indicators" in paths
    return paths


def test_every_page_route_keeps_to_the_policy(client):
    """A page a later router adds is held to the policy too (an inline ``style=`` would be
    blocked by the browser and the page drawn wrong)."""
    for path in _page_routes(client.app):
        r = client.get(path)
        assert r.status_code in (200, 404), (path, r.status_code)
        assert not re.search(r"<script|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:", r.text, re.IGNORECASE), path


# -- ids ---------------------------------------------------------------------------------

def _id_routes(app) -> list[str]:
    """Every ``{..._id}`` route the app serves (routers added later included)."""
    routes = [path for path, _ in _served_routes(app.routes) if re.search(r"\{\w+_id\}", path)]
    assert {"/claims/{claim_id}", "/articles/{article_id}", "/api/claims/{claim_id}",
            "/api/articles/{article_id}", "/events/{event_id}", "/api/events/{event_id}",
            "/observations/{observation_id}", "/api/observations/{observation_id}"} <= set(routes)
    return routes


@pytest.mark.parametrize("value", [2**63, 2**63 - 1, 2**64 + 5, 10**40, -1, -(2**63) - 1, 0])
def test_ids_no_row_can_have_are_not_found_on_every_id_route(client, value):
    for route in _id_routes(client.app):
        path = re.sub(r"\{\w+_id\}", str(value), route)
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code, r.text[:200])


# -- text search -------------------------------------------------------------------------

def test_percent_and_underscore_in_a_text_search_are_themselves(client):
    every = client.get("/api/claims", params={"limit": 1000}).json()
    percent = client.get("/api/claims", params={"text": "%", "limit": 1000}).json()
    assert percent and len(percent) < len(every)
    assert all("%" in c["quote"] or "%" in client.get(f"/api/claims/{c['id']}").json()["sentence"]["text"]
               for c in percent)
    assert client.get("/api/claims", params={"text": "_"}).json() == []
    assert client.get("/api/claims", params={"text": "1_909"}).json() == []
    assert client.get("/api/claims", params={"text": "1.909"}).json()  # an ordinary search still finds
    articles = client.get("/api/articles", params={"text": "%"}).json()
    assert [a["title"] for a in articles] == ["Quảng Ninh: kinh tế tập thể đóng góp 2,5% GRDP"]
    assert client.get("/api/officials", params={"name": "_"}).json() == []


# -- HEAD --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/indicators", "/claims/1", "/api/claims?limit=3", "/api/claims/1",
                                  "/static/style.css", "/api/openapi.json", "/claims/999999"])
def test_head_answers_as_get_without_a_body(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("content-type", "content-length", "content-security-policy"):
        assert head.headers.get(name) == get.headers.get(name), name


# -- overload ----------------------------------------------------------------------------

def _starved_app(db_url, monkeypatch, *, max_requests: str, queue_seconds: str, pool_timeout: float):
    """The app over an engine with one connection, which the test holds."""
    from vnfacts.web.app import create_app
    from vnfacts.web.overload import MAX_REQUESTS_ENV, QUEUE_SECONDS_ENV
    from vnfacts.web.readonly import readonly_engine

    monkeypatch.setenv(MAX_REQUESTS_ENV, max_requests)
    monkeypatch.setenv(QUEUE_SECONDS_ENV, queue_seconds)
    app = create_app(db_url)
    app.state.engine = readonly_engine(db_url, pool_size=1, pool_timeout=pool_timeout)
    app.state.engine.pool._max_overflow = 0
    return app


def test_an_exhausted_connection_pool_is_503_with_retry_after_not_500(db_url, monkeypatch):
    app = _starved_app(db_url, monkeypatch, max_requests="32", queue_seconds="10", pool_timeout=0.2)
    held = app.state.engine.connect()
    try:
        with TestClient(app, raise_server_exceptions=False) as c:
            for path in ("/api/claims", "/indicators"):
                r = c.get(path)
                assert r.status_code == 503, (path, r.status_code)
                assert r.headers["retry-after"].isdigit()
    finally:
        held.close()


def test_requests_beyond_the_limit_wait_then_get_503_while_the_first_is_served(db_url, monkeypatch):
    app = _starved_app(db_url, monkeypatch, max_requests="1", queue_seconds="0.3", pool_timeout=10)
    held = app.state.engine.connect()
    release = threading.Timer(1.0, held.close)  # the first request waits for the connection meanwhile

    async def two() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            first = asyncio.create_task(c.get("/api/claims"))
            await asyncio.sleep(0.1)
            second = await c.get("/api/claims")
            return await first, second

    release.start()
    try:
        first, second = asyncio.run(two())
    finally:
        release.cancel()
        held.close()
    assert first.status_code == 200
    assert second.status_code == 503 and second.headers["retry-after"].isdigit()
    assert "busy" in second.json()["detail"]
