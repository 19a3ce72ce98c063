"""One spelling per URL: the key that de-duplicates articles reached by different links.

``canonical_url`` lower-cases the scheme and host, drops the default port, the fragment
and tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ...), sorts what is left of the
query, and resolves the URL against a base (feed links may be relative). Path case is
kept: paths are case-sensitive on most servers.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that say how a link was reached, never what it points to.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
    "vero_id", "rb_clickid", "s_cid", "zanpid", "spm", "ref_src", "ref_url", "cmpid", "icid",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"


def is_tracking_param(name: str) -> bool:
    n = name.lower()
    return n in TRACKING_PARAMS or n.startswith(TRACKING_PREFIXES)


def _requote(part: str, safe: str) -> str:
    # unquote then quote: "%7e" and "~" and "%7E" become one spelling; keeps reserved chars
    return quote(unquote(part), safe=safe)


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of ``url`` (resolved against ``base`` first when given).

    >>> canonical_url("HTTPS://Example.VN:443/a/b.html?utm_source=rss&id=7#comments")
    'https://example.vn/a/b.html?id=7'
    """
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url  # not a web URL: leave it as it is
    host = (parts.hostname or "").rstrip(".")
    try:
        host = host.encode("idna").decode("ascii").lower() if host else host
    except UnicodeError:
        host = host.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    if port and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = _requote(parts.path or "/", _SAFE_PATH)
    path = re.sub(r"/{2,}", "/", path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True, quote_via=quote, safe="/:@!$'()*+,;-._~"), ""))


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased: the unit of politeness (per-host limits)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host
