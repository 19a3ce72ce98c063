"""Reading an article file and preparing its text for the extractors.

Two steps, both pure:

* :func:`decode_article` / :func:`read_article`: bytes -> ``str``, verbatim. UTF-8 (with or
  without a BOM) and UTF-16 (with a BOM, or without one when it is obviously UTF-16); the BOM
  is dropped, nothing else changes (``\\r\\n`` stays). Anything else raises
  :class:`ArticleReadError` with a message that names the file and the problem.
* :func:`prepare`: the verbatim text -> :class:`PreparedText`, the normalised text every
  extractor works on plus an exact offset map back to the verbatim text, so every reported
  span can point at the characters of the article file *as it was read*.

Normalisation (:func:`normalize`), in this order:

1. character replacements: ``Ð``/``ð`` (U+00D0/U+00F0, the Icelandic eth that Vietnamese
   pages often print for ``Đ``/``đ``) -> ``Đ``/``đ``; NBSP, narrow NBSP, tab and every other
   Unicode space separator -> ``" "``; ``\\r\\n``, ``\\r``, U+2028/U+2029, VT and FF -> ``"\\n"``;
   U+2010/U+2011 (hyphen, non-breaking hyphen) -> ``"-"`` (en and em dashes stay);
2. deletions: zero-width and invisible format characters (U+200B..U+200F, U+2060, U+FEFF,
   soft hyphen U+00AD);
3. Unicode NFC (decomposed Vietnamese letters compose, so the length changes).
"""
from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "ArticleReadError",
    "PreparedText",
    "decode_article",
    "normalize",
    "prepare",
    "read_article",
]


# --------------------------------------------------------------------------- reading


class ArticleReadError(ValueError):
    """An article file that cannot be read as text.

    ``str(error)`` is ``"<path>: <reason>"``, e.g. ``"corpus/x.txt: empty file"``.
    """

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self) -> tuple[type[ArticleReadError], tuple[Any, ...]]:  # picklable (Prefect moves exceptions between processes)
        return (type(self), (self.path, self.reason))


_BOMS: tuple[tuple[bytes, str], ...] = (
    # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Signatures of common binary formats that might land in a corpus folder by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx/zip)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (doc/xls)"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
)

