"""When a number holds: the ``period`` of a claim, as an EDTF string (FORMAT.md).

A researcher places a figure on a time axis by the time it refers to, not by the day the
article was printed: "đến ngày 30/6/2015 ... 833 hợp tác xã" in a 2020 article is a 2015
figure. The rules, in order (the words that decide are in ``data/periods.yaml``):

1. a time the claim's clause names (``năm 2022``, ``tháng 8/2019``, ``6 tháng đầu năm``,
   ``quý I/2023``, ``giai đoạn 2016 - 2020``, ``từ năm 2015 đến nay``), else the nearest
   one named before it in its sentence;
2. ``N năm qua`` looks back from the article's year;
3. else a time named earlier in the paragraph carries (a paragraph that opens with
   ``Trong đó`` ... continues the one before), unless ``hiện nay``/``đến nay`` makes the
   figure one of now;
4. a target without a time of its own takes the nearest horizon of its paragraph (before
   it, else after it), else none; a fact without one holds on the published date.

A comparison's base (``so với năm 2021``) and a date inside a document's name (``Quyết
định ... giai đoạn 2021-2025``) are never periods. A figure the headline or lead restates
takes the period the body gives the same figure (``restated``).

Pure: text in, EDTF strings out; no I/O beyond reading the rule file once.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .lexicon import load

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class Time:
    """A time a sentence names: ``[start, end)`` in the sentence, and its EDTF value."""

    start: int
    end: int
    edtf: str
    carries: bool = True  # a term ("nhiệm kỳ 2016 - 2020") dates its own clause only


@dataclass(frozen=True)
class _Rules:
    times: tuple[tuple[str, re.Pattern], ...]
    number_words: dict[str, int]
    not_before: re.Pattern
    documents: re.Pattern
    document_reach: int
    present: re.Pattern
    continuations: tuple[str, ...]
    term: re.Pattern
    reached_total: re.Pattern
    per_year: re.Pattern


@cache
def rules() -> _Rules:
    d = load("periods")
    return _Rules(
        times=tuple((t["kind"], re.compile(r"(?<![\w/.\-])" + t["pattern"] + r"(?![\w/])")) for t in d["times"]),
        number_words={str(k): int(v) for k, v in d["number_words"].items()},
        not_before=re.compile("(?:" + "|".join(d["not_a_period_before"]) + r")\s*(?:năm\s+|tháng\s+|ngày\s+)?$"),
        documents=re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, d["document_names"])) + r")(?!\w)"),
        document_reach=int(d["document_name_reach"]),
        present=re.compile("|".join(d["present_markers"])),
        continuations=tuple(str(w) for w in d["continuations"]),
        term=re.compile("(?:" + "|".join(map(re.escape, d["term_words"])) + r")\s*$"),
        reached_total=re.compile("(?:" + "|".join(d["reached_total"]) + ")"),
        per_year=re.compile("(?:" + "|".join(d["per_year"]) + ")"),
    )


def _edtf(kind: str, g: dict, published: dt.date | None, r: _Rules) -> str | None:
    year = int(g["y"]) if g.get("y") else int(g["y2"]) if g.get("y2") else published.year if published else None
    n = int(g["n"]) if g.get("n") else r.number_words.get(g.get("nw") or "", 0)
    if kind == "since_until_now":
        return f"{g['y']}/{published.isoformat()}" if published else None
    if kind in ("first_months", "first_months_words"):
        return f"{year}-01/{year}-{n:02d}" if year and 1 <= n <= 12 else None
    if kind == "since_year_start":
        return f"{year}-01/{published.isoformat()}" if year and published else None
    if kind == "half_year":
        return f"{year}-01/{year}-06" if year else None
    if kind == "quarter":
        q = _ROMAN.get(g["q"]) or int(g["q"])
        return f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}"
    if kind == "end_of_year":
        return f"{year}-12-31"
    if kind in ("date", "month"):
        m, d = int(g["m"]), int(g["d"]) if g.get("d") else None
        try:
            dt.date(year, m, d or 1)
        except ValueError:
            return None
        return f"{year}-{m:02d}" + (f"-{d:02d}" if d else "")
    if kind == "span":
        y1, y2 = int(g["y"]), int(g["y2"])
        return f"{y1}/{y2}" if y1 < y2 else None
    if kind == "lookback":
        return f"{published.year - n}/{published.year}" if published and n else None
    if kind == "this_year":
        return str(published.year) if published else None
    if kind == "year":
        return str(year)
    return None


def find_times(sentence: str, published: dt.date | None) -> list[Time]:
    """The times a sentence names that can be a figure's period, in order."""
    r = rules()
    low = sentence.lower()
    found: list[Time] = []
    for kind, rx in r.times:
        for m in rx.finditer(low):
            if any(m.start() < t.end and t.start < m.end() for t in found):
                continue
            before = low[max(0, m.start() - 20):m.start()]
            if r.not_before.search(before) or _in_document_name(low, m.start(), r):
                continue
            value = _edtf(kind, m.groupdict(), published, r)
            if value is not None:
                found.append(Time(m.start(), m.end(), value, carries=not r.term.search(low[:m.start()])
                                  and not r.term.search(low[m.start():m.start() + 9])))
    return sorted(found, key=lambda t: t.start)


