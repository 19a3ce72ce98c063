"""Feed bytes -> entries, with feedparser (RSS 0.9x, 1.0, 2.0 and Atom 0.3/1.0).

The bytes come from ``sources.fetch`` (which did the conditional GET); feedparser only
parses. A feed feedparser had to repair (``bozo``: undefined entity, mismatched tag, wrong
declared encoding ...) is used as far as it could be read, and the problem is returned in
``ParsedFeed.problem`` for the run's log and the feed's ``last_error``; bytes with no feed
in them at all raise :class:`FeedError`.

A feed whose declared charset decodes without error into text that is not Vietnamese (a
Windows-1258 feed served as ``iso-8859-1``) is decoded again as ``sources.page`` decodes
pages (:func:`vnfacts.sources.page.decode_page`) and handed to feedparser as UTF-8; the
``problem`` says the declared charset was wrong.

Entry dates are read from the feed's own text (RFC 822 or ISO 8601) and converted to
Vietnam time before the day is taken: ``Mon, 12 Aug 2019 20:00:00 GMT`` is 13/08/2019 in
Hà Nội. (feedparser's ``*_parsed`` fields are UTC, which would move late-evening articles
to the previous day.)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser

from .page import decode_page
from .urls import canonical_url

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class FeedError(ValueError):
    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")

    def __reduce__(self) -> tuple[type[FeedError], tuple[str, str]]:
        return (type(self), (self.url, self.reason))


@dataclass(frozen=True)
class FeedEntry:
    key: str                      # the entry's identity in its feed: guid/id, else its canonical link
    url: str                      # canonical link of the article page
    link: str                     # the link as the feed gave it (absolute)
    title: str | None = None
    published: dt.datetime | None = None  # Vietnam time
    updated: dt.datetime | None = None
    author: str | None = None
    summary: str | None = None
    fingerprint: str = ""         # changes when the entry is updated in place

    @property
    def date(self) -> dt.date | None:
        when = self.published or self.updated
        return when.date() if when else None


@dataclass
class ParsedFeed:
    url: str
    version: str                  # feedparser's name: rss20, rss10, rss091u, atom10, ...
    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str | None = None    # what feedparser had to repair, if anything
    skipped: list[str] = field(default_factory=list)  # entries without a usable link


def parse_date(raw: str | None, parsed: time.struct_time | None = None) -> dt.datetime | None:
    """A feed date (RFC 822 or ISO 8601 text; else feedparser's UTC tuple) in Vietnam time."""
    when = None
    if raw:
        raw = raw.strip()
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            try:
                when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                when = None
    if when is None and parsed is not None:
        try:
            when = dt.datetime(*parsed[:6], tzinfo=dt.UTC)
        except (TypeError, ValueError):
            when = None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=LOCAL_TZ)  # no zone given: a Vietnamese feed means local time
    return when.astimezone(LOCAL_TZ)


def _entry_link(entry: Any) -> str | None:
    link: str | None = entry.get("link")
    if not link:
        for candidate in entry.get("links", []) or []:
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link:
        guid = entry.get("id") or ""
        if guid.startswith(("http://", "https://")) and entry.get("guidislink", True):
            link = guid
    return link


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


# bozo reasons that say nothing about the feed itself (servers often call feeds text/html)
_BENIGN = ("NonXMLContentType",)


def _problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if exc is not None and type(exc).__name__ in _BENIGN:
        return None
    name = type(exc).__name__ if exc is not None else "error"
    text = " ".join(str(exc).split()) if exc is not None else ""
    return f"malformed feed, read anyway ({name}: {text[:300]})" if text else f"malformed feed, read anyway ({name})"


_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*""")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?[^;"'\s]*["']?""", re.IGNORECASE)


def _redecoded(data: bytes, headers: dict[str, str]) -> tuple[bytes, str | None]:
    """``data`` as UTF-8 (declarations rewritten to say so) when its declared charset was wrong;
    else ``data`` untouched. The second value is the note for ``ParsedFeed.problem``."""
    decoded = decode_page(data, headers.get("content-type"))
    if decoded.how != "corrected":
        return data, None
    text = _XML_ENCODING.sub(r"\g<1>utf-8", decoded.text, count=1)
    if "content-type" in headers:
        headers["content-type"] = _CHARSET_PARAM.sub("charset=utf-8", headers["content-type"])
    return text.encode("utf-8"), decoded.note


def parse_feed(data: bytes, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse feed ``data`` fetched from ``url``; relative links resolve against ``url``."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    data, charset_note = _redecoded(data, headers)
    response_headers = {"content-location": url}
    if "content-type" in headers:
        response_headers["content-type"] = headers["content-type"]
    parsed = feedparser.parse(data, response_headers=response_headers, sanitize_html=False,
                              resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        exc = parsed.get("bozo_exception")
        detail = f" ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})" if exc else ""
        raise FeedError(url, f"not a feed: no RSS or Atom content could be read{detail}")
    feed = parsed.get("feed", {})
    problem = "; ".join(p for p in (charset_note, _problem(parsed)) if p) or None
    out = ParsedFeed(url=url, version=version or "unknown", title=_clean(feed.get("title")), problem=problem)
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            out.skipped.append(_clean(entry.get("title")) or entry.get("id") or "(entry without title)")
            continue
        link = urljoin(url, link.strip())
        absolute = canonical_url(link)
        if not absolute.startswith(("http://", "https://")):
            out.skipped.append(link)
            continue
        guid = _clean(entry.get("id"))
        key = guid or absolute
        if key in seen:
            continue
        seen.add(key)
        # dict.get: feedparser's own get() maps a missing "updated" to "published" (with a warning)
        published = parse_date(dict.get(entry, "published"), dict.get(entry, "published_parsed"))
        updated = parse_date(dict.get(entry, "updated"), dict.get(entry, "updated_parsed"))
        title, summary = _clean(entry.get("title")), _clean(entry.get("summary"))
        author = _clean(entry.get("author")) or _clean((entry.get("authors") or [{}])[0].get("name"))
        stamp = "\x1f".join(str(x or "") for x in (dict.get(entry, "updated") or dict.get(entry, "published"), title, summary, absolute))
        out.entries.append(FeedEntry(
            key=key, url=absolute, link=link, title=title, published=published or updated, updated=updated,
            author=author, summary=summary, fingerprint=hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:32],
        ))
    return out