# Control characters that legitimately occur in text files.
_TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c")
# Characters that do not make a file non-empty.
_DROP_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (c < " " or "\x7f" <= c < "\xa0") and c not in _TEXT_CONTROLS)
    return bad / len(text)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``data`` is obviously BOM-less UTF-16.

    Obvious means: even length, a good share of code units with a zero high byte (ASCII
    letters, spaces, digits and newlines, which every Vietnamese text has plenty of) and
    (almost) no zero low bytes, and the result decodes without stray control characters.
    """
    n = len(data)
    if n < 4 or n % 2:
        return None
    units = n // 2
    zeros_even = data[0::2].count(0)
    zeros_odd = data[1::2].count(0)
    for enc, high_zeros, low_zeros in (("utf-16-le", zeros_odd, zeros_even), ("utf-16-be", zeros_even, zeros_odd)):
        if high_zeros >= max(2, 0.25 * units) and low_zeros <= 0.02 * units:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and _control_ratio(text) < 0.01:
                return enc
    return None


# A few bytes that are not UTF-8 in a file that otherwise is (a page cut inside a character,
# one corrupted byte) are replaced with U+FFFD and reported, not a reason to lose the article.
MAX_REPLACED_BYTES = 8
MAX_REPLACED_SHARE = 0.001


def decode_article(data: bytes, name: str, notes: list[str] | None = None) -> str:
    """Decode the bytes of one article file; the text is returned verbatim (minus a BOM).

    Raises :class:`ArticleReadError` (``"<name>: <reason>"``) for an empty or whitespace-only
    file (``"empty file"``), binary data (``"binary data, not text"``) and bytes that are
    neither UTF-8 nor UTF-16 (``"not valid UTF-8 or UTF-16 text (byte 0xff at offset 12)"``).
    """
    name = str(name)
    if not data:
        raise ArticleReadError(name, "empty file")

    encoding = None
    body = data
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding, body = enc, data[len(bom):]
            break
    if encoding is None:
        for signature, what in _BINARY_SIGNATURES:
            if data.startswith(signature):
                raise ArticleReadError(name, f"binary data, not text ({what})")
        encoding = _looks_like_bomless_utf16(data)

    if encoding is None:
        if b"\x00" in data:
            raise ArticleReadError(name, "binary data, not text (NUL bytes)")
        encoding = "utf-8"

    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as e:
        if encoding == "utf-8" and _control_ratio(body.decode("latin-1")) > 0.05:
            raise ArticleReadError(name, "binary data, not text") from None
        if encoding == "utf-8":
            replaced = body.decode("utf-8", errors="replace")
            bad = replaced.count("\ufffd") - body.count("\ufffd".encode("utf-8"))
            if bad <= MAX_REPLACED_BYTES and bad <= max(1, MAX_REPLACED_SHARE * len(body)):
                if notes is not None:
                    notes.append(f"{bad} byte(s) that are not UTF-8 replaced with U+FFFD "
                                 f"(the first at offset {e.start + (len(data) - len(body))})")
                return _checked(replaced, name)
        bad = body[e.start]
        offset = e.start + (len(data) - len(body))
        if encoding == "utf-8":
            what = "not valid UTF-8 or UTF-16 text"
        else:
            what = f"not valid {encoding.upper()} text"
        raise ArticleReadError(name, f"{what} (byte 0x{bad:02x} at offset {offset})") from None

    return _checked(text, name)


def _checked(text: str, name: str) -> str:
    if "\x00" in text or _control_ratio(text) > 0.05:
        raise ArticleReadError(name, "binary data, not text (control characters)")
    if not text.translate(_DROP_INVISIBLE).strip():
        raise ArticleReadError(name, "empty file" if not text else "empty file (only white space)")
    return text


# An article file larger than this is refused (an error naming the file): news articles
# are tens of kilobytes, and segmentation's memory grows with the text. VNFACTS_MAX_ARTICLE_BYTES
# changes it.
MAX_ARTICLE_BYTES = int(os.environ.get("VNFACTS_MAX_ARTICLE_BYTES", 2_000_000))


def read_article(path: str | os.PathLike[str], notes: list[str] | None = None) -> str:
    """Read one article file and decode it with :func:`decode_article`.

    An unreadable path (missing, a directory, no permission) or a file over
    ``MAX_ARTICLE_BYTES`` also raises :class:`ArticleReadError` naming the path.
    """
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_ARTICLE_BYTES and Path(path).is_file():
            raise ArticleReadError(name, f"too large for an article ({size:,} bytes; the limit is "
                                         f"{MAX_ARTICLE_BYTES:,}, set VNFACTS_MAX_ARTICLE_BYTES to change it)")
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise ArticleReadError(name, "is a directory, not a file") from None
    except FileNotFoundError:
        raise ArticleReadError(name, "no such file") from None
    except OSError as e:
        raise ArticleReadError(name, f"cannot read file ({e.strerror or e})") from None
    return decode_article(data, name, notes)


# --------------------------------------------------------------------------- normalising

# One original character -> its replacement ("" deletes it). "\r\n" is handled apart.
_CHAR_MAP: dict[str, str] = {
    "\u00d0": "\u0110",  # Ð (eth) -> Đ
    "\u00f0": "\u0111",  # ð (eth) -> đ
    "\t": " ",
    "\r": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\u0085": "\n",  # NEL
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u200e": "",  # left-to-right mark
    "\u200f": "",  # right-to-left mark
    "\u2060": "",  # word joiner
    "\ufeff": "",  # BOM / zero-width no-break space
    "\u00ad": "",  # soft hyphen
}
for _c in map(chr, range(0x80, 0x3001)):
    if unicodedata.category(_c) == "Zs":  # NBSP, narrow NBSP, en/em/thin/... spaces, ideographic space
        _CHAR_MAP.setdefault(_c, " ")
del _c


def normalize(s: str) -> str:
    """The documented normalisation (see the module docstring), without an offset map."""
    s = s.replace("\r\n", "\n")
    return unicodedata.normalize("NFC", "".join(_CHAR_MAP.get(c, c) for c in s))


@dataclass(frozen=True)
class PreparedText:
    """The verbatim text of an article and its normalised form, with an exact offset map.

    ``text[i]`` was produced by ``original[_starts[i]:_ends[i]]``.
    """

    original: str
    text: str
    _starts: tuple[int, ...] = field(repr=False, compare=False)
    _ends: tuple[int, ...] = field(repr=False, compare=False)

    def to_original(self, i: int) -> int:
        """Offset ``i`` in ``text`` (``0 <= i <= len(text)``) -> offset in ``original``.

        For ``i < len(text)`` it is where the original characters of ``text[i]`` start; for
        ``i == len(text)`` it is ``len(original)``.
        """
        n = len(self.text)
        if not 0 <= i <= n:
            raise IndexError(f"offset {i} outside the prepared text (0..{n})")
        return self._starts[i] if i < n else len(self.original)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` in ``text`` -> ``[start, end)`` in ``original``.

        The result covers exactly the original characters that produced ``text[start:end]``
        (characters deleted by normalisation count only when they lie inside the span). An
        empty span maps to an empty span at :meth:`to_original` ``(start)``.
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span [{start}, {end}) outside the prepared text (0..{n})")
        if start == end:
            o = self.to_original(start)
            return o, o
        return self._starts[start], self._ends[end - 1]

    def from_original(self, j: int) -> int:
        """Offset ``j`` in ``original`` -> the first offset in ``text`` whose character starts at
        or after ``j`` (``len(text)`` at the end). Useful to turn an original span (a gold
        quote) into a text span: ``from_original(a), from_original(b)``."""
        if not 0 <= j <= len(self.original):
            raise IndexError(f"offset {j} outside the original text (0..{len(self.original)})")
        return bisect_left(self._starts, j)

    def span_from_original(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` in ``original`` -> the text span of the characters produced inside it
        (a text character counts when its original characters start inside the span)."""
        if not 0 <= start <= end <= len(self.original):
            raise IndexError(f"span [{start}, {end}) outside the original text")
        return bisect_left(self._starts, start), bisect_left(self._starts, end)


