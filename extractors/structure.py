"""Article structure: title, publication date, byline/source, paragraphs, boilerplate.

Works on the normalised text of a :class:`~extractors.text.PreparedText`; every span here is
``[start, end)`` in ``prepared.text`` (map it back with ``prepared.span_to_original``).
One line of the text is one paragraph. The rules hold for Vietnamese news pages in general;
their vocabulary (markers of page furniture, dateline words, outlets, byline prefixes) is
plain data in ``extractors/data/boilerplate.yaml`` and ``extractors/data/structure.yaml``.

``parse_structure`` is a sequence of named passes over the article's lines, in reading
order; each marks the lines it finds not to be the article and returns what it found:

1. ``mark_furniture``: page furniture, line by line (footer/licence/sharing lines,
   breadcrumbs, bare URLs, separator lines), datelines, and the related-news markers
   (``Tin liên quan`` ...);
2. ``find_title``: the last line before the dateline when the page prints one near the top
   (menus, breadcrumbs and section labels above it are navigation), else the first
   remaining line that is not a menu or a dateline; a rubric (``Phát triển kinh
   tế tập thể:``) is skipped;
3. ``cut_related``: a related-news marker standing as a heading ends the article;
   ``skip_teaser``: when the title line is printed again further down after other lines,
   everything before the repeat is the page's teaser (boilerplate) and the article starts
   at the repeat; a headline printed twice in a row is two prints of it;
4. ``find_dateline``: a short line that holds a full date and little else (publication
   date); ``split_title``: a rubric printed before the headline on its line;
5. ``find_byline_and_source``: byline and source lines at the end (``TRẦN HIỀN``, ``Theo
   báo Nhân dân``, ``quangninh.gov.vn``); ``drop_repeats``: a long paragraph printed twice
   in a row is read once;
6. ``find_appended``: an unrelated item appended after the article (a ``* `` paragraph, or
   after a ``***`` separator): section ``"appended"``;
7. ``find_outlet_lead``: an outlet glued to the lead (``Bnews ...``, ``(TTXVN) - ...``);
8. ``make_paragraphs``: the remaining lines are paragraphs: ``title``, ``lead`` (the first
   after the dateline), ``heading``, ``caption`` (the photo credit ``Ảnh: ...`` is
   boilerplate) and ``text``.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from .gazetteer import find_places, is_place_name
from .lexicon import load
from .text import PreparedText

__all__ = ["Paragraph", "Structure", "parse_structure", "parse_dateline", "fold"]


# A paragraph at least this long printed twice is the page duplicating its text (one set
# of facts); a shorter line printed twice (a headline, a caption) states its figures twice.
REPEAT_MIN_WORDS = 20

KINDS = ("title", "lead", "text", "heading", "caption")


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int  # in PreparedText.text, stripped of surrounding white space
    end: int
    kind: str  # "title" | "lead" | "text" | "heading" | "caption"
    section: str = "body"  # "body", or "appended" for an unrelated item glued after the article


@dataclass(frozen=True)
class Structure:
    title: str | None
    title_span: tuple[int, int] | None
    published: dt.date | None
    byline: str | None
    source: str | None
    paragraphs: list[Paragraph]
    boilerplate: list[tuple[int, int]]  # sorted, disjoint spans of text that are not the article
    rubric: str | None = None  # section label printed above the title ("Phát triển kinh tế tập thể")
    dateline_span: tuple[int, int] | None = None  # the line the publication date was read from

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph whose span holds text offset ``offset`` (None in boilerplate/gaps)."""
        i = bisect_right([p.start for p in self.paragraphs], offset) - 1
        if i >= 0 and offset < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def in_boilerplate(self, start: int, end: int | None = None) -> bool:
        """True when ``[start, end)`` (or the single offset ``start``) overlaps boilerplate."""
        end = start + 1 if end is None else max(end, start + 1)
        return any(a < end and start < b for a, b in self.boilerplate)


# --------------------------------------------------------------------------- folding


def fold(s: str) -> str:
    """Length-preserving case fold for matching: lower case, ``Ð``/``ð`` -> ``đ``."""
    low = s.lower()
    if len(low) == len(s):  # the usual case: no character grew (like "İ") when lower-cased
        return low.replace("ð", "đ")
    out = []
    for c in s:
        lc = c.lower()
        if len(lc) != 1:
            lc = c
        out.append("đ" if lc == "ð" else lc)
    return "".join(out)


def _phrase_re(phrase: str) -> str:
    """A folded phrase as a regex: words separated by any run of white space."""
    return r"\s+".join(re.escape(w) for w in fold(phrase).split())


def _alternation(phrases) -> str:
    ps = sorted({_phrase_re(p) for p in phrases if str(p).strip()}, key=len, reverse=True)
    return "(?:" + "|".join(ps) + ")"


# --------------------------------------------------------------------------- rule data


@dataclass(frozen=True)
class _Rules:
    end_of_article: re.Pattern
    end_heading_rest: re.Pattern
    line_starts: re.Pattern
    field_labels: re.Pattern
    line_contains: re.Pattern
    max_contains_chars: int
    whole_line: re.Pattern
    credit: re.Pattern
    credit_alone: re.Pattern
    max_credit_words: int
    separator: re.Pattern
    rubric_max_words: int
    inline_rubric: re.Pattern
    inline_rubric_max_words: int
    inline_rubric_min_headline_words: int
    section_label_max_words: int
    heading_max_words: int
    dateline_max_chars: int
    dateline_max_other_words: int
    dateline_strip: re.Pattern
    source_prefix: re.Pattern
    source_max_words: int
    byline_prefix: re.Pattern
    byline_words: frozenset
    outlets: frozenset
    outlet_lead: re.Pattern
    masthead: re.Pattern
    series_rubric: re.Pattern
    lead_date: re.Pattern
    source_noun: re.Pattern
    source_line: re.Pattern
    byline_split: re.Pattern
    menu_lines: frozenset


