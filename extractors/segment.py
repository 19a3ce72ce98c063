"""Sentences and words with underthesea, and a spaCy ``Doc`` of them that knows its offsets.

underthesea normalises characters while it tokenizes (tone placement, ``Ð``, spacing), so
its words cannot be located with ``str.find``. ``align`` walks the source and each piece
together, comparing base letters only, and so gives every word the exact span it came
from. The ``Doc`` is built from those words (no spaCy tokenizer, no model download);
each token's offset into the prepared text is kept in ``doc.user_data["starts"]``.
"""
from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported where a Doc is built: it costs ~0.45 s, and extraction never needs it
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from .structure import Paragraph

_lock = threading.Lock()
_warm = False


def warm_up() -> None:
    """Load underthesea's models once, before any concurrent use (its lazy load is not thread-safe)."""
    global _warm
    with _lock:
        if not _warm:
            from underthesea import sent_tokenize, word_tokenize

            word_tokenize(sent_tokenize("Hà Nội có 1.909 hợp tác xã.")[0])
            _warm = True


@cache
def vocab() -> Vocab:
    from spacy.vocab import Vocab

    return Vocab()


@dataclass
class Token:
    start: int  # offsets in the prepared text
    end: int
    text: str  # the prepared text of the span (not underthesea's rewrite of it)


@dataclass
class Sentence:
    """A sentence of the prepared text; its words are segmented on first use.

    Every word-level rule looks for a cheap trigger in the text first (a quantity, a title,
    a cooperative type word), so most sentences of an article are never segmented: that
    is what keeps extraction near the speed of underthesea's tokenizer, not several times it.
    """

    index: int
    paragraph: int
    section: str
    kind: str  # the paragraph's kind: "title", "lead", "text", "heading", "caption", ...
    start: int
    end: int
    text: str
    _tokens: list[Token] | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = split_words(self.text, self.start)
        return self._tokens

    def around(self, spans: list[tuple[int, int]], before: int = 6, after: int = 24) -> list["Sentence"]:
        """For each span, this sentence with only the words of a window around it.

        A number's claim needs the few words before it and the noun phrase after it, not
        a 60-word sentence; segmenting just the windows (cut at spaces, overlapping ones
        merged) halves the cost on long sentences. If the whole sentence is already
        segmented, that is used instead.
        """
        if self._tokens is not None or not spans:
            return [self] * len(spans)
        bounds = [self._window(a, b, before, after) for a, b in spans]
        merged: list[list[int]] = []
        for a, b in sorted(bounds):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        views = [replace(self, _tokens=split_words(self.text[a - self.start:b - self.start], a)) for a, b in merged]
        return [next(v for v, (a, b) in zip(views, merged) if a <= lo and hi <= b) for lo, hi in bounds]

    def _window(self, start: int, end: int, before: int, after: int) -> tuple[int, int]:
        text, base = self.text, self.start
        a = start - base
        for _ in range(before):
            cut = text.rfind(" ", 0, max(a - 1, 0))
            if cut < 0:
                a = 0
                break
            a = cut + 1
        b = end - base
        for _ in range(after):
            cut = text.find(" ", b + 1)
            if cut < 0:
                b = len(text)
                break
            b = cut
        return base + a, base + b


def _base(ch: str) -> str:
    """The bare letter of a character: what survives any re-normalisation underthesea does."""
    if ch in "ĐđÐð":
        return "d"
    d = unicodedata.normalize("NFD", ch)
    return (d[0] if d else ch).lower()


def align(source: str, pieces: list[str], offset: int = 0) -> list[tuple[int, int]]:
    """Spans of ``pieces`` (in order, possibly rewritten) within ``source``.

    White space is free on both sides; other characters must agree on their base letter.
    Where a piece cannot be followed (underthesea dropped or invented something), it gets
    the span of as many non-space source characters as it has, so later pieces stay put.
    """
    spans = []
    i, n = 0, len(source)
    for piece in pieces:
        while i < n and source[i].isspace():
            i += 1
        if source.startswith(piece, i):  # the usual case: the piece is the text itself
            spans.append((offset + i, offset + i + len(piece)))
            i += len(piece)
            continue
        start = i
        j = i
        ok = True
        for ch in piece:
            if ch.isspace():
                while j < n and source[j].isspace():
                    j += 1
                continue
            while j < n and source[j].isspace() and not ch.isspace():
                # underthesea joined across a space it dropped (rare); let it
                j += 1
            if j < n and _base(source[j]) == _base(ch):
                j += 1
            elif j < n and unicodedata.combining(source[j]):
                j += 1
            else:
                ok = False
                break
        if not ok:
            k = sum(1 for ch in piece if not ch.isspace())
            j = start
            while j < n and k:
                if not source[j].isspace():
                    k -= 1
                j += 1
        spans.append((offset + start, offset + j))
        i = j
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans within ``text`` (one paragraph), by underthesea."""
    from underthesea import sent_tokenize

    pieces = [p for p in sent_tokenize(text) if p.strip()]
    return align(text, pieces) if pieces else []


def split_words(text: str, offset: int = 0) -> list[Token]:
    from underthesea import word_tokenize

    words = word_tokenize(text)
    spans = align(text, words, offset)
    return [Token(s, e, text[s - offset:e - offset]) for s, e in spans if e > s]


# A "sentence" longer than this (a page without full stops, a pasted table) is read in
# pieces cut at spaces: every rule looks at the words around a number, and a sentence of
# unbounded length would make each of them cost time in proportion to it.
MAX_SENTENCE_CHARS = 1000


def _bounded(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> Iterator[tuple[int, int]]:
    """``[start, end)`` cut at spaces into pieces of at most ``limit`` characters."""
    while end - start > limit:
        cut = text.rfind(" ", start + 1, start + limit)
        if cut <= start:
            cut = start + limit
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def segment(text: str, paragraphs: Sequence[Paragraph]) -> list[Sentence]:
    """Split each content paragraph of the prepared ``text`` into sentences and words."""
    warm_up()
    out: list[Sentence] = []
    for p in paragraphs:
        ptext = text[p.start:p.end]
        pieces = [piece for s, e in split_sentences(ptext) for piece in _bounded(ptext, s, e)]
        for s, e in pieces:
            start, end = p.start + s, p.start + e
            stext = text[start:end]
            out.append(Sentence(index=len(out), paragraph=p.index, section=p.section, kind=p.kind,
                                start=start, end=end, text=stext))
    return out


def to_doc(sentences: list[Sentence]) -> Doc:
    """One spaCy Doc for the article: words from underthesea, sentence starts set, offsets kept.

    For tools that want spaCy's API over the article (``Matcher``, ``displacy``); the
    extractors themselves work on ``Sentence.tokens`` and never import spaCy.
    """
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    sent_starts: list[bool | int | None] = []  # spaCy's type: True, False or None per token
    for s in sentences:
        for k, t in enumerate(s.tokens):
            words.append(t.text)
            nxt = s.tokens[k + 1].start if k + 1 < len(s.tokens) else None
            spaces.append(nxt is None or nxt > t.end)
            starts.append(t.start)
            sent_starts.append(k == 0)
    doc = Doc(vocab(), words=words, spaces=spaces, sent_starts=sent_starts or None)
    doc.user_data["starts"] = starts
    return doc