def _in_document_name(low: str, pos: int, r: _Rules) -> bool:
    back = low[max(0, pos - r.document_reach):pos]
    hits = list(r.documents.finditer(back))
    return bool(hits) and not re.search(r"[;:.]", back[hits[-1].end():])


def _clause(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, pos) for c in ",;:") + 1
    ends = [i for i in (text.find(c, pos) for c in ",;") if i >= 0]
    return a, min(ends, default=len(text))


class ArticlePeriods:
    """Periods for the claims of one article, read sentence by sentence in order.

    Call :meth:`paragraph` with all the sentences of a paragraph before asking for the
    periods of its claims (a target may take a horizon named after it).
    """

    def __init__(self, published: dt.date | None):
        self.published = published
        self._carried: str | None = None
        self._times: dict[int, list[Time]] = {}
        self._paragraph: list = []

    def paragraph(self, sentences: list) -> None:
        """Start a paragraph: its sentences, each with ``index`` and ``text``."""
        first = sentences[0].text.strip().lower() if sentences else ""
        if not first.startswith(rules().continuations):
            self._carried = None
        self._paragraph = sentences
        for s in sentences:
            self._times[s.index] = find_times(s.text, self.published)

    def period(self, sentence, pos: int, modality: str) -> tuple[str | None, bool]:
        """(period, named) of a claim at ``pos`` in ``sentence``; ``named`` when a time
        was named for it (not the published-date default)."""
        value, named = self._period(sentence, pos, modality)
        if value and "/" in value:
            a, _ = _clause(sentence.text, pos)
            if rules().reached_total.search(sentence.text.lower(), a, pos):
                value = value.split("/")[1]  # a total reached at the end of the interval
        return value, named

    def _period(self, sentence, pos: int, modality: str) -> tuple[str | None, bool]:
        times = self._times.get(sentence.index)
        if times is None:
            times = self._times[sentence.index] = find_times(sentence.text, self.published)
        a, b = _clause(sentence.text, pos)
        low = sentence.text.lower()
        in_clause = [t for t in times if a <= t.start < b]
        before = [t for t in times if t.end <= pos and t.carries]
        chosen = (min(in_clause, key=lambda t: abs(t.start - pos)) if in_clause
                  else before[-1] if before else None)
        if chosen is not None and not (chosen.end <= pos and rules().present.search(low, chosen.end, pos)):
            if modality == "target" and "/" not in chosen.edtf and rules().per_year.search(low, a, b):
                span = self._horizon(sentence.index, per_year=True, before_only=False)
                if span and "/" in span:
                    return span, True  # "mỗi năm tăng 7 - 8%" in a plan for 2021 - 2025
            return chosen.edtf, True  # (unless "hiện nay" stands between the time and the figure)
        present = rules().present.search(low, 0, pos) is not None
        if modality == "target":
            a, b = _clause(sentence.text, pos)
            horizon = self._horizon(sentence.index, per_year=bool(rules().per_year.search(low, a, b)))
            return horizon, horizon is not None
        if self._carried is not None and not present:
            return self._carried, True
        return (self.published.isoformat() if self.published else None), False

    def after_sentence(self, sentence) -> None:
        """Carry the last time the sentence named to the rest of the paragraph."""
        times = self._times.get(sentence.index) or []
        present = list(rules().present.finditer(sentence.text.lower()))
        if present:  # "hiện nay ...": what follows is of now; only a time after it carries
            self._carried = None
            times = [t for t in times if t.start >= present[-1].end()]
        carried = [t for t in times if t.carries]
        if carried:
            self._carried = carried[-1].edtf

    def _horizon(self, index: int, per_year: bool = False, before_only: bool = False) -> str | None:
        """The nearest time of the paragraph before sentence ``index``, else after it; for
        a per-year target, the plan's interval named anywhere in the paragraph first."""
        times = [(s.index, t) for s in self._paragraph for t in self._times.get(s.index, [])]
        if per_year:
            spans = [t for i, t in times if "/" in t.edtf and (i <= index or not before_only)]
            if spans:
                return spans[0].edtf
        before = [t for i, t in times if i < index]
        after = [t for i, t in times if i > index]
        return before[-1].edtf if before else after[0].edtf if after else None


def restated(claims: list) -> None:
    """A figure the headline, lead or a caption restates takes the period the body gives
    the same figure with a time of its own (``claims``: drafts with ``value``, ``unit``,
    ``period``, ``period_named`` and ``kind``)."""
    named = {}
    for c in claims:
        if c.period_named:
            named.setdefault((c.value, c.value_max, c.unit), c.period)
    for c in claims:
        if not c.period_named and c.kind in ("title", "lead", "caption"):
            c.period = named.get((c.value, c.value_max, c.unit), c.period)