_LEAD_PUNCT = r"^[\s\-–—•·*+>»›|:]*"


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    bp = load("boilerplate")
    st = load("structure")
    credit_labels = _alternation(bp["photo_credit_labels"])
    sep_chars = re.escape(bp.get("separator_chars", "*-_="))
    outlets = [str(o) for o in st["outlets"]]
    single_token_outlets = [o for o in outlets if " " not in o]
    return _Rules(
        end_of_article=re.compile(_LEAD_PUNCT + _alternation(bp["end_of_article"]) + r"(?!\w)"),
        end_heading_rest=re.compile(r"^[\s:：.\-–—>»›|()0-9]*$"),
        line_starts=re.compile(_LEAD_PUNCT + _alternation(bp["line_starts"]) + r"(?!\w)"),
        field_labels=re.compile(_LEAD_PUNCT + _alternation(bp["field_labels"]) + r"\s*[:：]"),
        line_contains=re.compile(r"(?<!\w)" + _alternation(bp["line_contains"]) + r"(?!\w)"),
        max_contains_chars=int(bp.get("max_contains_line_chars", 300)),
        whole_line=re.compile(r"(?<!\w)" + _alternation(bp["whole_line"]) + r"(?!\w)"),
        credit=re.compile(r"(\(\s*)?(?<!\w)" + credit_labels + r"\s*[:：]"),
        credit_alone=re.compile(r"^\(?\s*" + credit_labels + r"\s*\)?\s*\.?$"),
        max_credit_words=int(bp.get("max_credit_words", 10)),
        separator=re.compile(rf"^(?:[{sep_chars}]\s*){{3,}}$"),
        rubric_max_words=int(st.get("rubric_max_words", 8)),
        inline_rubric=re.compile(r"^([^:：\"“”«»]+)[:：]\s+(\S.*)$"),
        inline_rubric_max_words=int(st.get("inline_rubric_max_words", 5)),
        inline_rubric_min_headline_words=int(st.get("inline_rubric_min_headline_words", 5)),
        section_label_max_words=int(st.get("section_label_max_words", 3)),
        heading_max_words=int(st.get("heading_max_words", 20)),
        dateline_max_chars=int(st.get("dateline_max_chars", 120)),
        dateline_max_other_words=int(st.get("dateline_max_other_words", 4)),
        dateline_strip=re.compile(r"(?<!\w)" + _alternation(list(st["dateline_words"]) + list(st["weekdays"])) + r"(?!\w)"),
        source_prefix=re.compile(r"^(?:" + "|".join(
            _phrase_re(p) + (r"\s*" if p.rstrip().endswith(":") else r"(?:\s*[:：]\s*|\s+)")
            for p in sorted(st["source_prefixes"], key=len, reverse=True)) + r")"),
        source_max_words=int(st.get("source_max_words", 10)),
        byline_prefix=re.compile(r"^" + _alternation(st["byline_prefixes"]) + r"\s*[:：]\s*"),
        byline_words=frozenset(fold(w) for w in st["byline_words"]),
        outlets=frozenset(fold(o) for o in outlets),
        lead_date=re.compile(r"^(?:\([^()]{2,40}\)\s*[-–—]?\s*)?" + _alternation(st["lead_date_cues"])
                             + r"\s+\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}(?!\d)"),
        series_rubric=re.compile("(?:" + "|".join(st["series_rubric"]) + ")"),
        masthead=re.compile(_alternation(st["masthead_starts"]) + r"(?!\w)"),
        source_noun=re.compile(r"^(?:" + "|".join(map(re.escape, st["source_nouns"])) + r")\s+"),
        source_line=re.compile(r"^(?:" + "|".join(map(re.escape, st["source_line_nouns"])) + r")\s+\S"),
        byline_split=re.compile(r"\s+[-–—&]\s+|\s*,\s*|"
                                + "|".join(rf"\s+{re.escape(w)}\s+" for w in st["byline_name_joiners"])),
        menu_lines=frozenset(st["menu_lines"]),
        outlet_lead=re.compile(
            r"^(?:\(\s*(?P<paren>[^()\n]{2,40}?)\s*\)\s*(?:[-–—:]\s*)?"  # (Chinhphu.vn) - ...
            r"|(?P<dash>[\w.&/]+(?:\s[\w.&/]+){0,3}?)\s*[-–—]\s+"  # TTXVN - ..., VOV.VN – ...
            r"|(?P<bare>" + "|".join(re.escape(o) for o in sorted(single_token_outlets, key=len, reverse=True))
            + r")\s+(?=[A-ZĐÀ-Ỹ]))"  # Bnews Liên minh ...
        ),
    )


# --------------------------------------------------------------------------- dates

_DATE_RES = (
    # 13/08/2019, 13-08-2019, 13.08.2019 (day first, as Vietnamese pages print it)
    (re.compile(r"(?<![\d/.\-])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.\-]*\d)"), ("d", None, "m", "y")),
    # 2019-08-13, 2019/08/13
    (re.compile(r"(?<![\d/.\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d/.\-]*\d)"), ("y", None, "m", "d")),
    # ngày 13 tháng 8 năm 2019, 13 tháng 8 năm 2019, 13 tháng 08, 2019
    (re.compile(r"(?<!\w)(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*|\s+năm\s+|\s+)(\d{4})(?!\d)"), ("d", "m", "y")),
)
_TIME_RE = re.compile(
    r"(?<!\d)\d{1,2}\s*(?::|h|g|giờ)\s*\d{2}(?:\s*:\s*\d{2})?(?!\d)\s*['’]?(?:\s*(?:am|pm|sa|ch)(?!\w))?"
    r"|\(?\s*(?:gmt|utc)\s*[+\-]\s*\d{1,2}(?::?\d{2})?\s*\)?"
)


