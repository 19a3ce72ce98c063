"""More requests than the server can serve at once: a short wait, then "503, come back in N s".

Under 200 concurrent connections the app used to wait for one of SQLAlchemy's 15 pooled
connections and answer 500 (``QueuePool limit of size 5 overflow 10 reached``) after
30 s. Now:

- at most ``max_requests`` requests are served at once (:class:`RequestLimit`, an ASGI
  middleware); the others wait, in order, up to ``queue_seconds``, then get ``503`` with
  ``Retry-After`` -- a busy server says so, quickly, instead of failing;
- the read-only engine's pool holds as many connections as requests are served at once
  (``vnfacts.web.readonly.readonly_engine(pool_size=...)``), so a served request does not
  wait for a connection;
- should it wait all the same (a PostgreSQL server slow to hand out connections), the
  pool's ``TimeoutError`` is a 503 with ``Retry-After`` too, not a 500.

Limits: ``$VNFACTS_WEB_MAX_REQUESTS`` (default 32, below the 40 threads that run the
app's synchronous handlers) and ``$VNFACTS_WEB_QUEUE_SECONDS`` (default 10).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import TimeoutError as PoolTimeout

MAX_REQUESTS_ENV, QUEUE_SECONDS_ENV = "VNFACTS_WEB_MAX_REQUESTS", "VNFACTS_WEB_QUEUE_SECONDS"


@dataclass(frozen=True)
class Limits:
    max_requests: int = 32
    queue_seconds: float = 10.0

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.queue_seconds / 5))

    @classmethod
    def from_env(cls) -> Limits:
        return cls(max_requests=max(1, int(os.environ.get(MAX_REQUESTS_ENV, cls.max_requests))),
                   queue_seconds=max(0.0, float(os.environ.get(QUEUE_SECONDS_ENV, cls.queue_seconds))))


def busy(path: str, retry_after: int) -> Response:
    """The 503 a busy server answers: JSON under ``/api``, a line of text elsewhere."""
    message = f"the server is busy; try again in {retry_after} s"
    headers = {"Retry-After": str(retry_after), "Cache-Control": "no-store"}
    if path.startswith("/api"):
        return Response(json.dumps({"detail": message}), 503, headers, media_type="application/json")
    return Response(message + "\n", 503, headers, media_type="text/plain; charset=utf-8")


class RequestLimit:
    """ASGI middleware: at most ``limits.max_requests`` HTTP requests in the app at once."""

    def __init__(self, app: Any, limits: Limits):
        self.app, self.limits = app, limits
        self._slots: anyio.Semaphore | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._slots is None:  # made in the event loop that serves
            self._slots = anyio.Semaphore(self.limits.max_requests)
        served = False
        with anyio.move_on_after(self.limits.queue_seconds):  # the wait for a slot only, not the answer
            await self._slots.acquire()
            served = True
        if not served:
            await busy(scope.get("path", ""), self.limits.retry_after)(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


def install(app: FastAPI, limits: Limits | None = None) -> Limits:
    """Limit ``app``'s concurrent requests and answer an exhausted pool with 503."""
    limits = limits or Limits.from_env()

    @app.exception_handler(PoolTimeout)
    async def pool_exhausted(request: Request, exc: PoolTimeout) -> Response:
        return busy(request.url.path, limits.retry_after)

    app.add_middleware(RequestLimit, limits=limits)
    return limits
