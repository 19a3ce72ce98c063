"""The alliances' and cooperatives' activity: events (FORMAT.md "events").

An event is one occasion an article reports: a congress, a meeting, a training course, a
trade fair, a loan handed over, a founding, an award, an agreement, a visit. Each kind of
occasion is told once per article however often the headline, lead and body return to it,
anchored where the article first names it; a founding is one per organisation founded.
Its date, province and the officials at it come from the sentences that tell it.

Not events: a count of occasions (``tổ chức 15 lớp tập huấn`` is a claim), an occasion named
only as a time or purpose (``sau Đại hội lần thứ V``), a batch of foundings (``thành lập mới
56 HTX``). The words are in ``data/events.yaml``; this module is the engine.

Pure: sentences, places and officials in, event drafts out; offsets into the prepared text.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .lexicon import load

_NUMBER_BEFORE = re.compile(r"(?<![\w/])(?:\d+(?:[.,]\d+)*|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|trăm|nghìn|chục)\s+$")
_DAY_MONTH = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/\-]\s*(\d{1,2})(?:\s*[/\-]\s*(\d{4}))?(?![\d/\-])")
_SUM_AFTER = re.compile(r"\s+(?:\S+\s+){0,2}?\d[\d.,]*\s*(?:usd|đồng|triệu|tỷ|tỉ|nghìn|ngàn|euro|eur)(?!\w)")
_DATE_CUE = re.compile(r"(?<!\w)(?:ngày|sáng|chiều|tối|trưa|đêm|hôm)\s*$")


@dataclass
class EventDraft:
    type: str
    start: int  # the words that name it, where the article first tells it
    end: int
    sentence_index: int
    date: str | None = None
    province: str | None = None
    officials: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    # every place the article tells it: (start, end, sentence index) of the words naming it
    told: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Rules:
    triggers: tuple[tuple[str, re.Pattern], ...]
    founding_objects: re.Pattern
    not_after: re.Pattern
    batch: re.Pattern
    just_held: re.Pattern
    attendance: re.Pattern
    occasion: re.Pattern
    generic: frozenset[str]
    founding_after: re.Pattern
    habitual: re.Pattern
    on_a_day: re.Pattern
    place_units: tuple[str, ...]


def _words(phrases) -> str:
    return "|".join(re.escape(str(p)) for p in sorted(phrases, key=len, reverse=True))


@cache
def rules() -> _Rules:
    d = load("events")
    return _Rules(
        triggers=tuple((kind, re.compile(rf"(?<!\w)(?:{_words(words)})(?!\w)"))
                       for kind, words in d["triggers"].items()),
        founding_objects=re.compile(rf"^\s*(?:(?:mới|thêm)\s+)?(?:\S+\s+){{0,2}}?(?:{_words(d['founding_objects'])})(?!\w)"),
        not_after=re.compile(rf"(?<!\w)(?:{_words(d['not_after'])})\s+$"),
        batch=re.compile(rf"^\s*(?:(?:{_words(d['founding_batch_words'])})\s+)*\d"),
        just_held=re.compile(rf"(?<!\w)(?:{_words(d['just_held'])})(?!\w)"),
        attendance=re.compile(rf"(?<!\w)(?:{_words(d['attendance'])})(?!\w)"),
        occasion=re.compile(r"(?<!\w)(?:" + "|".join(d["occasion_cues"]) + r")(?!\w)"),
        founding_after=re.compile(rf"^\s+(?:{_words(d['founding_after_meeting'])})(?!\w)"),
        generic=frozenset(str(w) for w in d["generic_triggers"]),
        habitual=re.compile(rf"(?<!\w)(?:{_words(d['habitual'])})(?!\w)"),
        on_a_day=re.compile(rf"^\W*(?:vào\s+)?(?:{_words(d['day_openings'])})\s+(?:nay|qua|\d{{1,2}}\s*[/\-]\s*\d{{1,2}})(?!\w)"),
        place_units=tuple(str(w) for w in d["place_units"]),
    )


def _is_occasion(kind: str, text: str, m: re.Match, r: _Rules, headline: bool = False) -> bool:
    low = text.lower()
    before, after = low[:m.start()], low[m.end():]
    a = max(low.rfind(c, 0, m.start()) for c in ",;:") + 1
    ends = [i for i in (low.find(c, m.end()) for c in ",;") if i >= 0]
    clause = low[a:min(ends, default=len(low))]
    told_so_far = low[:min(ends, default=len(low))]
    handed_over = kind == "financial_support" and _SUM_AFTER.match(after)  # "giải ngân 2 tỷ đồng": a sum handed over
    if m.group(0) in r.generic and not headline and (
            not (r.occasion.search(clause) or handed_over or (
                r.on_a_day.search(low) and not any(rx.search(before) for _, rx in r.triggers))) or r.habitual.search(told_so_far)):
        # "đẩy mạnh công tác tập huấn", "thường xuyên được tổ chức", "Hằng năm, ... tổ chức hội nghị":
        # activities, not an occasion; the first the sentence tells after its day ("Ngày 11/9, ... ký kết") is one
        return False
    if kind == "meeting" and r.founding_after.match(after):
        return False  # "hội nghị thành lập HTX": the occasion is the founding
    if m.group(0) == "hỗ trợ" and not _SUM_AFTER.match(after):
        return False  # "hỗ trợ" is an occasion only with the sum handed over ("Hỗ trợ 3.000 USD")
    if r.not_after.search(before) or _NUMBER_BEFORE.search(before):
        return False  # "sau Đại hội", "các hội nghị", "15 lớp tập huấn"
    if kind == "founding":
        if r.batch.match(after):
            return False  # "thành lập mới 56 HTX": a count
        named_before = re.search(r"(?<![\d\w])(?:hợp tác xã|htx|liên hiệp)\s([^,;.]{2,60}?)\s(?:được\s+)?$", before)
        if named_before is not None and m.group(0) == "thành lập" and not re.match(r"\s+mới", after) \
                and _founded_name(text[named_before.start(1):named_before.end(1)]) \
                and not _NUMBER_BEFORE.search(before[:named_before.start()]):
            return True  # "HTX Hợp Lực được thành lập từ năm 2012": a named one's founding, told as background
        # a founding of a named organisation ("thành lập HTX Nông nghiệp Bình Phục"), or told in the headline
        return bool(r.founding_objects.match(after)) and (headline or m.group(0) != "thành lập"
                                                          or bool(_founded_name(text[m.end():])))
    if kind == "visit":  # "thăm", "kiểm tra" are occasions only when a delegation or a place is visited
        return bool(re.search(r"(?<!\w)(?:đoàn|đồng chí|lãnh đạo)(?!\w)", before)
                    or re.match(r"\s+(?:và làm việc|mô hình|hợp tác xã|htx|tại)", after))
    return True


_DAYS_OF_MONTH = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")


def _date(text: str, published: dt.date | None) -> str | None:
    """A date the sentence gives an occasion: a full date, a day and month after
    ``ngày``/``sáng``/... in the published year (none when the article gives no year), or
    days of a month (``trong 2 ngày 21 - 22/12``: an interval)."""
    for m in _DAYS_OF_MONTH.finditer(text):
        d1, d2, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)
        y = int(year) if year else published.year if published else None
        try:
            if y is not None and d1 < d2:
                return f"{dt.date(y, month, d1).isoformat()}/{dt.date(y, month, d2).isoformat()}"
        except ValueError:
            pass
    for m in _DAY_MONTH.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if not year and not _DATE_CUE.search(text[:m.start()].lower()):
            continue
        y = int(year) if year else published.year if published else None
        if y is None:
            return None
        try:
            return dt.date(y, month, day).isoformat()
        except ValueError:
            continue
    return None


def find_events(sentences: list, places: dict, officials: list, about: str | None,
                published: dt.date | None) -> list[EventDraft]:
    """The occasions an article reports, one per kind (a founding: one per sentence that
    founds), in the order the article first tells them."""
    r = rules()
    anchors: dict[str, tuple[int, int, object]] = {}
    told: dict[str, list] = {}
    words: dict[str, list[tuple[int, int, int]]] = {}
    foundings: list[tuple[int, int, object]] = []
    for s in sentences:
        if s.section != "body":
            continue
        low = s.text.lower()
        taken: list[tuple[int, int]] = []
        for kind, rx in r.triggers:
            for m in rx.finditer(low):
                if any(a < m.end() and m.start() < b for a, b in taken) \
                        or not _is_occasion(kind, s.text, m, r, headline=s.kind == "title"):
                    continue
                taken.append((m.start(), m.end()))
                start = s.start + m.start()
                lead = re.search(r"(?<!\w)lễ\s+$", low[:m.start()])  # "Lễ ra mắt", "Lễ ký kết"
                if lead:
                    start = s.start + lead.start()
                if kind == "founding":
                    foundings.append((start, s.start + m.end(), s))
                    continue
                anchors.setdefault(kind, (start, s.start + m.end(), s))
                words.setdefault(kind, []).append((start, s.start + m.end(), s.index))
                if s not in told.setdefault(kind, []):
                    told[kind].append(s)
    out = [_draft(kind, a, b, s, told[kind], places, officials, about, published)
           for kind, (a, b, s) in anchors.items()]
    for event in out:
        event.told = words[event.type]
    founded: dict[str, EventDraft] = {}
    for a, b, s in foundings:
        name = _founded_name(s.text[b - s.start:])
        if name in founded or (founded and (not name or set(founded) == {""})):
            # the same founding told again (the headline's without the name, the body's with it)
            founded.get(name, next(iter(founded.values()))).told.append((a, b, s.index))
            continue
        event = founded[name] = _draft("founding", a, b, s, [s], places, officials, about, published)
        event.told.append((a, b, s.index))
        year = re.search(r"(?<!\w)năm\s+((?:19|20)\d{2})(?!\d)", s.text[b - s.start:b - s.start + 40])
        if year:  # "được thành lập từ năm 2012": a founding told as background
            event.date = year.group(1)
        out.append(event)
    out.sort(key=lambda e: e.start)
    if out:  # the article's main occasion: officials who attend it anywhere in the text
        main = out[0]
        main.officials = _officials([s for s in sentences if r.attendance.search(s.text.lower())]
                                    + [s for s in sentences if s.index == main.sentence_index], officials)
    return out


_TYPE_WORDS = {"HTX", "THT", "LHHTX", "Hợp", "Liên", "Tổ", "Nông", "Dịch", "Thương", "Sản"}


def _founded_name(after: str) -> str:
    """The proper name in the words after "thành lập HTX ...": its last run of capitalised
    words that are not type words ("Phú Phụng" of "HTX Nông nghiệp Phú Phụng"); empty when
    none (``after`` may be lower-cased: then only capitals of the original count)."""
    words = re.findall(r"[^\W\d_]+", after[:80])[:9]
    runs, run = [], []
    for w in words:
        if w[:1].isupper() and w not in _TYPE_WORDS:
            run.append(w)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return " ".join(runs[-1][-2:]) if runs else ""


def _draft(kind, start, end, s, told, places, officials, about, published) -> EventDraft:
    r = rules()
    date = next((d for d in (_date(t.text, published) for t in told) if d), None)
    if date is None and published is not None and any(
            t.kind in ("title", "lead") or r.just_held.search(t.text.lower()) for t in told):
        date = published.isoformat()  # told as just held, or the page's lead occasion
    province = None
    for t in told:
        named = [p for p in places.get(t.index, []) if p.province]
        venue = [p for p in named if re.search(r"(?<!\w)(?:tại|ở)\s[^;:.]{0,60}$", t.text[:p.start - t.start].lower())]
        if venue or named:
            province = (venue or named)[0].province
            break
    event = EventDraft(kind, start, end, s.index, date, province or about)
    event.officials = _officials(told, officials)
    return event


def _officials(told: list, officials: list) -> list[str]:
    """The officials named in the sentences that tell an occasion."""
    indexes = {t.index for t in told}
    return [o.name for o in officials if any(si in indexes for _, _, si in o.mentions)]


def attach_organisations(events: list[EventDraft], organisations: list) -> None:
    """Each event's organisations: the alliances and cooperatives named in a sentence that
    tells it (the alliance that holds the congress, the cooperative founded or awarded), in
    the order the article first names them there. ``organisations``: the entity drafts of
    ``entities.find_organisations``, whose mentions carry their sentence's index."""
    for event in events:
        sentences = {i for *_, i in event.told} | {event.sentence_index}
        named = sorted((min(a for a, _, i in org.mentions if i in sentences), _full_name(org))
                       for org in organisations if any(i in sentences for *_, i in org.mentions))
        names = list(dict.fromkeys(name for _, name in named))
        # a name that runs on past another into other words ("Liên minh HTX thành phố Hà Nội Lê
        # Văn", a person's name caught after it) is that organisation told again
        event.organisations = [n for n in names if not any(n != m and n.startswith(m + " ") for m in names)]


