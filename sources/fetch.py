"""Polite HTTP GETs: conditional requests, retries with backoff, a per-host limit, a named User-Agent.

``Fetcher.get(url, etag=..., last_modified=...)`` sends ``If-None-Match`` /
``If-Modified-Since`` when it is given the validators of the last response, so an unchanged
feed costs a 304 and no body. Timeouts, dropped connections, 5xx, 408 and 429 are retried
``retries`` times with exponential backoff (``backoff * 2**n``, capped; a ``Retry-After``
is honoured up to the cap); any other 4xx is final. What cannot be fetched raises
:class:`FetchError`, whose ``reason`` is one line for an ingest-error row and whose
``retryable`` says whether a later run may do better.

At most ``per_host`` requests to one host are in flight at once, across every thread that
shares the fetcher; a retry waits *outside* that limit, so one slow host does not hold up
its own other requests longer than necessary.

Every request, redirects included, goes through ``sources.guard``: ``total_timeout`` is
a deadline for the whole request (connect, headers and body: a server that trickles its
headers is abandoned when it passes), and private addresses (loopback, LAN, link-local,
cloud metadata ...) are refused unless ``allow_private`` (or
``$VNFACTS_ALLOW_PRIVATE_ADDRESSES=1``) says otherwise -- a final :class:`FetchError`
naming the URL and the address.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from vnfacts import __version__ as VERSION

from .guard import BlockedAddress, allowed_by_env, deadline, guarded_client_options
from .urls import host_of

USER_AGENT = f"vnfacts/{VERSION} (+https://github.com/vnfacts/vnfacts; research feed reader)"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


class FetchError(Exception):
    """A URL that could not be fetched: ``reason`` for humans, ``retryable`` for the next run."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, retryable: bool = False):
        self.url, self.reason, self.status, self.retryable = url, reason, status, retryable
        super().__init__(f"{url}: {reason}")

    def __reduce__(self) -> tuple[Callable[..., FetchError], tuple[str, str, int | None, bool]]:
        # picklable: Prefect may move exceptions between processes
        return (_rebuild_fetch_error, (self.url, self.reason, self.status, self.retryable))


def _rebuild_fetch_error(url: str, reason: str, status: int | None, retryable: bool) -> FetchError:
    return FetchError(url, reason, status=status, retryable=retryable)


@dataclass(frozen=True)
class FetchConfig:
    timeout: float = 20.0          # seconds for connect, and for each read
    total_timeout: float = 120.0   # seconds for a whole request: connect + headers + body
    retries: int = 3               # extra attempts after the first
    backoff: float = 1.0           # first retry waits this long, then doubles ...
    max_backoff: float = 30.0      # ... up to this
    per_host: int = 2              # requests in flight per host
    max_bytes: int = 15_000_000    # a body larger than this is refused
    user_agent: str = USER_AGENT
    max_redirects: int = 5
    allow_private: bool | None = None  # fetch loopback/LAN addresses; None: $VNFACTS_ALLOW_PRIVATE_ADDRESSES
    allow_hosts: tuple[str, ...] = ()  # hosts (``host`` or ``host:port``) that may be private all the same


@dataclass
class Response:
    url: str                 # what was asked for
    final_url: str           # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    content: bytes = b""
    attempts: int = 1
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _reason_phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


@dataclass
class _HostLimits:
    per_host: int
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sems: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _active: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)  # most requests seen in flight per host

    def semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            sem = self._sems.get(host)
            if sem is None:
                sem = self._sems[host] = threading.BoundedSemaphore(max(1, self.per_host))
            return sem

    def enter(self, host: str) -> None:
        with self._lock:
            n = self._active[host] = self._active.get(host, 0) + 1
            self.peak[host] = max(self.peak.get(host, 0), n)

    def leave(self, host: str) -> None:
        with self._lock:
            self._active[host] -= 1


