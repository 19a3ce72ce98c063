"""The network under every fetch: a total deadline per request and no reaching inside.

Two things httpx does not do on its own, done where every connection is made -- httpcore's
network backend -- so that they hold for the first request, for every redirect, and
whatever spelling a URL gives its host:

**A total deadline.** httpx's timeouts bound each socket operation, not a request (httpx
issue #1450, "low-and-slow"): a server that sends its headers one byte every few seconds
never trips a read timeout and holds a run for ever. :func:`deadline` sets, for the
calling thread, the moment by which the request must be over; every connect, read and
write of :class:`GuardedBackend` gets at most the time left, and none starts after it,
so connect + headers + body together end within the deadline (``httpcore.ReadTimeout``,
which httpx raises as ``httpx.ReadTimeout``).

**No private addresses (SSRF).** A feed is written by someone else: its item links, or a
redirect, may point at ``127.0.0.1``, the database port, a router or the cloud metadata
service. The host is resolved here, *every* address it resolves to is checked, and the
connection goes to a checked address (so a DNS answer cannot change in between).
Loopback, private, link-local, shared (CGNAT), multicast, unspecified and reserved
addresses, and the metadata address, are refused with :class:`BlockedAddress`; so are
the same addresses written as integers (``2130706433``), in hex (``0x7f000001``), short
(``127.1``) or as IPv4-mapped IPv6 (``::ffff:127.0.0.1``): the resolver turns them all into
the one address that is checked. ``allow_private=True`` (``$VNFACTS_ALLOW_PRIVATE_ADDRESSES=1``)
lets them all through, for a feed on the local network and the tests' local server;
``allow_hosts`` (or the variable set to ``host:port,...``) only the hosts named, as the URL
writes them.
"""
from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore

ALLOW_PRIVATE_ENV = "VNFACTS_ALLOW_PRIVATE_ADDRESSES"
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def allowed_by_env() -> tuple[bool, frozenset[str]]:
    """``$VNFACTS_ALLOW_PRIVATE_ADDRESSES``: 1/true/yes/on allows every private address;
    a comma-separated list of ``host`` or ``host:port`` allows those; unset, none."""
    value = os.environ.get(ALLOW_PRIVATE_ENV, "").strip()
    if value.lower() in ("1", "true", "yes", "on"):
        return True, frozenset()
    if value.lower() in ("", "0", "false", "no", "off"):
        return False, frozenset()
    return False, frozenset(h.strip().lower() for h in value.split(",") if h.strip())


class BlockedAddress(Exception):
    """A host that resolves to an address a fetch may not reach."""

    def __init__(self, host: str, address: str, kind: str):
        self.host, self.address, self.kind = host, address, kind
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"refused to connect to {shown}: a {kind} address "
                         f"(set {ALLOW_PRIVATE_ENV}=1 to allow private addresses)")


def address_kind(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be fetched (``"loopback"``, ``"private"`` ...), or ``None`` if it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return address_kind(embedded)
    checks = (
        (ip in METADATA_ADDRESSES, "cloud metadata"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED, "shared (CGNAT)"),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "non-public"),
    )
    return next((kind for refused, kind in checks if refused), None)


_local = threading.local()


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Network operations of this thread must end within ``seconds`` (``None``: no deadline)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = None if seconds is None else time.monotonic() + seconds
    try:
        yield
    finally:
        _local.deadline = previous


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to what is left of the thread's deadline; ``error`` once it has passed."""
    end = getattr(_local, "deadline", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error("the request's total deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the thread's deadline."""

    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, _time_left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), as the resolver gives them. (The
    system resolver takes no timeout: a lookup is bounded by the resolver's own, not by the
    deadline, which bounds everything after it.)"""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
    seen: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # an IPv6 scope id is not part of the address
        if address not in seen:
            seen.append(address)
    return seen


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with the thread's deadline and, unless allowed, no private addresses."""

    def __init__(self, *, allow_private: bool = False, allow_hosts: Iterable[str] = (),
                 backend: httpcore.NetworkBackend | None = None):
        self.allow_private = allow_private
        self.allow_hosts = frozenset(h.lower() for h in allow_hosts)
        self._backend = backend or httpcore.SyncBackend()

    def check(self, host: str, port: int, addresses: Iterable[str]) -> None:
        """Raise :class:`BlockedAddress` if any address of ``host`` may not be reached."""
        shown = f"[{host}]" if ":" in host else host
        if self.allow_private or {shown.lower(), f"{shown}:{port}".lower()} & self.allow_hosts:
            return
        for address in addresses:
            kind = address_kind(ipaddress.ip_address(address))
            if kind is not None:
                raise BlockedAddress(host, address, kind)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        addresses = _resolve(host, port)
        self.check(host, port, addresses)
        last: Exception | None = None
        for address in addresses:
            try:
                stream = self._backend.connect_tcp(address, port, _time_left(timeout, httpcore.ConnectTimeout),
                                                   local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
                continue
            return _DeadlineStream(stream)
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def guarded_client_options(*, allow_private: bool, allow_hosts: Iterable[str] = (), limits: Any) -> dict[str, Any]:
    """``httpx.Client`` arguments: a transport whose connections go through :class:`GuardedBackend`.

    httpx has no argument for a network backend, so the transport's connection pool is
    rebuilt with the same limits and the guarded backend. Given a transport, httpx uses no
    proxy from the environment (``$HTTPS_PROXY``): every connection is one the guard sees.
    """
    import httpx

    transport = httpx.HTTPTransport(limits=limits)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(allow_private=allow_private, allow_hosts=allow_hosts),
    )
    return {"transport": transport}