def _full_name(org) -> str:
    """An alliance named by its unit alone ("Liên minh HTX tỉnh") with its province added."""
    name = org.name
    if org.province and re.search(rf"(?<!\w)(?:{_words(rules().place_units)})$", name, re.IGNORECASE):
        return f"{name} {org.province}"
    return name


def link_claims(events: list[EventDraft], claims: list, sentences: list,
                to_original: Callable[[int], int] = lambda offset: offset) -> list[list[int]]:
    """For each event, the indexes into ``claims`` of the claims it tells (``Hội nghị ... 250
    đại biểu``, ``trao 3.000 USD``): a claim in a sentence that tells the event always; in
    another sentence of a paragraph that tells that event and no other, too. A sentence or
    a paragraph that tells several events gives none of them the claims of a paragraph, and
    gives a claim of the sentence to the event told nearest before it (else nearest after).

    An event dated by its year alone (``HTX X được thành lập từ năm 2012``) is history told in
    passing: the rest of its paragraph is about something else, and only its sentence's claims are its.

    ``claims`` have ``sentence_index`` and ``start`` (offsets into the original text, as
    ``to_original`` maps the events' prepared-text offsets); ``sentences`` have ``index``,
    ``paragraph`` and ``section``.
    """
    paragraph = {s.index: s.paragraph for s in sentences if s.section == "body"}
    in_sentence: dict[int, list[tuple[int, int]]] = {}  # sentence -> (offset told, event)
    in_paragraph: dict[int, set[int]] = {}
    for i, event in enumerate(events):
        for start, _end, si in event.told or [(event.start, event.end, event.sentence_index)]:
            in_sentence.setdefault(si, []).append((to_original(start), i))
            if si in paragraph and not _history(event):
                in_paragraph.setdefault(paragraph[si], set()).add(i)
    links: list[list[int]] = [[] for _ in events]
    for k, claim in enumerate(claims):
        told = in_sentence.get(claim.sentence_index)
        if told:
            before = [(offset, i) for offset, i in told if offset <= claim.start]
            links[max(before)[1] if before else min(told)[1]].append(k)
            continue
        told_here = in_paragraph.get(paragraph.get(claim.sentence_index, -1), set())
        if len(told_here) == 1:
            links[next(iter(told_here))].append(k)
    return links


def _history(event: EventDraft) -> bool:
    """Told in passing as history: dated by a year alone."""
    return event.date is not None and re.fullmatch(r"\d{4}", event.date) is not None
