"""An article page: bytes -> Unicode -> title, date, author and body -> corpus-shaped text.

Decoding (:func:`decode_html`) tries, in order: a byte-order mark; the HTTP
``Content-Type`` charset; the page's own ``<meta charset>`` / ``http-equiv`` declaration
(or an XML declaration); then detection (strict UTF-8 first, then charset-normalizer). A
declared charset that does not decode the bytes is passed over rather than trusted.
Labels follow the WHATWG rules browsers use (``iso-8859-1`` means windows-1252), and
``windows-1258`` -- the Vietnamese code page, which writes tones as combining marks --
decodes through Python's ``cp1258``. The result is always NFC, so a Windows-1258 page
gives exactly the text a UTF-8 page with the same words gives.

A declaration can be wrong and still decode: a Windows-1258 page served as
``iso-8859-1`` decodes as windows-1252 without an error, into mojibake (``HôÒp taìc xaÞ``).
So a declared charset's text is checked (:func:`implausible_letters`: letters outside the
Vietnamese alphabet, ``Ã``, ``Æ°``, ``Ì``, ``Þ``, a stray combining mark ...); when windows-1258,
UTF-8 or charset-normalizer's guess gives clearly more plausible Vietnamese, that is used,
and :attr:`Decoded.note` says the declared charset was wrong (a ``decode`` warning on the
stored article).

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


def _vietnamese_letters() -> frozenset[str]:
    letters = {"đ", "Đ"}
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            letters.add(unicodedata.normalize("NFC", base + tone))
    return frozenset(c for c in letters if ord(c) > 127)


VIETNAMESE_LETTERS = _vietnamese_letters()
_MIN_EVIDENCE = 20  # non-ASCII letters needed before a declared charset is doubted


def implausible_letters(text: str) -> tuple[int, int]:
    """``(non-ASCII letters and marks outside the Vietnamese alphabet, non-ASCII letters and marks)``
    of NFC ``text``: mojibake is full of the first (``Ã``, ``Æ``, ``Þ``, ``Ì``, ``ð``, stray combining
    marks), Vietnamese has almost none. Punctuation and symbols are not counted."""
    bad = total = 0
    for c in text:
        if c < "\x80" or unicodedata.category(c)[0] not in "LM":
            continue
        total += 1
        bad += c not in VIETNAMESE_LETTERS
    return bad, total


@dataclass(frozen=True)
class Decoded:
    text: str                # NFC
    codec: str
    how: str                 # bom, http, meta, utf-8, detected, fallback; corrected: the declared one was wrong
    note: str | None = None  # why the declared charset was not used


def _detected(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - detection is best effort
        return None
    return (codec_for(best.encoding) or best.encoding) if best is not None and best.encoding else None


def _recheck(data: bytes, declared: Decoded, label: str) -> Decoded:
    """The declared decoding, unless another one reads as clearly more plausible Vietnamese."""
    bad, total = implausible_letters(declared.text)
    if total < _MIN_EVIDENCE or bad <= max(2, total // 50):
        return declared
    best: tuple[int, str, str] | None = None
    for codec in ("cp1258", "utf-8", _detected(data)):
        if not codec or codec == declared.codec:
            continue
        text = _strict(data, codec)
        if text is None:
            continue
        text = unicodedata.normalize("NFC", text)
        other_bad, other_total = implausible_letters(text)
        if other_total >= _MIN_EVIDENCE and other_bad * 4 <= bad and (best is None or other_bad < best[0]):
            best = (other_bad, codec, text)
    if best is None:
        return declared
    note = (f"declared charset {label!r} ({declared.how}) gave text that is not Vietnamese "
            f"({bad} of {total} letters outside the alphabet); decoded as {best[1]} instead")
    return Decoded(best[2], best[1], "corrected", note)


def decode_page(data: bytes, content_type: str | None = None) -> Decoded:
    """Page bytes as NFC text: BOM, HTTP charset, meta charset (each checked), UTF-8, detection."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return Decoded(unicodedata.normalize("NFC", data[len(bom):].decode(bom_codec, "replace")), bom_codec, "bom")
    for how, label in (("http", http_charset(content_type)), ("meta", meta_charset(data))):
        codec = codec_for(label)
        if codec:
            text = _strict(data, codec)
            if text is not None:
                return _recheck(data, Decoded(unicodedata.normalize("NFC", text), codec, how), label or codec)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(unicodedata.normalize("NFC", text), "utf-8", "utf-8")
    codec = _detected(data)
    text = _strict(data, codec) if codec else None
    if codec and text is not None:
        return Decoded(unicodedata.normalize("NFC", text), codec, "detected")
    return Decoded(unicodedata.normalize("NFC", data.decode("utf-8", "replace")), "utf-8", "fallback")


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str, str]:
    """``(text NFC, codec, how)`` of :func:`decode_page`."""
    d = decode_page(data, content_type)
    return d.text, d.codec, d.how


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
    note: str | None = None  # the declared charset was wrong (``Decoded.note``)

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
    decoded = decode_page(data, content_type)
    html, codec, how = decoded.text, decoded.codec, decoded.how
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
                paragraphs=lines, encoding=codec, encoding_source=how, note=decoded.note)


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