def _find_date(f: str) -> tuple[dt.date | None, int, int] | None:
    """The first full date in folded text ``f``: (date or None when invalid, start, end)."""
    best = None
    for rx, order in _DATE_RES:
        m = rx.search(f)
        if m and (best is None or m.start() < best[1].start()):
            best = (order, m)
    if best is None:
        return None
    order, m = best
    parts = {k: int(g) for k, g in zip(order, m.groups()) if k is not None}
    try:
        date = dt.date(parts["y"], parts["m"], parts["d"])
    except ValueError:
        date = None
    if date is not None and not 1900 <= date.year <= 2100:
        date = None
    return date, m.start(), m.end()


def parse_dateline(line: str) -> tuple[bool, dt.date | None]:
    """Is ``line`` a dateline (a short line holding a full date and little else), and its date.

    ``(True, None)`` for a dateline whose date is invalid (``32/13/2020``); ``(False, None)``
    for a line that is not a dateline (``Ngày 13/8, tại buổi làm việc ...``).
    """
    r = _rules()
    s = line.strip()
    if not s or len(s) > r.dateline_max_chars:
        return False, None
    f = fold(s)
    found = _find_date(f)
    if found is None:
        return False, None
    date, a, b = found
    rest_f = f[:a] + " " + f[b:]
    rest_s = s[:a] + " " + s[b:]
    # take out clock times, dateline words and weekdays, keeping positions aligned in both
    for rx in (_TIME_RE, r.dateline_strip):
        spans = [m.span() for m in rx.finditer(rest_f)]
        for x, y in reversed(spans):
            rest_f = rest_f[:x] + " " * (y - x) + rest_f[y:]
            rest_s = rest_s[:x] + " " * (y - x) + rest_s[y:]
    words = re.findall(r"[^\W\d_]+", rest_s)
    if len(words) > r.dateline_max_other_words:
        return False, None
    if any(w[0].islower() for w in words):
        # a section or author label before the date and nothing after it ("Thời sự
        # 27-04-2019", "Xã hội - Ngày đăng : 13:57, 09/12/2020"); words after the date
        # make it a sentence ("Ngày 13/8, tại buổi làm việc ...")
        after = re.findall(r"[^\W\d_]+", rest_s[a:])
        if after or not words[0][0].isupper() or _ends_sentence(s):
            return False, None
    return True, date


# --------------------------------------------------------------------------- bylines, sources

_DOMAIN_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*"
    r"\.(?:vn|com|net|org|info|gov|edu|int|tv|news|asia|biz)(?:\.vn)?/?$"
)
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$")


def _is_name_token(t: str) -> bool:
    """A capitalised syllable: ``Ngân``, ``Đ`` (not ``HTX``: an acronym is no name)."""
    return t.isalpha() and t[0].isupper() and (len(t) == 1 or t[1:].islower())


def _is_person_name(s: str) -> bool:
    """2-4 capitalised syllables (``Bảo Ngân``) or 2-5 in ALL CAPS (``TRẦN HIỀN``)."""
    toks = s.split()
    if not toks:
        return False
    if all(t.isalpha() and t.isupper() and len(t) > 1 for t in toks):
        return 2 <= len(toks) <= 5
    return 2 <= len(toks) <= 4 and all(_is_name_token(t) for t in toks)


def _looks_like_source_name(s: str) -> bool:
    """An outlet, a domain, or a capitalised name (``báo Nhân dân``, ``VOV``, ``Bộ NN&PTNT``)."""
    s = s.strip(" .")
    if not s:
        return False
    f = fold(s)
    if f in _rules().outlets or _DOMAIN_RE.match(f):
        return True
    m = _rules().source_noun.match(f)
    if m:
        s = s[m.end():]
    return bool(s) and (s[0].isupper() or s[0].isdigit() or bool(_DOMAIN_RE.match(fold(s.split()[0]))))


def _parse_source(s: str) -> str | None:
    """The source named by a source line, or None. ``Theo báo Nhân dân``, ``Nguồn: TTXVN``,
    ``(Theo VOV)``, ``quangninh.gov.vn``, ``TTXVN``, ``Báo Hải Dương``."""
    r = _rules()
    core = s.strip()
    if core.startswith("(") and core.endswith(")"):
        core = core[1:-1]
    core = core.strip(" .-–—")
    if not core or len(core.split()) > r.source_max_words + 2 or "(" in core or ")" in core:
        return None
    f = fold(core)
    m = r.source_prefix.match(f)
    if m:
        rest = core[m.end():].strip(" :.")
        if rest and len(rest.split()) <= r.source_max_words and not re.search(r"[,;!?]", rest) \
                and not rest.endswith(":") and _looks_like_source_name(rest):
            # "Theo báo Nhân dân" reads as a phrase and is kept whole; a "Nguồn:" label is not
            return core.rstrip(" .") if f.startswith("theo") else rest
        return None
    if _DOMAIN_RE.match(f):
        return core
    if f in r.outlets:
        return core
    if r.source_line.match(f) and len(core.split()) <= 6 \
            and all(t[0].isupper() or not t[0].isalpha() for t in core.split()[1:]):
        return core
    return None