class Fetcher:
    """One HTTP client (connection pool) shared by every thread of a run; use as a context manager."""

    def __init__(self, config: FetchConfig | None = None, *, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.config = config or FetchConfig()
        c = self.config
        self._own_client = client is None
        env_all, env_hosts = allowed_by_env()
        allow_private = env_all if c.allow_private is None else c.allow_private
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(c.timeout),
            follow_redirects=True,
            max_redirects=c.max_redirects,
            headers={"User-Agent": c.user_agent},
            **guarded_client_options(allow_private=allow_private, allow_hosts={*c.allow_hosts, *env_hosts},
                                     limits=httpx.Limits(max_connections=64, max_keepalive_connections=16)),
        )
        self.limits = _HostLimits(c.per_host)
        self._sleep = sleep

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        c = self.config
        wait = c.backoff * (2 ** attempt)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return float(min(wait, c.max_backoff))

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> Response:
        """GET ``url`` (conditionally when validators are given); raises :class:`FetchError`."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        host = host_of(url)
        attempts = self.config.retries + 1
        last_reason = "not attempted"
        for attempt in range(attempts):
            retry_after = None
            sem = self.limits.semaphore(host)
            t0 = time.monotonic()
            with sem:
                self.limits.enter(host)
                try:
                    resp = self._once(url, headers)
                except httpx.TimeoutException as e:
                    last_reason = f"timed out ({type(e).__name__}{': ' + str(e) if 'deadline' in str(e) else ''})"
                    resp = None
                except httpx.TooManyRedirects:
                    raise FetchError(url, f"too many redirects (more than {self.config.max_redirects})") from None
                except httpx.InvalidURL as e:
                    raise FetchError(url, f"invalid URL: {e}") from None
                except httpx.UnsupportedProtocol as e:
                    raise FetchError(url, f"unsupported URL: {e}") from None
                except httpx.TransportError as e:
                    last_reason = f"connection failed ({type(e).__name__}: {str(e)[:200] or 'no detail'})"
                    resp = None
                except _TooLarge as e:
                    raise FetchError(url, str(e)) from None
                except BlockedAddress as e:
                    raise FetchError(url, str(e)) from None
                finally:
                    self.limits.leave(host)
            if resp is not None:
                resp.attempts, resp.elapsed = attempt + 1, time.monotonic() - t0
                if resp.status < 400 or resp.status == 304:
                    return resp
                last_reason = _reason_phrase(resp.status)
                if resp.status not in RETRY_STATUSES:
                    raise FetchError(url, last_reason, status=resp.status, retryable=False)
                retry_after = _retry_after(resp.headers.get("retry-after"))
            if attempt + 1 < attempts:
                self._sleep(self.delay(attempt, retry_after))
        status = resp.status if resp is not None else None
        suffix = f" after {attempts} attempts" if attempts > 1 else ""
        raise FetchError(url, last_reason + suffix, status=status, retryable=True)

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        c = self.config
        started = time.monotonic()
        try:
            return self._read(url, headers)
        except httpx.TimeoutException as e:
            if time.monotonic() - started >= c.total_timeout * 0.95:
                raise type(e)(f"no complete response within the total deadline of {c.total_timeout:g} s") from None
            raise

    def _read(self, url: str, headers: dict[str, str]) -> Response:
        c = self.config
        with deadline(c.total_timeout), self.client.stream("GET", url, headers=headers) as r:
            chunks, size = [], 0
            if r.status_code < 300:
                declared = r.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > c.max_bytes:
                    raise _TooLarge(f"response too large ({declared} bytes, limit {c.max_bytes})")
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > c.max_bytes:
                        raise _TooLarge(f"response too large (over {c.max_bytes} bytes)")
                    chunks.append(chunk)
            return Response(url=url, final_url=str(r.url), status=r.status_code,
                            headers={k.lower(): v for k, v in r.headers.items()}, content=b"".join(chunks))


class _TooLarge(Exception):
    pass
