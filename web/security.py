"""What every answer carries and how every request is taken, whatever router serves it.

- **Headers** (:class:`SecurityHeaders`): a ``Content-Security-Policy`` that allows the
  page's own stylesheet and nothing else -- no script at all (the pages need none: the
  chart is inline SVG whose colours are presentation attributes, not ``style``), no
  frames, forms posting only here; ``X-Content-Type-Options: nosniff``;
  ``X-Frame-Options: DENY``; ``Referrer-Policy: same-origin``. A response that sets one
  of them itself keeps its own.
- **HEAD** (:class:`HeadAsGet`): answered as the GET of the same URL without its body
  (FastAPI's ``@router.get`` routes answer only GET; a monitor's or a crawler's HEAD got
  405). Status and headers, ``Content-Length`` included, are those of the GET.

``install(app)`` adds both; ``vnfacts.web.app.create_app`` calls it.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """ASGI middleware: :data:`HEADERS` on every HTTP response that does not set them."""

    def __init__(self, app: Any, headers: dict[str, str] | None = None):
        self.app, self.headers = app, headers or HEADERS

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """ASGI middleware: a HEAD request runs as a GET and its body is not sent."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Any) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def install(app: FastAPI) -> None:
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