def _parse_byline(s: str) -> tuple[str, str | None] | None:
    """(byline, source or None) of a byline line, or None.

    ``TRẦN HIỀN``, ``Bảo Ngân``, ``Bài và ảnh: Trần Hiền``, ``Văn Điệp (TTXVN)``,
    ``Thanh Hà - Minh Anh``, ``Bảo Ngân/VOV``, ``Nhóm PV``.
    """
    r = _rules()
    core = s.strip().strip(" .-–—").strip()
    if not core or len(core) > 80:
        return None
    m = r.byline_prefix.match(fold(core))
    prefixed = bool(m)
    if m:
        core = core[m.end():].strip()
    elif re.match(r"^theo\s+\S.*\)$", fold(core)):  # "Theo Thanh Hà (VOV)": the writer, then the outlet
        core = core.split(None, 1)[1]
    source = None
    m = re.match(r"^(.*?)\s*\(([^()]+)\)$", core)
    if m and m.group(1):
        core, source = m.group(1).strip(), m.group(2).strip()
        source = _parse_source(source)
        if source is None:
            return None
    elif "/" in core:
        left, _, right = core.rpartition("/")
        if _parse_source(right.strip()) or fold(right.strip()) in r.outlets:
            core, source = left.strip(), right.strip()
    names = [n.strip() for n in r.byline_split.split(core) if n.strip()]
    if not names:
        return None
    if len(names) > 1 and source is None:  # "TRẦN HIỀN - Báo Hải Dương"
        src = _parse_source(names[-1])
        if src:
            source, names = src, names[:-1]
            core = core[: core.rindex(names[-1]) + len(names[-1])]
    ok = all(_is_person_name(n) or fold(n) in r.byline_words for n in names)
    if not ok and prefixed and _words(core) <= 12 and not _ends_sentence(core):
        ok = True  # a labelled byline ("Tác giả: baohaiduong.vn") is a byline whatever it names
    if not ok:
        return None
    return core, source


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    idx: int
    start: int  # stripped span in text
    end: int
    s: str  # stripped text
    f: str  # folded
    bp: str | None = None  # why the line is boilerplate
    date: dt.date | None = None
    dateline: bool = False


# A full date glued before the first words of a line ("date 2025-10-29 Các đại biểu ...",
# "23/10/2020 18:50 Liên minh ..."): a dateline and a line of its own.
_GLUED_DATE = re.compile(r"^(?:date\s+\d{4}-\d{1,2}(?!\d)|(?:date\s+)?(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}))"
                         r"(?:,?\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?(?=\s+[^\W\d_])", re.IGNORECASE)


# A stored page's date stamp of the month alone ("date 2017-09"): no dateline, no text.
_DATE_STAMP = re.compile(r"^date\s+\d{4}-\d{1,2}\s*\|?$")


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            a = pos + (len(raw) - len(raw.lstrip()))
            glued = _GLUED_DATE.match(stripped)
            if glued and _words(stripped[glued.end():]) >= 2 and not parse_dateline(stripped)[0]:
                out.append(_Line(len(out), a, a + glued.end(), glued.group(), fold(glued.group())))
                rest = stripped[glued.end():]
                a += glued.end() + len(rest) - len(rest.lstrip())
                stripped = rest.strip()
            out.append(_Line(len(out), a, a + len(stripped), stripped, fold(stripped)))
        pos += len(raw) + 1
    return out


def _ends_sentence(s: str) -> bool:
    t = s.rstrip(" \"'”’»)]»")
    return bool(t) and t[-1] in ".!?…:;"


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _key(f: str) -> str:
    return " ".join(f.split()).strip(" .:")


def _whole_line_furniture(f: str, r: _Rules) -> bool:
    rest, n = r.whole_line.subn(" ", f)
    return n > 0 and not re.search(r"[^\W\d_]", rest)


def _is_breadcrumb(s: str) -> bool:
    parts = [p.strip() for p in re.split(r"\s*[>»›]\s*", s)]
    return len(parts) >= 2 and all(parts) and all(_words(p) <= 5 for p in parts) \
        and _words(s) <= 15 and not _ends_sentence(s)


def _furniture(line: _Line, r: _Rules) -> str | None:
    """Why a line is page furniture on its own (None when it is not)."""
    f = line.f
    if r.line_starts.match(f):
        return "marker"
    if r.field_labels.match(f):
        return "field"
    if len(f) <= r.max_contains_chars and r.line_contains.search(f) and _marker_tail(line, r) is None:
        return "marker"
    if _whole_line_furniture(f, r):
        return "widget"
    if r.separator.match(line.s):
        return "separator"
    if _URL_RE.match(f):
        return "url"
    if _DATE_STAMP.match(f):
        return "stamp"
    if r.credit_alone.match(f):
        return "credit"
    if _is_breadcrumb(line.s):
        return "breadcrumb"
    return None


def _marker_tail(line: _Line, r: _Rules) -> int | None:
    """Where a footer glued after the text of a line starts ("... tăng 15 HTX. © 2024 Báo X"):
    a footer marker after at least a sentence's worth of words that end in punctuation.
    The footer is boilerplate, the words before it are the article's."""
    m = r.line_contains.search(line.f)
    if m is None:
        return None
    before = line.s[:m.start()].rstrip(" |-–—")
    if _words(before) < _MIN_WORDS_BEFORE_FOOTER:
        return None
    if before[-1:] not in ".!?…\"”)" and not _reads_as_text(before, r):
        return None
    return m.start()


