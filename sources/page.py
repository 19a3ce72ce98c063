"""An article page: bytes -> Unicode -> title, date, author and body -> corpus-shaped text.

Decoding (:func:`decode_html`) tries, in order: a byte-order mark; the HTTP
``Content-Type`` charset; the page's own ``<meta charset>`` / ``http-equiv`` declaration
(or an XML declaration); then detection (strict UTF-8 first, then charset-normalizer). A
declared charset that does not decode the bytes is passed over rather than trusted.
Labels follow the WHATWG rules browsers use (``iso-8859-1`` means windows-1252), and
``windows-1258`` -- the Vietnamese code page, which writes tones as combining marks --
decodes through Python's ``cp1258``. The result is always NFC, so a Windows-1258 page
gives exactly the text a UTF-8 page with the same words gives.

Extraction (:func:`read_page`) is trafilatura's: it finds the article body among the
navigation, ads and comments, and reads title/date/author from the markup. Dates are
taken only from markup (meta tags, JSON-LD, ``<time>``, the URL), never guessed from the
running text; the caller falls back on the feed's date.

:func:`article_text` writes what was read in the shape of a corpus file -- title line,
blank line, date line (``13/08/2019``), blank line, one paragraph per line -- so that the
extractors' structure parser reads a fetched page exactly as it reads a corpus file.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

MIN_BODY_CHARS = 200  # less than this is a teaser, a paywall or an error page, not an article

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
# WHATWG Encoding Standard: labels browsers treat as another encoding.
_WHATWG = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso_8859-1": "cp1252", "cp819": "cp1252", "ibm819": "cp1252",
    "windows-1258": "cp1258", "x-cp1258": "cp1258", "cp1258": "cp1258",
    "iso-8859-9": "cp1254", "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    # a page that says "utf-16" in an ASCII-compatible <meta> is really UTF-8 (the spec's rule)
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "unicode": "utf-8",
    "x-user-defined": "cp1252",
}


class PageError(ValueError):
    """A page that gives no article: ``reason`` goes to the ingest-error row."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")

    def __reduce__(self) -> tuple[type[PageError], tuple[str, str]]:
        return (type(self), (self.url, self.reason))


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or ``None`` when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WHATWG.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    m = _HTTP_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KiB (``<meta>`` or an XML declaration)."""
    head = data[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str, str]:
    """``(text NFC, codec, how)``; ``how`` is bom, http, meta, utf-8, detected or fallback."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data[len(bom):].decode(bom_codec, "replace")), bom_codec, "bom"
    for how, label in (("http", http_charset(content_type)), ("meta", meta_charset(data))):
        codec = codec_for(label)
        if codec:
            text = _strict(data, codec)
            if text is not None:
                return unicodedata.normalize("NFC", text), codec, how
    text = _strict(data, "utf-8")
    if text is not None:
        return unicodedata.normalize("NFC", text), "utf-8", "utf-8"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - detection is best effort
        best = None
    if best is not None and best.encoding:
        codec = codec_for(best.encoding) or best.encoding
        text = _strict(data, codec)
        if text is not None:
            return unicodedata.normalize("NFC", text), codec, "detected"
    return unicodedata.normalize("NFC", data.decode("utf-8", "replace")), "utf-8", "fallback"


def is_html(content_type: str | None, data: bytes) -> bool:
    ct = (content_type or "").split(";")[0].strip().lower()
    if ct in ("text/html", "application/xhtml+xml", "text/xml", "application/xml", ""):
        return True
    if ct.startswith("text/"):
        head = data[:2048].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head
    return False


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page (``<!DOCTYPE html`` or ``<html`` first, after a BOM
    and white space): a page someone saved as ``.txt``, to be read as a page, not as text."""
    return text[:512].lstrip("\ufeff \t\r\n").lower().startswith(("<!doctype html", "<html"))


@dataclass
class Page:
    url: str
    title: str | None
    date: dt.date | None
    author: str | None
    sitename: str | None
    paragraphs: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    encoding_source: str = "utf-8"

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


def _nfc_lines(text: str) -> list[str]:
    lines = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(line)
    return lines


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_page(data: bytes, url: str, content_type: str | None = None, *,
              min_chars: int = MIN_BODY_CHARS) -> Page:
    """Decode and extract one article page; raises :class:`PageError` when there is no article."""
    import trafilatura

    if not data or not data.strip():
        raise PageError(url, "empty page")
    if not is_html(content_type, data):
        raise PageError(url, f"not an HTML page ({(content_type or 'no content type').split(';')[0]})")
    html, codec, how = decode_html(data, content_type)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, favor_precision=True, deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # trafilatura on hostile HTML: an error row, not a crash
        raise PageError(url, f"could not parse the page ({type(e).__name__}: {str(e)[:200]})") from None
    if doc is None:
        raise PageError(url, "no extractable article body")
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    title = " ".join(_nfc_lines(get("title") or "")) or None
    lines = _nfc_lines(get("text") or "")
    if lines and title and lines[0].rstrip(" .:") == title.rstrip(" .:"):
        lines = lines[1:]  # the headline is the title line, not the first paragraph
    if sum(len(x) for x in lines) < min_chars:
        got = sum(len(x) for x in lines)
        raise PageError(url, f"no extractable article body ({got} characters of text, need {min_chars})")
    author = " ".join(_nfc_lines(get("author") or "")) or None
    sitename = " ".join(_nfc_lines(get("sitename") or "")) or None
    return Page(url=url, title=title, date=_date(get("date")), author=author, sitename=sitename,
                paragraphs=lines, encoding=codec, encoding_source=how)


def article_text(title: str | None, date: dt.date | None, paragraphs: list[str],
                 author: str | None = None) -> str:
    """The corpus-file shape: ``title\\n\\ndd/mm/yyyy\\n\\nparagraph\\nparagraph...``.

    The author, when known and not already written at the end of the body, is added as
    a last line ``Tác giả: ...`` (the structure parser reads it as the byline).
    """
    parts = []
    if title:
        parts += [title, ""]
    if date:
        parts += [date.strftime("%d/%m/%Y"), ""]
    body = list(paragraphs)
    if author and not any(author.casefold() in line.casefold() for line in body[-3:]):
        body.append(f"Tác giả: {author}")
    text = "\n".join(parts + body) + "\n"
    return unicodedata.normalize("NFC", text)