def _composes_apart(left: str, right: str) -> bool:
    """True when NFC(left + right) == NFC(left) + NFC(right) (a safe cut between them)."""
    nfc = unicodedata.normalize
    return nfc("NFC", left + right) == nfc("NFC", left) + nfc("NFC", right)


_TRANSLATE = str.maketrans({c: r for c, r in _CHAR_MAP.items() if len(r) == 1})
_DELETED = re.compile("[" + "".join(re.escape(c) for c, r in _CHAR_MAP.items() if r == "") + "\r]")


def prepare(original: str) -> PreparedText:
    """Normalise ``original`` (see the module docstring) and keep the offset map."""
    if unicodedata.is_normalized("NFC", original) and not _DELETED.search(original):
        # The usual case (NFC text, nothing deleted): every replacement is one character
        # for one, so the map is the identity and C-speed translation does the work.
        text = original.translate(_TRANSLATE)
        if unicodedata.is_normalized("NFC", text):
            n = len(original)
            return PreparedText(original, text, tuple(range(n)), tuple(range(1, n + 1)))
    # 1+2. character map, recording for each kept character its original [start, end).
    chars: list[str] = []
    o_start: list[int] = []
    o_end: list[int] = []
    i, n = 0, len(original)
    while i < n:
        c = original[i]
        if c == "\r" and i + 1 < n and original[i + 1] == "\n":
            chars.append("\n")
            o_start.append(i)
            o_end.append(i + 2)
            i += 2
            continue
        r = _CHAR_MAP.get(c, c)
        if r:
            chars.append(r)
            o_start.append(i)
            o_end.append(i + 1)
        i += 1

    # 3. NFC, cluster by cluster. A cluster is a starter plus the non-starters after it;
    # clusters that compose with each other (Hangul jamo, some Indic vowel signs) are merged,
    # so NFC of the whole equals the concatenation of NFC of the clusters.
    clusters: list[tuple[int, int]] = []  # [a, b) in `chars`
    m = len(chars)
    a = 0
    combining = unicodedata.combining
    while a < m:
        b = a + 1
        while b < m and combining(chars[b]):
            b += 1
        if clusters and chars[a] >= "\u0300":
            pa, pb = clusters[-1]
            if not _composes_apart("".join(chars[pa:pb]), "".join(chars[a:b])):
                clusters[-1] = (pa, b)
                a = b
                continue
        clusters.append((a, b))
        a = b

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for a, b in clusters:
        if b - a == 1 and chars[a] < "\u0300":  # fast path: ASCII, Latin-1 and friends
            out.append(chars[a])
            starts.append(o_start[a])
            ends.append(o_end[a])
            continue
        piece = "".join(chars[a:b])
        composed = unicodedata.normalize("NFC", piece)
        if composed == piece:  # already NFC: one to one
            out.extend(piece)
            starts.extend(o_start[a:b])
            ends.extend(o_end[a:b])
        else:  # every output character comes from the whole cluster
            out.extend(composed)
            starts.extend([o_start[a]] * len(composed))
            ends.extend([o_end[b - 1]] * len(composed))
    return PreparedText(original=original, text="".join(out), _starts=tuple(starts), _ends=tuple(ends))