def _reads_as_text(words: str, r: _Rules) -> bool:
    """Words before a footer marker that are the article's although no full stop ends them
    (a page cut mid-sentence: ``... tăng 15 HTX mới © 2024 Báo X``): not a label and its
    value (``Tổng biên tập: ...``), not furniture themselves."""
    f = fold(words)
    return ":" not in words and not (r.line_starts.match(f) or r.field_labels.match(f))


def _credit_start(line: _Line, r: _Rules) -> int | None:
    """Offset in the line where a photo credit (``Ảnh: Văn Điệp – TTXVN``) or a footer glued
    after the text (``... © 2024 Báo X``) starts."""
    tail = _marker_tail(line, r)
    if tail is not None:
        return tail
    for m in r.credit.finditer(line.f):
        a = m.start()
        before = line.s[:a].rstrip()
        if before and not (m.group(1) or before[-1] in ".!?…)]\"”'’-–—|"):
            continue
        credited = line.s[m.end():].strip(" )")
        if not credited or _words(credited) > r.max_credit_words or _ends_sentence(credited) and _words(credited) > 6:
            continue
        return a
    return None


# --------------------------------------------------------------------------- parsing


_MIN_WORDS_BEFORE_FOOTER = 6
_TOP_LINES = 15  # a dateline this near the top of the page dates the headline just above it
_MAX_ABOVE_DATELINE = 4  # ... with at most a few labels (outlet, section, rubric) above the headline
_MENU_SEPARATORS = re.compile(r"\s[»›>/]\s|\s»|»\s")


def _inline_rubric(line: str, r) -> tuple[str | None, str]:
    """``("Kinh tế tập thể", "Bức tranh ...")`` for a headline printed after its rubric on
    one line; ``(None, line)`` otherwise. A place before the colon ("Hà Nội: ...") is part
    of the headline, and so is a label that leaves too short a headline."""
    m = r.inline_rubric.match(line)
    if m is None:
        return None, line
    label, headline = m.group(1).strip(), m.group(2)
    series = r.series_rubric.search(fold(label)) is not None  # "... – Bài cuối:", "Kỳ 2:"
    if (_words(label) > r.inline_rubric_max_words and not series) or not headline[:1].isupper() \
            or _words(headline) < (2 if series else r.inline_rubric_min_headline_words) \
            or (any(ch.isdigit() for ch in label) and not series):
        return None, line
    if find_places(label) or is_place_name(label):
        return None, line
    return label, headline


def _is_label(s: str, r) -> bool:
    """A section label printed above a headline: a few words without final punctuation
    ("Kinh tế", "Thời sự"), or a path of such labels ("Kinh tế Nông nghiệp - Nông thôn",
    "Nghiên cứu - Dữ liệu") whose every part starts with a capital."""
    if _ends_sentence(s) or any(ch.isdigit() for ch in s):
        return False
    if _words(s) <= r.section_label_max_words:
        return True
    parts = [p.strip() for p in re.split(r"\s[-–—/|]\s", s)]
    return (len(parts) >= 2 and _words(s) <= 2 * r.section_label_max_words + 2
            and all(p[:1].isupper() and _words(p) <= r.section_label_max_words + 1 for p in parts))


def _masthead(line: "_Line", r) -> bool:
    """The outlet's name printed in capitals at the top ("BÁO ĐIỆN TỬ CHÍNH PHỦ")."""
    s = line.s.strip()
    letters = [ch for ch in s if ch.isalpha()]
    return (bool(letters) and all(ch.isupper() for ch in letters) and _words(s) <= 8
            and r.masthead.match(line.f) is not None)


def _navigation(line: str) -> bool:
    """A menu or breadcrumb line: "Thời sự | Kinh tế | Xã hội", "Kinh tế » Nông nghiệp"
    (but not a menu glued to a sentence of the article: see :func:`_text_among_menu`)."""
    if _text_among_menu(line) is not None:
        return False
    return (line.count("|") >= 2 or _MENU_SEPARATORS.search(line) is not None
            or line.strip().lower() in _rules().menu_lines)


_MENU_SPLIT = re.compile(r"\s+[|»›]\s+")
_MENU_ITEM_MAX_WORDS = 5


def _text_among_menu(line: str) -> tuple[int, int] | None:
    """``(start, end)`` in ``line`` of the one sentence a menu is glued to ("Trang chủ | Kinh
    tế | Năm 2023, toàn tỉnh có 150 HTX ..."): the menu items are short, the sentence is not.
    The items are boilerplate, the sentence is the article's. None when the line is not
    menu items around one sentence."""
    seps = list(_MENU_SPLIT.finditer(line))
    if not seps:
        return None
    bounds = [0] + [x for m in seps for x in (m.start(), m.end())] + [len(line)]
    pieces = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    long = [(a, b) for a, b in pieces if _words(line[a:b]) > _MENU_ITEM_MAX_WORDS]
    if len(long) != 1 or _words(line[long[0][0]:long[0][1]]) < _MIN_WORDS_BEFORE_FOOTER:
        return None
    return long[0]


# --------------------------------------------------------------------------- the passes
#
# parse_structure runs these in order. Each pass reads the lines as the passes before it
# left them, marks the lines it finds not to be the article (``_Line.bp``, the reason) and
# returns what it found; none keeps state of its own, so each can be run alone on lines a
# test makes with ``_lines``.


def _usable(ln: _Line, end_markers: set[int]) -> bool:
    """A line that may be the title or a paragraph: no furniture, no dateline, no end marker."""
    return ln.bp is None and not ln.dateline and ln.idx not in end_markers


def mark_furniture(lines: list[_Line], r: _Rules) -> list[int]:
    """Pass 1: mark page furniture line by line and read datelines; the indices of the
    lines that mark the end of the article (``Tin liên quan`` ...)."""
    end_markers: list[int] = []
    for ln in lines:
        ln.bp = _furniture(ln, r)
        if ln.bp is None and r.end_of_article.match(ln.f):
            end_markers.append(ln.idx)
        if ln.bp is None:
            ln.dateline, ln.date = parse_dateline(ln.s)
    return end_markers


@dataclass(frozen=True)
class _Title:
    index: int | None  # the title line
    rubric: str | None = None  # a section label printed above it
    sapo: int | None = None  # a lead printed above the title (read as the first paragraph)
    dated: bool = False  # found as the line above the dateline


def _headline_above_dateline(lines: list[_Line], end_markers: list[int], r: _Rules) -> list[_Line]:
    """The lines above the dateline that dates the headline (the headline last), or [].

    A page may print its own date (today's) in the header above the article's dateline:
    the dateline that dates the headline is the first with a headline above it; the
    dates above it are marked ``site date``."""
    ends = set(end_markers)
    first_end = min(end_markers, default=len(lines))
    top_dates = [ln.idx for ln in lines[:min(_TOP_LINES, first_end)] if ln.bp is None and ln.dateline]
    for k, d in enumerate(top_dates):
        since = top_dates[k - 1] + 1 if k else 0
        cand = [ln for ln in lines[since:d] if _usable(ln, ends) and not _navigation(ln.s) and not _masthead(ln, r)]
        if len(cand) > _MAX_ABOVE_DATELINE or any(ln.s.rstrip().endswith(".") for ln in cand):
            break  # a dateline under body sentences (printed at the end) dates no headline
        if cand and not all(_is_label(ln.s, r) for ln in cand):
            for x in top_dates[:k]:
                lines[x].bp = "site date"
            return cand
    return []


def _mark_above_title(lines: list[_Line], title_i: int, r: _Rules) -> str | None:
    """Everything above a dated headline is navigation, or a rubric (``Kinh tế tập thể:``),
    which it returns."""
    rubric = None
    for ln in lines[:title_i]:
        if ln.bp is None:
            is_rubric = ln.s.endswith((":", "：")) and _words(ln.s) <= r.rubric_max_words
            ln.bp = "rubric" if is_rubric else "navigation"
            rubric = ln.s.rstrip(":： ") if is_rubric else rubric
    return rubric


def _first_title(lines: list[_Line], end_markers: list[int], r: _Rules) -> _Title:
    """No dated headline: menus and mastheads are navigation, and the title is the first
    usable line, unless that is a lead printed above its headline ("(kontumtv.vn) – Liên
    minh ... ."), which makes the next line the title and itself the sapo."""
    ends = set(end_markers)
    for ln in lines:
        if ln.bp is None and (_navigation(ln.s) or _masthead(ln, r)):
            ln.bp = "navigation"
    title_i = next((ln.idx for ln in lines if _usable(ln, ends)), None)
    if title_i is None:
        return _Title(None)
    first = lines[title_i]
    if r.outlet_lead.match(first.s) and first.s.rstrip()[-1:] in ".!?…" and _words(first.s) >= 8:
        nxt = next((ln for ln in lines[title_i + 1:title_i + 3] if _usable(ln, ends)), None)
        if nxt is not None and not _ends_sentence(nxt.s) and 4 <= _words(nxt.s) <= r.heading_max_words:
            return _Title(nxt.idx, sapo=title_i)
    return _Title(title_i)


def _skip_rubric_line(lines: list[_Line], found: _Title, end_markers: list[int], r: _Rules) -> _Title:
    """A rubric (``Phát triển kinh tế tập thể:``) or a bare section label (``Kinh tế``) on the
    title's line, above a title-like line (no final punctuation): the next line is the title."""
    if found.index is None:
        return found
    ends = set(end_markers)
    t = lines[found.index]
    nxt = next((ln.idx for ln in lines[found.index + 1:] if _usable(ln, ends)), None)
    if nxt is None:
        return found
    colon_rubric = t.s.endswith((":", "：")) and _words(t.s) <= r.rubric_max_words
    after = lines[nxt].s
    label = (_is_label(t.s, r) and _words(after) > r.section_label_max_words and not _ends_sentence(after)
             and _words(after) <= 2 * r.heading_max_words)
    if not (colon_rubric or label):
        return found
    t.bp = "rubric"
    return replace(found, index=nxt, rubric=t.s.rstrip(":： "))


def find_title(lines: list[_Line], end_markers: list[int], r: _Rules) -> _Title:
    """Pass 2: the title: the line before a dateline near the top, else the first line
    that is not a menu (skipping a rubric)."""
    above = _headline_above_dateline(lines, end_markers, r)
    if above:
        title_i = above[-1].idx
        return _Title(title_i, rubric=_mark_above_title(lines, title_i, r), dated=True)
    return _skip_rubric_line(lines, _first_title(lines, end_markers, r), end_markers, r)


def _mark_links_after(lines: list[_Line], j: int) -> None:
    """Link-like lines after an inline "Xem thêm: ..." are related news too."""
    for x in lines[j + 1:]:
        if x.bp or _ends_sentence(x.s) or _words(x.s) > 30:
            break
        x.bp = "related"


def cut_related(lines: list[_Line], end_markers: list[int], title_i: int | None, r: _Rules) -> int:
    """Pass 3: where the article ends: the first end marker standing alone as a heading
    (``Tin liên quan``) after some body; that line and all below are ``related``. An end
    marker above the title or inline (``Xem thêm: ...``) marks only itself and its links."""
    cut = len(lines)
    ends = set(end_markers)
    for j in end_markers:
        ln = lines[j]
        if title_i is None or j <= title_i:
            ln.bp = "related"
            continue
        m = r.end_of_article.match(ln.f)
        has_body = any(_usable(x, ends) for x in lines[title_i + 1:j])
        if m is not None and r.end_heading_rest.match(ln.f[m.end():]) and has_body:
            cut = j
            break
        ln.bp = "related"
        _mark_links_after(lines, j)
    for ln in lines[cut:]:
        ln.bp = ln.bp or "related"
    return cut


def skip_teaser(lines: list[_Line], body: list[_Line], title_i: int | None) -> int | None:
    """Pass 3b: the title printed again further down after other lines: everything above
    the repeat is the page's teaser (marked ``teaser``) and the repeat is the title; the
    title's line (new or not)."""
    if title_i is None:
        return None
    key = _key(lines[title_i].f)
    limit = max(15, len(body) // 2)
    teaser_end = next((ln.idx for ln in body[title_i + 1: title_i + 1 + limit]
                       if ln.bp is None and _key(ln.f) == key), None)
    if teaser_end is None:
        return title_i
    marked = sum(1 for ln in lines[title_i + 1:teaser_end] if ln.bp is not None)
    if teaser_end - title_i <= 1 + marked:  # a headline printed twice in a row is two prints of it
        return title_i
    for ln in lines[:teaser_end]:
        ln.bp = ln.bp or "teaser"
    return teaser_end


def find_dateline(body: list[_Line], title_i: int | None,
                  r: _Rules) -> tuple[dt.date | None, tuple[int, int] | None]:
    """Pass 4: the publication date and the line it was read from: the first dateline
    (teaser included; all are marked ``dateline``), else a full date the lead opens on
    ("Ngày 25/6/2016, HTX ...", no span then)."""
    published = dateline_span = None
    for ln in body:
        if ln.dateline and ln.idx != title_i and ln.bp in (None, "teaser"):
            if dateline_span is None:
                published, dateline_span = ln.date, (ln.start, ln.end)
            ln.bp = ln.bp or "dateline"
    if published is None and title_i is not None:
        lead = next((ln for ln in body if ln.idx > title_i and ln.bp is None), None)
        m = r.lead_date.match(lead.f) if lead is not None else None
        if lead is not None and m:
            found = _find_date(lead.f[:m.end()])
            published = found[0] if found else None
    return published, dateline_span


def split_title(lines: list[_Line], title_i: int | None, rubric: str | None,
                r: _Rules) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """The title, its span and the rubric: a headline printed after its rubric on one line
    (``Kinh tế tập thể: Bức tranh ...``) is the words after the colon."""
    if title_i is None:
        return None, None, rubric
    t = lines[title_i]
    if rubric is None:
        label, headline = _inline_rubric(t.s, r)
        if label is not None:
            return headline, (t.end - len(headline), t.end), label
    return t.s, (t.start, t.end), rubric


def _byline_or_source(ln: _Line) -> tuple[str | None, str | None] | None:
    """(byline, source) a line states, marking it ``source`` or ``byline``; None if neither."""
    src = _parse_source(ln.s)
    if src:
        ln.bp = "source"
        return None, src
    by = _parse_byline(ln.s)
    if by:
        ln.bp = "byline"
        return by
    return None


def find_byline_and_source(content: list[_Line]) -> tuple[list[_Line], str | None, str | None]:
    """Pass 5: byline and source lines at the end (``TRẦN HIỀN``, ``Theo báo Nhân dân``) and a
    byline right under the title; the content without them, the byline, the source."""
    byline = source = None
    lead_idx = content[0].idx if content else None
    for ln in reversed(content[-4:]):
        if ln.idx == lead_idx:
            break
        found = _byline_or_source(ln)
        if found is None:
            break
        byline, source = byline or found[0], source or found[1]
    content = [ln for ln in content if ln.bp is None]
    if len(content) >= 2:
        by = _parse_byline(content[0].s)
        if by and _words(content[0].s) <= 8:
            content[0].bp = "byline"
            byline, source = byline or by[0], source or by[1]
            content = content[1:]
    return content, byline, source


def drop_repeats(content: list[_Line]) -> list[_Line]:
    """Pass 5b: a paragraph repeated verbatim right after itself (alt text + caption) is
    printed once (the repeat marked ``duplicate``); a short line (a caption under two
    photos) is printed, and states its figures, twice."""
    prev = None
    for ln in content:
        if prev is not None and _key(ln.f) == _key(prev.f) and _words(ln.s) >= REPEAT_MIN_WORDS:
            ln.bp = "duplicate"
        else:
            prev = ln
    return [ln for ln in content if ln.bp is None]


_BULLET_ITEM = re.compile(r"^[*•+\-–]\s")


def _starred_item(content: list[_Line]) -> int | None:
    """The line index of a ``* `` paragraph after the body that is not one of a bulleted list."""
    for k, ln in enumerate(content):
        if k < 2 or not re.match(r"^\*\s+\S", ln.s) or ln.s.startswith("**"):
            continue
        nxt = content[k + 1] if k + 1 < len(content) else None
        bullets = (nxt is not None and _BULLET_ITEM.match(nxt.s)) or _BULLET_ITEM.match(content[k - 1].s) \
            or content[k - 1].s.endswith(":")
        if not bullets:
            return ln.idx
    return None


def find_appended(content: list[_Line], body: list[_Line]) -> int | None:
    """Pass 6: the line index where an unrelated item appended after the article starts: a
    ``* `` paragraph, or what follows a separator line inside the content when it is not
    much longer than what precedes it (a repost: headline, teaser, ----, the article)."""
    appended_from = _starred_item(content)
    for ln in body:
        if ln.bp == "separator" and content and content[0].idx < ln.idx < content[-1].idx:
            after = next(c.idx for c in content if c.idx > ln.idx)
            before_words = sum(_words(c.s) for c in content if c.idx < ln.idx)
            after_words = sum(_words(c.s) for c in content if c.idx > ln.idx)
            if after_words < 2 * before_words and (appended_from is None or after < appended_from):
                appended_from = after
            break
    return appended_from


def find_outlet_lead(content: list[_Line], r: _Rules) -> tuple[str | None, int]:
    """Pass 7: an outlet glued to the lead ("Bnews ...", "(TTXVN) - ...", "HNMO - ..."): its
    name and where the lead's own words start (0 when there is none)."""
    if not content:
        return None, 0
    lead = content[0]
    m = r.outlet_lead.match(lead.s)
    if m is None or m.end() >= len(lead.s):
        return None, 0
    name = (m.group("paren") or m.group("dash") or m.group("bare") or "").strip()
    if m.group("bare") or fold(name) in r.outlets or _DOMAIN_RE.match(fold(name)) \
            or (m.group("paren") and _looks_like_source_name(name) and _words(name) <= 4):
        return name, m.end()
    return None, 0


def _paragraph_kind(ln: _Line, section: str, lead_done: bool, prev_kind: str | None, r: _Rules) -> str:
    """A paragraph that is no caption: the lead (the first of the body), a heading (short,
    no final punctuation), a caption under the lead (long, no final punctuation) or text."""
    if section == "body" and not lead_done:
        return "lead"
    if not _ends_sentence(ln.s):
        if section == "body" and prev_kind == "lead" and _words(ln.s) >= 8:
            return "caption"
        if _words(ln.s) <= r.heading_max_words:
            return "heading"
    return "text"


def make_paragraphs(text: str, content: list[_Line], title_span: tuple[int, int] | None,
                    appended_from: int | None, lead_offset: int,
                    r: _Rules) -> tuple[list[Paragraph], list[tuple[int, int]]]:
    """Pass 8: the paragraphs (the title first) with their kinds and sections, and the
    boilerplate inside them: the outlet before the lead, photo credits and footers after
    the words."""
    paragraphs: list[Paragraph] = []
    spans: list[tuple[int, int]] = []
    if title_span is not None:
        paragraphs.append(Paragraph(0, title_span[0], title_span[1], "title", "body"))
    lead_done = False
    prev_kind = None
    for k, ln in enumerate(content):
        start, end = ln.start, ln.end
        section = "appended" if appended_from is not None and ln.idx >= appended_from else "body"
        if k == 0 and lead_offset:
            spans.append((start, start + lead_offset))
            start += lead_offset
            while start < end and text[start].isspace():
                start += 1
        among = _text_among_menu(ln.s)
        if among is not None:  # menu items glued before or after a sentence: spans of their own
            if among[0]:
                spans.append((start, ln.start + among[0]))
                start = ln.start + among[0]
            if ln.start + among[1] < end:
                spans.append((ln.start + among[1], end))
                end = ln.start + among[1]
        credit = _credit_start(ln, r)
        if credit is not None:
            cs = ln.start + credit
            spans.append((cs, ln.end))
            end = cs
            while end > start and text[end - 1] in " \t-–—|(":
                end -= 1
            if end <= start:
                continue
            kind = "caption"
        else:
            kind = _paragraph_kind(ln, section, lead_done, prev_kind, r)
        lead_done = lead_done or kind == "lead"
        paragraphs.append(Paragraph(len(paragraphs), start, end, kind, section))
        prev_kind = kind
    return paragraphs, spans


def parse_structure(prepared: PreparedText) -> Structure:
    """Title, publication date, byline/source, paragraphs and boilerplate of one article:
    the passes above, in the reading order of the module's docstring."""
    text = prepared.text
    r = _rules()
    lines = _lines(text)
    if not lines:
        return Structure(None, None, None, None, None, [], [])
    end_markers = mark_furniture(lines, r)
    found = find_title(lines, end_markers, r)
    cut = cut_related(lines, end_markers, found.index, r)
    spans = [(lines[cut].start, lines[-1].end)] if cut < len(lines) else []
    body = lines[:cut]
    title_i = skip_teaser(lines, body, found.index)
    if title_i is not None and title_i != found.index:
        spans.append((lines[0].start, lines[title_i - 1].end))
    published, dateline_span = find_dateline(body, title_i, r)
    title, title_span, rubric = split_title(lines, title_i, found.rubric, r)
    content = [ln for ln in body if ln.bp is None and title_i is not None
               and (ln.idx > title_i or ln.idx == found.sapo)]
    content, byline, source = find_byline_and_source(content)
    content = drop_repeats(content)
    appended_from = find_appended(content, body)
    outlet, lead_offset = find_outlet_lead(content, r)
    source = source or outlet
    spans += [(ln.start, ln.end) for ln in lines if ln.bp is not None]
    paragraphs, inner = make_paragraphs(text, content, title_span, appended_from, lead_offset, r)
    if found.sapo is not None:  # the lead stood above its headline: paragraphs in reading order
        paragraphs = [replace(q, index=i) for i, q in enumerate(sorted(paragraphs, key=lambda q: q.start))]
    return Structure(
        title=title,
        title_span=title_span,
        published=published,
        byline=byline,
        source=source,
        paragraphs=paragraphs,
        boilerplate=_merge(spans + inner, text),
        rubric=rubric,
        dateline_span=dateline_span,
    )


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint spans; spans separated only by white space are joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and (a <= out[-1][1] or not text[out[-1][1]:a].strip()):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
