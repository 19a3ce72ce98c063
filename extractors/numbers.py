"""The number grammar: Vietnamese number expressions -> values, spans and what they are.

Pure functions, no I/O beyond reading the word lists of ``data/numbers.yaml`` once at
import. Three entry points:

- ``parse_number(text)``: one number expression, written the Vietnamese way (``1.909``,
  ``36,6``, ``hai mươi lăm``, ``98,4 tỷ``, ``2 chấm 23``, ``100K``, ``âm 1.200.000``).
- ``find_quantities(text)``: every number expression of a (normalised) sentence with its
  span, value, range end, currency/percent unit, qualifier (``hơn``, ``khoảng``,
  ``từ ... trở lên`` ...) and kind. Numbers that are not quantities (years, dates, clock
  times, document codes, ordinals, phone numbers) are returned too, with their kind, so
  that the caller can skip them and the tests can check them.
- ``format_vietnamese(value)``: the inverse of the digit convention (``1909`` -> ``1.909``).

Conventions: ``.`` groups thousands and ``,`` marks decimals; values are computed with
``Decimal`` so that ``98,4 tỷ`` is exactly 98400000000 and ``parse_number`` round-trips
``format_vietnamese``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .lexicon import load

__all__ = ["Quantity", "parse_number", "find_quantities", "format_vietnamese", "RULES"]

RULES: dict = load("numbers")  # the word lists, read once: the grammar is code, the vocabulary is data


@dataclass(frozen=True)
class Quantity:
    """One number expression found in a sentence (offsets into that sentence).

    ``text[start:end]`` holds the number(s), their scale words and a currency/percent
    unit; the qualifier words before it start at ``qualifier_start`` (== ``start`` when
    there are none). ``kind`` is ``"quantity"`` or what the number is instead: ``year``,
    ``date``, ``time``, ``code``, ``ordinal``, ``phone``, ``fraction`` (``2/3 số HTX``).
    For those, ``value`` is the first number (the year, the day or month, the hour with
    minutes as a fraction, the ordinal, the code's leading digits, the phone's digits,
    the ratio of the fraction); a span of years has ``value_max``.
    """

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    kind: str
    qualifier: str
    qualifier_start: int
    in_words: bool


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------
def _lower_list(key: str) -> list[str]:
    return [str(w).lower() for w in RULES[key]]


DIGITS: dict[str, int] = {w: int(v) for w, v in RULES["digits"].items()}
AFTER_TENS: dict[str, int] = {w: int(v) for w, v in RULES["after_tens"].items()}
TEN: str = RULES["ten"]
TENS_MARKERS: frozenset[str] = frozenset(RULES["tens_markers"])
HUNDRED: str = RULES["hundred"]
ZERO_TENS: frozenset[str] = frozenset(RULES["zero_tens"])
SCALES: dict[str, Decimal] = {w: Decimal(str(v)) for w, v in RULES["scales"].items()}
SUFFIX_SCALES: dict[str, Decimal] = {w: Decimal(str(v)) for w, v in RULES["suffix_scales"].items()}
POINT_WORDS: frozenset[str] = frozenset(RULES["decimal_points"])
NEGATIVE_WORDS: list[str] = _lower_list("negative_words")
STARTERS: frozenset[str] = frozenset(RULES["word_starters"])
ARTICLE_WORDS: frozenset[str] = frozenset(RULES["article_words"])
YEAR_NOUN_AFTER: frozenset[str] = frozenset(_lower_list("year_noun_preceded_by"))
YEAR_NOUN_BEFORE: frozenset[str] = frozenset(_lower_list("year_noun_followed_by"))
WORD_NUMBER_BLOCKED_AFTER: frozenset[str] = frozenset(_lower_list("word_number_blocked_after"))
WORD_NUMBER_NOT_BEFORE: frozenset[str] = frozenset(_lower_list("word_number_not_before"))
NAME_TITLES: frozenset[str] = frozenset(_lower_list("name_titles"))
CURRENCIES_WITH_CENTS: frozenset[str] = frozenset(RULES["currencies_with_cents"])
GLUED_MEASURES: frozenset[str] = frozenset(_lower_list("glued_measures"))
ORDINAL_CUES: frozenset[str] = frozenset(_lower_list("ordinal_cues"))
ORDINAL_WORDS: dict[str, int] = {w: int(v) for w, v in RULES["ordinal_words"].items()}
CODE_CUES: frozenset[str] = frozenset(_lower_list("code_cues"))
CODE_CUE_NOT_AFTER: frozenset[str] = frozenset(_lower_list("code_cue_not_after"))
MONTH_NOT_AFTER: frozenset[str] = frozenset(_lower_list("month_not_after"))
YEARLIKE_COUNT_AFTER: list[str] = _lower_list("yearlike_count_after")
YEARLIKE_COUNT_BEFORE: list[str] = _lower_list("yearlike_count_before")
FRACTION_DENOMINATORS: dict[str, int] = {str(w): int(v) for w, v in RULES["fraction_denominators"].items()}
YEAR_MIN, YEAR_MAX = int(RULES["year"]["min"]), int(RULES["year"]["max"])
PHONE_DIGITS: frozenset[int] = frozenset(int(n) for n in RULES["phone_digits"])
YEAR_WORD: str = RULES["year_word"]  # the syllable that is both "five" and "year"
DAY_WORD: str = RULES["day_word"]
MONTH_WORD: str = RULES["month_word"]
MULTIPLE_WORDS: dict[str, float] = {str(w): float(v) for w, v in RULES["multiple_words"].items()}

# the units that are money (K/M/G suffixes are only read as scales next to one of them)
CURRENCIES: frozenset[str] = frozenset(u for u in RULES["units_after"] if u != "percent")

# the unit forms after tens/ten/linh: "hai mươi mốt", "mười lăm", "một trăm linh tư"
_UNITS_1_9 = {w: v for w, v in DIGITS.items() if v > 0}
UNITS_AFTER_ZERO = {**_UNITS_1_9, **{str(w): int(v) for w, v in RULES["after_zero"].items()}}
UNITS_AFTER_TEN = {**{w: v for w, v in _UNITS_1_9.items() if w != YEAR_WORD},
                   **{w: v for w, v in AFTER_TENS.items() if w not in RULES["not_after_ten"]}}
UNITS_AFTER_TENS = {**UNITS_AFTER_TEN, **AFTER_TENS}

# every syllable that can continue a word number once started
NUMBER_WORDS: frozenset[str] = frozenset(
    [*DIGITS, *AFTER_TENS, TEN, *TENS_MARKERS, HUNDRED, *ZERO_TENS])

_SP = r"[ \t\u00a0]"


def _phrase_pattern(phrase: str) -> str:
    """A literal phrase whose inner spaces match any run of spaces."""
    return f"{_SP}+".join(re.escape(part) for part in phrase.split())


def _alternation(phrases, *, words: bool = True) -> str:
    """A regex alternation of phrases, longest first (so that "không hơn" beats "hơn"),
    with inner spaces matching any run of spaces."""
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        pat = _phrase_pattern(p)
        if words and p[-1:].isalnum():
            pat += r"(?!\w)"
        parts.append(pat)
    return "|".join(parts)


# --------------------------------------------------------------------------------------
# Digits
# --------------------------------------------------------------------------------------
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")


def _digits_value(raw: str) -> tuple[Decimal, bool] | None:
    """Value of a digit token, and whether a dot served as a decimal point.

    ``.`` groups thousands when every group after a dot has 3 digits (``1.909``,
    ``3.000.000``); otherwise a lone dot is read as a decimal point (``1.5``, ``4.0``)
    and flagged, because in Vietnamese text that is usually a version or a code.
    ``,`` is the decimal comma (``36,6``, ``,77``, ``01,10``).
    """
    try:
        if raw.startswith(","):
            return Decimal("0." + raw[1:]), False
        if "," in raw:
            if raw.count(",") > 1:
                return None
            whole, frac = raw.split(",")
            if "." in whole:
                if not _THOUSANDS.fullmatch(whole):
                    return None
                whole = whole.replace(".", "")
            return Decimal(f"{whole}.{frac}"), False
        if "." in raw:
            if _THOUSANDS.fullmatch(raw):
                return Decimal(raw.replace(".", "")), False
            if raw.count(".") == 1:
                return Decimal(raw), True
            return None
        return Decimal(raw), False
    except InvalidOperation:
        return None


# --------------------------------------------------------------------------------------
# Word numbers (below a thousand) and scales
# --------------------------------------------------------------------------------------
def _small_words_value(words: list[str]) -> int | None:
    """0..999 from number words: ``[d trăm] [linh d | mười [u] | d mươi/chục [u] | d]``.

    Strict on purpose: ``mười năm`` (ten years), ``hai trăm năm`` (200 years) are not
    numbers, because after ``mười``/``mươi`` five is ``lăm`` and after ``trăm`` a unit
    needs ``linh``.
    """
    if not words:
        return None
    if len(words) >= 2 and words[1] == HUNDRED and words[0] in DIGITS:
        hundreds, rest = DIGITS[words[0]] * 100, words[2:]
    elif words[0] == HUNDRED:
        hundreds, rest = 100, words[1:]
    else:
        hundreds, rest = None, words
    if not rest:
        return hundreds
    below = _tens_and_units(rest, after_hundreds=hundreds is not None)
    if below is None:
        return None
    return (hundreds or 0) + below


def _tens_and_units(words: list[str], *, after_hundreds: bool) -> int | None:
    """0..99 from words, as they may follow ``trăm`` (or stand alone)."""
    first = words[0]
    if first in ZERO_TENS:
        if after_hundreds and len(words) == 2 and words[1] in UNITS_AFTER_ZERO:
            return UNITS_AFTER_ZERO[words[1]]
        return None
    if first == TEN:
        tens, rest, units = 10, words[1:], UNITS_AFTER_TEN
    elif len(words) >= 2 and words[1] in TENS_MARKERS and DIGITS.get(first, 0) > 0:
        tens, rest, units = DIGITS[first] * 10, words[2:], UNITS_AFTER_TENS
    elif len(words) == 1 and first in DIGITS and not after_hundreds:
        return DIGITS[first]
    else:
        return None
    if not rest:
        return tens
    if len(rest) == 1 and rest[0] in units:
        return tens + units[rest[0]]
    return None


@dataclass
class _Atom:
    """One piece of a number expression: digits, a number word, a scale or a point."""

    kind: str  # "num" | "word" | "scale" | "point"
    text: str  # lower-cased word, or the raw digits
    start: int
    end: int
    value: Decimal | None = None  # of "num" (suffix applied) and "scale"
    suffix: Decimal | None = None  # K/M/G glued to digits
    dot_decimal: bool = False


@dataclass
class _Magnitude:
    value: Decimal
    start: int
    end: int
    atoms: list[_Atom]

    @property
    def in_words(self) -> bool:
        return self.atoms[0].kind == "word"

    @property
    def plain(self) -> bool:
        """A bare digit run (``2019``), the only shape a year takes."""
        a = self.atoms[0]
        return len(self.atoms) == 1 and a.kind == "num" and a.suffix is None and a.text.isdigit()

    @property
    def has_scale(self) -> bool:
        return any(a.kind == "scale" or a.suffix is not None for a in self.atoms)

    @property
    def suffixed(self) -> bool:
        return any(a.suffix is not None for a in self.atoms)

    @property
    def dot_decimal(self) -> bool:
        return any(a.dot_decimal for a in self.atoms)

    @property
    def last_scale(self) -> Decimal | None:
        """The scale the expression ends with (``2 tỷ`` -> 1e9), which a range's first
        end shares (``1 - 2 tỷ đồng``)."""
        last = self.atoms[-1]
        return last.value if last.kind == "scale" else last.suffix

    @property
    def single_word(self) -> str | None:
        return self.atoms[0].text if len(self.atoms) == 1 and self.in_words else None


# Bounded on purpose: a written number has at most a handful of digit groups and a spoken
# one a score of words ("một nghìn chín trăm chín mươi chín tỷ ..."); reading further from
# every start of "1,1,1,..." or of "một trăm hai mươi" said 200 times costs quadratic, then
# cubic, time on text that is no number at all.
_MAX_GROUPS = 8
_MAX_ATOMS = 24
_ATOM = re.compile(
    rf"(?P<ws>{_SP}{{0,8}})(?:(?P<num>\d{{1,18}}(?:[.,]\d{{1,18}}){{0,{_MAX_GROUPS}}}|,\d{{1,18}})"
    rf"(?P<suf>[kKMG](?![^\W\d_]))?|(?P<word>[^\W\d_]{{1,12}}))")


def _read_atoms(text: str, pos: int, *, strict: bool) -> list[_Atom]:
    """The longest run of number pieces from ``pos`` that could form one expression.

    After digits only a scale or a decimal-point word may follow (``5 năm`` is five
    years, ``năm 2019`` a year); digits may follow a scale (``1 tỷ 200 triệu``). In
    running text (``strict``) a run starts with digits or a starter word, so that
    ``hàng trăm`` or ``không`` (not) are not numbers.
    """
    atoms: list[_Atom] = []
    while len(atoms) < _MAX_ATOMS:
        m = _ATOM.match(text, pos)
        if not m or (not atoms and m.group("ws")):
            break
        prev = atoms[-1] if atoms else None
        if prev is not None and prev.suffix is not None:
            break
        if m.group("num"):
            if prev is not None and prev.kind not in ("scale", "point"):
                break
            parsed = _digits_value(m.group("num"))
            if parsed is None:
                break
            value, dot_decimal = parsed
            suffix = SUFFIX_SCALES.get(m.group("suf")) if m.group("suf") else None
            if suffix is not None:
                value *= suffix
            atoms.append(_Atom("num", m.group("num"), m.start("num"), m.end(), value, suffix, dot_decimal))
        else:
            word = m.group("word").lower()
            if word in SCALES:
                if strict and prev is None:
                    break
                atoms.append(_Atom("scale", word, m.start("word"), m.end(), SCALES[word]))
            elif word in POINT_WORDS:
                if prev is None or prev.kind not in ("num", "word"):
                    break
                atoms.append(_Atom("point", word, m.start("word"), m.end()))
            elif word in NUMBER_WORDS:
                if prev is not None and prev.kind == "num":
                    break
                if strict and prev is None and word not in STARTERS:
                    break
                atoms.append(_Atom("word", word, m.start("word"), m.end()))
            else:
                break
        pos = m.end()
    return atoms


def _segment_value(atoms: list[_Atom], *, trailing: bool) -> Decimal | None:
    """Value of the part between two scales: one digit token or words below 1000.

    A trailing part after a scale must be read in full (``nghìn không trăm mười một``):
    ``năm mươi nghìn năm`` is "fifty thousand years", not 50005.
    """
    if len(atoms) == 1 and atoms[0].kind == "num":
        return None if trailing else atoms[0].value
    if any(a.kind != "word" for a in atoms):
        return None
    words = [a.text for a in atoms]
    if trailing and HUNDRED not in words:
        return None
    small = _small_words_value(words)
    return None if small is None else Decimal(small)


def _scaled_value(atoms: list[_Atom]) -> Decimal | None:
    """Combine parts and scales, largest first: ``1 tỷ 200 triệu``, ``hai nghìn tỷ``."""
    parts: list[tuple[Decimal, Decimal]] = []  # (value, scale) of finished parts
    segment: list[_Atom] = []
    for atom in atoms:
        if atom.kind != "scale":
            segment.append(atom)
            continue
        scale = atom.value
        if segment:
            small = _segment_value(segment, trailing=False)
            if small is None or (parts and parts[-1][1] <= scale):
                return None
            parts.append((small * scale, scale))
        else:  # "nghìn tỷ": the scale multiplies the smaller parts before it
            value, inner = Decimal(0), Decimal(1)
            while parts and parts[-1][1] < scale:
                v, s = parts.pop()
                value, inner = value + v, max(inner, s)
            parts.append(((value or Decimal(1)) * scale, scale * inner))
        segment = []
    total = sum((v for v, _ in parts), Decimal(0))
    if segment:
        small = _segment_value(segment, trailing=bool(parts))
        if small is None:
            return None
        total += small
    elif not parts:
        return None
    return total


def _spoken_decimal(atoms: list[_Atom], point: int) -> Decimal | None:
    """``2 chấm 23``, ``hai phẩy 23``, ``một chấm ba``, ``2 phẩy 5 triệu``."""
    left = _scaled_value(atoms[:point])
    if left is None or left != left.to_integral_value() or any(a.kind == "scale" for a in atoms[:point]):
        return None
    rest = atoms[point + 1:]
    n_frac = next((i for i, a in enumerate(rest) if a.kind == "scale"), len(rest))
    frac_atoms, tail = rest[:n_frac], rest[n_frac:]
    if not frac_atoms:
        return None
    if len(frac_atoms) == 1 and frac_atoms[0].kind == "num":
        if not frac_atoms[0].text.isdigit():
            return None
        frac = frac_atoms[0].text
    elif all(a.kind == "word" for a in frac_atoms):
        words = [a.text for a in frac_atoms]
        if len(words) > 1 and all(w in DIGITS for w in words):
            frac = "".join(str(DIGITS[w]) for w in words)
        else:
            small = _small_words_value(words)
            if small is None:
                return None
            frac = str(small)
    else:
        return None
    if any(a.kind != "scale" or a.value is None for a in tail):  # "năm chấm năm nghìn năm": not one number
        return None
    value = Decimal(f"{int(left)}.{frac}")
    for atom in tail:
        value *= atom.value
    return value


def _atoms_value(atoms: list[_Atom]) -> Decimal | None:
    points = [i for i, a in enumerate(atoms) if a.kind == "point"]
    if len(points) > 1:
        return None
    if points:
        return _spoken_decimal(atoms, points[0])
    return _scaled_value(atoms)


def _read_magnitude(text: str, pos: int, *, strict: bool) -> _Magnitude | None:
    """The longest number expression at ``pos`` (backing off piece by piece until the
    pieces make a valid number: ``hai mươi năm`` -> ``hai mươi``)."""
    atoms = _read_atoms(text, pos, strict=strict)
    for n in range(len(atoms), 0, -1):
        value = _atoms_value(atoms[:n])
        if value is not None:
            return _Magnitude(value, atoms[0].start, atoms[n - 1].end, atoms[:n])
    return None


_NEGATIVE_PREFIX = re.compile(rf"(?:[-−]|(?:{_alternation(NEGATIVE_WORDS)}))\s*", re.I)


def parse_number(text: str) -> float | None:
    """The value of one number expression, or None when ``text`` is not exactly one.

    >>> parse_number("1.909"), parse_number("36,6"), parse_number("hai mươi lăm")
    (1909.0, 36.6, 25.0)
    """
    s = text.strip()
    negative = _NEGATIVE_PREFIX.match(s)
    pos = negative.end() if negative else 0
    mag = _read_magnitude(s, pos, strict=False)
    if mag is None or mag.end != len(s):
        return None
    return float(-mag.value if negative else mag.value)


# --------------------------------------------------------------------------------------
# format_vietnamese
# --------------------------------------------------------------------------------------
def format_vietnamese(value: float, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: ``1909`` -> ``1.909``, ``36.6`` -> ``36,6``.

    With ``decimals=None`` floats keep their shortest exact form (so that
    ``parse_number(format_vietnamese(x)) == x``); otherwise they are rounded half up.
    """
    if isinstance(value, int) and decimals is None:
        body = str(abs(value))
        negative = value < 0
    else:
        d = Decimal(repr(float(value)))
        if decimals is not None:
            d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        negative = d < 0
        body = format(abs(d), "f")
    whole, _, frac = body.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + frac if frac else "")
    return ("-" if negative and out.strip("0.,") else "") + out


# --------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------
def _unit_pattern(forms: list[str]) -> str:
    """Alternation of a unit's forms; a word form must not run into the next word, nor
    be the first syllable of another word (``5 đồng chí``, ``2 đô thị``)."""
    blockers = {k.lower(): v for k, v in RULES["unit_word_not_before"].items()}
    parts = []
    for form in sorted(set(map(str, forms)), key=len, reverse=True):
        pat = _phrase_pattern(form)
        if form[-1].isalnum():
            pat += r"(?!\w)"
        if blockers.get(form.lower()):
            pat += rf"(?!{_SP}+(?:{'|'.join(map(re.escape, blockers[form.lower()]))})(?!\w))"
        parts.append(pat)
    return "|".join(parts)


_UNIT_AFTER = re.compile(
    rf"{_SP}*(?:" + "|".join(f"(?P<{u}>{_unit_pattern(forms)})" for u, forms in RULES["units_after"].items()) + ")",
    re.I)
_UNIT_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<{u}>{_alternation(forms, words=False)})" for u, forms in RULES["units_before"].items())
    + rf")(?={_SP}?[\d,])")
_CENT_WORD = re.compile(rf"{_SP}*(?:{_alternation(RULES['cent_words'])})", re.I)
_CENTS_LEAD = re.compile(rf"(?:{_SP}+{re.escape(RULES['cents_joiner'])})?{_SP}+", re.I)
_ENDS_CLAUSE = re.compile(r"\s*(?:$|[.,;:!?)\]])")


def _cents_after(text: str, pos: int) -> tuple[Decimal, int] | None:
    """The cents that may follow dollars (or rupees ...): ``và 23 xen``, ``23 xu``, and a
    bare ``23`` at the end of the phrase (``hai đô 23``)."""
    lead = _CENTS_LEAD.match(text, pos)
    if not lead:
        return None
    mag = _read_magnitude(text, lead.end(), strict=True)
    if mag is None or mag.has_scale or mag.value != mag.value.to_integral_value() or not 0 < mag.value < 100:
        return None
    word = _CENT_WORD.match(text, mag.end)
    if word:
        return mag.value / 100, word.end()
    if RULES["cents_joiner"] not in lead.group(0).lower() and mag.plain and _ENDS_CLAUSE.match(text, mag.end):
        return mag.value / 100, mag.end
    return None


# --------------------------------------------------------------------------------------
# Reading one number (+ unit) in running text
# --------------------------------------------------------------------------------------
@dataclass
class _Reading:
    start: int  # incl. a unit before the number ($10)
    end: int  # incl. a unit after it
    mag: _Magnitude
    value: Decimal
    unit: str | None
    prefixed: bool


_NEGATIVE_WORD = re.compile(rf"(?:{_alternation(NEGATIVE_WORDS)}){_SP}+", re.I)


def _read_number(text: str, pos: int) -> _Reading | None:
    """A number at ``pos`` with its unit before (``$``, ``VND``) or after (``%``,
    ``tỷ đồng``, ``đô la và 23 xen``), and a sign (``-5``, ``âm 5``)."""
    prefix = _UNIT_BEFORE.match(text, pos)
    negative = False
    npos = pos
    if prefix:
        npos = prefix.end()
        while npos < len(text) and text[npos] in " \t\u00a0":
            npos += 1
    elif text.startswith("-", pos):
        negative, npos = True, pos + 1
    else:
        word = _NEGATIVE_WORD.match(text, pos)
        if word:
            negative, npos = True, word.end()
    mag = _read_magnitude(text, npos, strict=True)
    if mag is None:
        return None
    value, end = mag.value, mag.end
    unit = prefix.lastgroup if prefix else None
    if unit is None:
        after = _UNIT_AFTER.match(text, end)
        if after:
            unit, end = after.lastgroup, after.end()
    if unit in CURRENCIES_WITH_CENTS:
        cents = _cents_after(text, end)
        if cents:
            value, end = value + cents[0], cents[1]
    return _Reading(pos, end, mag, -value if negative else value, unit, bool(prefix))


# --------------------------------------------------------------------------------------
# Context around a number
# --------------------------------------------------------------------------------------
def _previous_word(text: str, pos: int) -> tuple[str, int]:
    """The word that ends right before ``pos`` (spaces and a colon skipped), lower-cased,
    and where it starts; ``("", pos)`` when punctuation or a digit comes first."""
    i = pos
    while i > 0 and text[i - 1] in " \t\u00a0:":
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:i].lower(), j


_NEXT_TOKEN = re.compile(rf"{_SP}*(?:(?P<word>[^\W\d_]+)|(?P<digit>\d)|(?P<other>\S))?")


def _next_token(text: str, pos: int) -> tuple[str | None, str]:
    """What follows ``pos``: ("word", the word) / ("digit", d) / ("other", c) / (None, "")."""
    m = _NEXT_TOKEN.match(text, pos)
    kind = m.lastgroup
    return kind, (m.group(kind) if kind else "")


def _glued_left(text: str, pos: int) -> bool:
    """Digits stuck to letters before them: ``F1``, ``COVID-19``, ``...-636450``."""
    if pos == 0:
        return False
    before = text[pos - 1]
    if before.isalpha():
        return True
    return before in "-_/.#@&" and pos >= 2 and text[pos - 2].isalpha()


def _glued_right_end(text: str, pos: int) -> int | None:
    """End of letters stuck to the number (``1A``, ``5G``, ``H5N1``), or None. A slash is
    not glue: ``8%/năm``, ``500 đồng/kg`` are rates (slash codes are found apart)."""
    i = pos
    if i < len(text) and text[i] in "-_" and i + 1 < len(text) and text[i + 1].isalpha():
        i += 1
    if i >= len(text) or not text[i].isalnum():
        return None
    while i < len(text) and (text[i].isalnum() or (text[i] in "-_" and i + 1 < len(text) and text[i + 1].isalnum())):
        i += 1
    return i


_QUALIFIER_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<{q}>{_alternation(words)})" for q, words in RULES["qualifiers_before"].items())
    + rf"){_SP}+$", re.I)
_FROM_BEFORE = re.compile(
    rf"(?<!\w)(?:(?P<from>{_alternation(RULES['from_words'])})|(?P<between>{_alternation(RULES['between_words'])})){_SP}+$",
    re.I)
_QUALIFIER_AFTER = re.compile(
    rf"(?:{_SP}+[^\s\d,;.:!?()\[\]]+){{0,{int(RULES['qualifier_after_max_words'])}}}?{_SP}*(?:"
    + "|".join(f"(?P<{q}>{_alternation(words)})" for q, words in RULES["qualifiers_after"].items()) + ")", re.I)
_DASHES = "".join(re.escape(c) for c in RULES["range_connectors"] if not c[0].isalpha())
_RANGE_WORDS = _alternation([c for c in RULES["range_connectors"] if c[0].isalpha()])
_RANGE_CONNECTOR = re.compile(rf"{_SP}*(?:[{_DASHES}]|(?<=\s)(?:{_RANGE_WORDS})){_SP}*", re.I)
_BETWEEN_CONNECTOR = re.compile(rf"{_SP}+(?:{_alternation(RULES['between_connectors'])}){_SP}+", re.I)
_YEAR_CUE_BEFORE = re.compile(rf"(?<!\w)(?:{_alternation(RULES['year']['cues'])}){_SP}*$", re.I)


def _is_yearlike(r: _Reading) -> bool:
    return r.unit is None and r.mag.plain and len(r.mag.atoms[0].text) == 4 and YEAR_MIN <= r.value <= YEAR_MAX


def _word_number_is_count(text: str, r: _Reading) -> bool:
    """Whether a number written in words is meant as a number.

    ``năm`` is also "year" (``năm nay``, ``mỗi năm``, ``năm 2019``, ``5 năm``); bare
    ``một`` is the article "a" (``một số``); capitalised number words next to
    capitalised words are names (``Ba Đình``, ``Hai Bà Trưng``, ``Nguyễn Văn Ba``).
    """
    prev, prev_start = _previous_word(text, r.start)
    if prev in WORD_NUMBER_BLOCKED_AFTER:
        return False
    i = r.start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    if i < r.start and i > 0 and text[i - 1].isdigit():  # "5 năm": the word is a noun
        return False
    word = r.mag.single_word
    if word is None:
        return True
    kind, nxt = _next_token(text, r.end)
    if kind == "word" and nxt.lower() in WORD_NUMBER_NOT_BEFORE:
        return False
    if word in ARTICLE_WORDS and r.unit is None:
        return False
    if word == YEAR_WORD and r.unit is None:
        if prev in YEAR_NOUN_AFTER or kind in (None, "digit", "other") or nxt.lower() in YEAR_NOUN_BEFORE:
            return False
    surface = text[r.mag.start:r.mag.end]
    if surface.istitle():
        prev_surface = text[prev_start:prev_start + len(prev)]
        if ((kind == "word" and nxt.istitle()) or prev in NAME_TITLES
                or (prev and prev_surface.istitle() and prev_start > 0)):
            return False
    return True


# --------------------------------------------------------------------------------------
# Numbers that are not quantities: found first, on their own patterns
# --------------------------------------------------------------------------------------
def _cue_alt(key: str) -> str:
    return _alternation(RULES[key])


_PHONE_CUE_WORDS = tuple(w.lower() for w in RULES["phone_cues"])
_DATE_CUE_WORDS = tuple(w.lower() for w in RULES["date_cues"])
_TIME_CUE_WORDS = tuple(w.lower() for w in RULES["time_cues"])

# (kind, pattern, hint): the pattern is only run when one of the hint strings occurs in
# the lower-cased sentence (or the hint regex matches), which keeps the common sentence
# cheap. Earlier patterns win overlaps, so the longer shapes come first.
_SPECIALS: list[tuple[str, re.Pattern, tuple[str, ...] | re.Pattern]] = [
    ("phone", re.compile(
        rf"(?<!\w)(?i:{_cue_alt('phone_cues')}){_SP}*[:.]?{_SP}*(?P<n>\+?\(?\d[\d \t.()\-]{{6,}}\d)"),
     _PHONE_CUE_WORDS),
    ("date", re.compile(
        rf"(?<!\w)(?i:{re.escape(RULES['quarter_word'])}){_SP}+(?P<n>[IV]+|\d)(?:{_SP}*/{_SP}*|{_SP}+(?i:{YEAR_WORD}){_SP}+)\d{{4}}(?!\w)"),
     (RULES["quarter_word"],)),
    ("fraction", re.compile(
        rf"(?<![\w/.,:\-])(?P<n>\d{{1,2}})/(?P<den>\d{{1,2}})(?={_SP}+(?i:{_cue_alt('fraction_before')}))"), ("/",)),
    ("code", re.compile(  # "tỷ số 2-1", "thắng 3-0": a score
        rf"(?<!\w)(?i:{_cue_alt('score_cues')}){_SP}+(?P<n>\d{{1,2}}{_SP}*[-–]{_SP}*\d{{1,2}})(?![\d,.]\d)"), ("-", "–")),
    ("share", re.compile(  # "các HTX nông nghiệp chiếm 2/3."
        rf"(?<!\w)(?i:{_cue_alt('share_cues')}){_SP}+(?P<n>\d{{1,2}})/(?P<den>\d{{1,2}})(?={_SP}*(?:$|[.,;)]))"), ("/",)),
    ("ratio", re.compile(  # "139/143 hợp tác xã", "57/63 tỉnh, thành phố", "4/5 chỉ tiêu"
        rf"(?<![\w/.,:\-])(?P<n>\d{{1,3}}(?:\.\d{{3}})*)/(?P<den>\d{{1,3}}(?:\.\d{{3}})*)(?={_SP}+(?P<next>[^\W\d_]+))"),
     ("/",)),
    ("share", re.compile(  # "ba phần tư" = 75%
        rf"(?<!\w)(?P<w>(?i:{_alternation(list(DIGITS))})){_SP}+(?i:{re.escape(RULES['fraction_word'])})"
        rf"{_SP}+(?P<dw>(?i:{_alternation(list(FRACTION_DENOMINATORS))}))(?!\w)"), (RULES["fraction_word"],)),
    ("multiple", re.compile(rf"(?<!\w)(?i:{re.escape(RULES['multiple_cue'])}){_SP}+"  # "gấp đôi" = 2 lần
                            rf"(?P<mw>(?i:{_alternation(list(MULTIPLE_WORDS))}))(?!\w)"), (RULES["multiple_cue"],)),
    ("time", re.compile(r"(?<![\w.,/])(?P<h>\d{1,2})[ \t]+[gh][ \t]+(?P<mi>\d{2})(?!\w)"),  # "19 g 30"
     re.compile(r"\d[ \t]+[gh][ \t]+\d")),
    ("date", re.compile(r"^[ \t]*(?P<d>\d{1,2})-(?P<m>\d{1,2})(?=[ \t]+(?P<next>[^\W\d_]+))"), ("-",)),  # "12-05 Lãnh đạo ..."
    ("code", re.compile(r"(?<![\w/])(?P<n>\d+(?:[/.\-]\d+)*/[^\W\d_][\w\-]*(?:/[\w\-]+)*)"), ("/",)),
    ("code", re.compile(r"(?<![\w/])(?P<n>\d+-[A-ZĐ]{2,}[\w/\-]*)"), ("-",)),
    ("date", re.compile(
        r"(?<![\w/.,:])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\w/]|[.,]\d)"),
     ("/", ".", "-")),
    ("time", re.compile(r"(?<![\w:/.,])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?'?(?![\d:])"), (":",)),
    ("date", re.compile(
        rf"(?<![\w/.,])(?P<d>\d{{1,2}}){_SP}+(?i:{MONTH_WORD}){_SP}+(?P<m>\d{{1,2}})"
        rf"(?:{_SP}*(?:(?i:{YEAR_WORD})|,|/){_SP}*(?P<y>\d{{4}}))?(?!\w|[/.,]\d)"), (MONTH_WORD,)),
    ("month", re.compile(
        rf"(?<!\w)(?i:{re.escape(RULES['month_word'])}){_SP}+(?P<m>\d{{1,2}})"
        rf"(?:{_SP}*(?:/|-|(?i:{YEAR_WORD})){_SP}*(?P<y>\d{{4}}))?(?![\w/]|[.,]\d)"), (RULES["month_word"],)),
    ("date", re.compile(r"(?<![\w/.,:\-])(?P<m>\d{1,2})/(?P<y>\d{4})(?![\w/]|[.,]\d)"), ("/",)),
    ("date", re.compile(
        rf"(?<!\w)(?i:{_cue_alt('date_cues')}){_SP}+(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})(?:-(?P<y>\d{{4}}))?(?![\w\-]|[.,]\d)"),
     ("-",)),
    ("date", re.compile(r"(?<![\w/.,:\-])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\w/]|[.,]\d)"), ("/",)),
    ("time", re.compile(r"(?<![\w.,/])(?P<h>\d{1,2})h(?P<mi>\d{2})?(?!\w)|(?<![\w.,/])(?P<h2>\d{1,2})g(?P<mi2>\d{2})(?!\w)"),
     re.compile(r"\d[hg]")),
    ("time", re.compile(
        rf"(?<![\w.,/])(?P<h>\d{{1,2}}){_SP}+(?i:{RULES['hour_word']})(?:{_SP}+(?P<mi>\d{{1,2}})"
        rf"(?:{_SP}+(?i:{RULES['minute_word']})(?!\w))?|{_SP}+(?i:{_cue_alt('day_parts')}))"), (RULES["hour_word"],)),
    ("time", re.compile(rf"(?<!\w)(?i:{_cue_alt('time_cues')}){_SP}+(?P<h>\d{{1,2}})(?:{_SP}*(?i:{RULES['hour_word']})(?!\w)|h(?!\w))?"),
     _TIME_CUE_WORDS),
    ("date", re.compile(rf"(?<!\w)(?i:{DAY_WORD}){_SP}+(?P<d>\d{{1,2}})(?![\w/.\-]|[.,]\d|{_SP}+(?i:{MONTH_WORD}))"),
     (DAY_WORD,)),
    ("phone", re.compile(
        r"(?<![\w.,/:])(?P<n>(?:\+84|\(0\d{1,3}\)|0\d{1,3})(?:[ .\-]?\d{2,4}){2,4})(?!\w|[.,]\d)"),
     re.compile(r"(?<![\d.,])(?:\(?0\d|\+84)")),
]
_WORD_SPECIALS = [sp for sp in _SPECIALS if {"dw", "mw"} & set(sp[1].groupindex)]  # specials said in words
_ORDINAL_SPECIAL = re.compile(
    rf"(?<!\w)(?i:{_cue_alt('ordinal_cues')}){_SP}+(?P<n>[IVXLCDM]+(?!\w)|(?i:{_alternation(ORDINAL_WORDS)}))")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _roman_value(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def _first_group(m: re.Match, names: tuple[str, ...]) -> tuple[int, int, str]:
    """Start, end and text of the matched span from the first of ``names`` that took part
    (the numbers, without the cue words)."""
    gd = m.groupdict()
    present = [n for n in names if gd.get(n) is not None]
    start = m.start(present[0]) if present else m.start()
    return start, m.end(), gd[present[0]] if present else m.group(0)


def _special(kind: str, text: str, m: re.Match) -> Quantity | None:
    """A match of one of the not-quantity patterns, checked, as a Quantity."""
    gd = m.groupdict()
    start, end, first = _first_group(m, ("n", "d", "h", "h2", "m", "w"))
    if kind == "phone":
        digits = re.sub(r"\D", "", gd["n"])
        has_cue = m.start() != m.start("n")
        if (has_cue and len(digits) < 8) or (not has_cue and len(digits) not in PHONE_DIGITS):
            return None
        return _not_quantity("phone", start, end, float(digits))
    if kind == "fraction":
        numerator, denominator = int(gd["n"]), int(gd["den"])
        if not 0 < numerator < denominator:
            return None
        return _not_quantity("fraction", start, end, numerator / denominator)
    if kind == "ratio":
        numerator, denominator = (int(gd[k].replace(".", "")) for k in ("n", "den"))
        if not 0 < numerator <= denominator:
            return None
        prev, _ = _previous_word(text, m.start())
        if prev in _DATE_CUE_WORDS or prev in CODE_CUES:
            return None
        nxt = gd["next"]
        could_be_date = numerator <= 31 and denominator <= 12
        if could_be_date and not (nxt.islower() or (nxt.isupper() and len(nxt) >= 2)):
            return None  # "27/10 Liên minh ..." is a date
        return Quantity(start, end, float(numerator), None, None, "quantity", "exact", start, False)
    if kind == "multiple":
        qual = _QUALIFIER_BEFORE.search(text, max(0, m.start() - 40), m.start())
        return Quantity(m.start(), m.end(), MULTIPLE_WORDS[gd["mw"].lower()], None, RULES["multiple_unit"], "quantity",
                        qual.lastgroup if qual else "exact", qual.start() if qual else m.start(), True)
    if kind == "share":
        if gd.get("w") is not None:
            numerator, denominator = DIGITS[gd["w"].lower()], FRACTION_DENOMINATORS[gd["dw"].lower()]
            start = m.start("w")
        else:
            numerator, denominator = int(gd["n"]), int(gd["den"])
        if not 0 < numerator < denominator:
            return None
        return Quantity(start, m.end(), numerator / denominator * 100, None, "percent", "quantity", "exact", start,
                        gd.get("w") is not None)
    if kind == "code":
        digits = re.match(r"\d+", first)
        return _not_quantity("code", start, end, float(digits.group(0)) if digits else 0.0)
    if kind in ("date", "month"):
        day, month = gd.get("d"), gd.get("m")
        if day is not None and not 1 <= int(day) <= 31:
            return None
        if month is not None and not 1 <= int(month) <= 12:
            return None
        if kind == "month":
            prev, _ = _previous_word(text, m.start())
            nxt_kind, nxt = _next_token(text, m.end())
            if prev in MONTH_NOT_AFTER or (nxt_kind == "word" and nxt.lower() in SCALES) or _UNIT_AFTER.match(text, m.end()):
                return None
        if kind == "date" and gd.get("next") is not None and not gd["next"].istitle():
            return None  # a date printed before a headline is followed by its capital
        if kind == "date" and MONTH_WORD in m.group(0).lower() and not gd.get("y"):
            prev, _ = _previous_word(text, m.start())
            if prev != DAY_WORD:  # "11 tháng 12" alone may be "11 months, 12 ..."
                return None
        return _not_quantity("date", start, end, float(first) if first.isdigit() else float(_roman_value(first)))
    if kind == "time":
        hour = int(gd.get("h") or gd.get("h2"))
        minute = gd.get("mi") or gd.get("mi2")
        if hour > 24 or (minute is not None and int(minute) > 59):
            return None
        return _not_quantity("time", start, end, hour + (int(minute) / 60 if minute else 0.0))
    return None


def _not_quantity(kind: str, start: int, end: int, value: float, value_max: float | None = None,
                  in_words: bool = False) -> Quantity:
    return Quantity(start, end, value, value_max, None, kind, "exact", start, in_words)


def _special_spans(text: str, specials=None) -> list[Quantity]:
    """Dates, times, codes and phone numbers, the first pattern winning an overlap."""
    found: list[Quantity] = []
    lower = text.lower()
    for kind, pattern, hint in _SPECIALS if specials is None else specials:
        if isinstance(hint, re.Pattern):
            if not hint.search(text):
                continue
        elif not any(h in lower for h in hint):
            continue
        for m in pattern.finditer(text):
            q = _special(kind, text, m)
            if q is not None and not any(q.start < f.end and f.start < q.end for f in found):
                found.append(q)
    return found


def _ordinal_spans(text: str) -> list[Quantity]:
    """``lần thứ V``, ``thứ nhất``, ``thứ tư`` (digits and other words after ``thứ`` are
    found by the scanner)."""
    out = []
    for m in _ORDINAL_SPECIAL.finditer(text):
        n = m.group("n")
        value = ORDINAL_WORDS.get(n.lower()) or _roman_value(n)
        out.append(_not_quantity("ordinal", m.start("n"), m.end("n"), float(value), in_words=True))
    return out


# --------------------------------------------------------------------------------------
# find_quantities
# --------------------------------------------------------------------------------------
_WORD_CANDIDATES = sorted(STARTERS | set(NEGATIVE_WORDS), key=len, reverse=True)
_CANDIDATE_FIRST = "".join(sorted(
    {"-", ","} | {w[0] for w in _WORD_CANDIDATES} | {w[0].upper() for w in _WORD_CANDIDATES}
    | {f[0] for forms in RULES["units_before"].values() for f in forms}))
_CANDIDATE = re.compile(
    rf"(?=[\d{re.escape(_CANDIDATE_FIRST)}])(?:"
    r"(?<!\d)\d|(?<![\w,.])-(?=\d)|(?:(?<=\s)|^),(?=\d)"
    r"|(?<!\w)(?:" + "|".join(f"(?P<{u}>{_alternation(forms, words=False)})" for u, forms in RULES["units_before"].items())
    + rf")(?={_SP}?[\d,])"
    r"|(?<!\w)(?i:" + "|".join(map(re.escape, _WORD_CANDIDATES)) + r")(?!\w))")
_HAS_DIGIT = re.compile(r"\d")
_HAS_ORDINAL_CUE = re.compile(rf"(?<!\w)(?i:{_cue_alt('ordinal_cues')})(?!\w)")


def find_quantities(text: str) -> list[Quantity]:
    """Every number expression of a sentence, in order, spans never overlapping.

    ``text`` is one normalised sentence (NFC, plain spaces); offsets are into it.
    Years, dates, times, codes, ordinals and phone numbers come back with their ``kind``
    so that the caller can skip them.
    """
    found: list[Quantity] = []
    if _HAS_DIGIT.search(text):
        found.extend(_special_spans(text))
    else:  # "ba phần tư": the one special said in words
        found.extend(_special_spans(text, _WORD_SPECIALS))
    if _HAS_ORDINAL_CUE.search(text):
        found.extend(q for q in _ordinal_spans(text) if not _overlaps(q, found))
    blocked = [(q.start, q.end) for q in found]
    cursor = 0
    for m in _CANDIDATE.finditer(text):
        pos = m.start()
        if pos < cursor or any(s <= pos < e for s, e in blocked):
            continue
        q = _quantity_at(text, pos, blocked)
        if q is not None:
            found.append(q)
            cursor = q.end
    return _without_overlaps(found)


def _overlaps(q: Quantity, others: list[Quantity]) -> bool:
    return any(q.start < o.end and o.start < q.end for o in others)


def _without_overlaps(found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, -q.end)):
        if not out or q.start >= out[-1].end:
            out.append(q)
    return out


def _quantity_at(text: str, pos: int, blocked: list[tuple[int, int]]) -> Quantity | None:
    """The quantity (or not-quantity) that starts at candidate position ``pos``."""
    first = _read_number(text, pos)
    if first is None or _crosses(first, blocked):
        return None
    prev, _ = _previous_word(text, first.start)
    if prev in ORDINAL_CUES and first.unit is None:
        return _not_quantity("ordinal", first.start, first.mag.end, float(first.value), in_words=first.mag.in_words)
    if first.mag.in_words and not _word_number_is_count(text, first):
        return None
    if not first.mag.in_words:
        code = _code_at(text, first, prev)
        if code is not None:
            return code
    year = _year_at(text, first, blocked)
    if year is not None:
        return year

    from_m = _FROM_BEFORE.search(text, max(0, first.start - 12), first.start)
    anchor = from_m.start() if from_m else first.start
    qual_m = _QUALIFIER_BEFORE.search(text, max(0, anchor - 40), anchor)
    between = bool(from_m and from_m.lastgroup == "between")

    ranged = _range_end(text, first, blocked, between=between)
    if ranged is not None:
        value, value_max, unit, end = ranged
        qstart = qual_m.start() if qual_m else anchor
        return Quantity(first.start, end, float(value), float(value_max), unit, "quantity", "range", qstart,
                        first.mag.in_words)
    if _is_code_shaped(text, first):
        return _code(text, first)

    qualifier, qstart = "exact", first.start
    after = _QUALIFIER_AFTER.match(text, first.end)
    if after and (not qual_m or (from_m and from_m.lastgroup == "from")):
        qualifier, qstart = after.lastgroup, anchor if from_m else first.start
        if qual_m and not from_m:
            qstart = qual_m.start()
    elif qual_m:
        qualifier, qstart = qual_m.lastgroup, qual_m.start()
    return Quantity(first.start, first.end, float(first.value), None, first.unit, "quantity", qualifier, qstart,
                    first.mag.in_words)


def _crosses(r: _Reading, blocked: list[tuple[int, int]]) -> bool:
    return any(r.start < e and s < r.end for s, e in blocked)


def _code(text: str, r: _Reading) -> Quantity:
    end = _glued_right_end(text, r.mag.end) or r.mag.end
    return _not_quantity("code", r.mag.start, max(end, r.mag.end), float(r.value))


def _code_at(text: str, r: _Reading, prev: str) -> Quantity | None:
    """Digits that name rather than count: glued to letters before them (``F1``,
    ``COVID-19``) or after ``số`` (``số 68``)."""
    if not r.prefixed and _glued_left(text, r.mag.start):
        return _code(text, r)
    if r.unit is None and _ADDRESS_BEFORE.search(text, max(0, r.start - 20), r.start):
        return _code(text, r)
    label = _CAPS_LABEL_BEFORE.search(text, max(0, r.start - 8), r.start)
    if r.unit is None and label and label.group(1) not in CAPS_LABEL_NOT and _QUALIFIER_AFTER.match(text, r.end) is None:
        return _code(text, r)
    if prev in CODE_CUES and r.unit is None:
        _, prev_start = _previous_word(text, r.start)
        before, _ = _previous_word(text, prev_start)
        if before not in CODE_CUE_NOT_AFTER:
            return _code(text, r)
    return None


_CAPS_LABEL_BEFORE = re.compile(rf"(?<![\w.])([A-ZĐ]{{2,4}}){_SP}+$")
CAPS_LABEL_NOT: frozenset[str] = frozenset(str(w) for w in RULES["caps_label_not"]) | frozenset(
    f for forms in RULES["units_before"].values() for f in forms)
_ADDRESS_BEFORE = re.compile(rf"(?<!\w)(?i:{_alternation(RULES['address_cues'])}){_SP}*$")


def _is_code_shaped(text: str, r: _Reading) -> bool:
    """Letters glued after the number (``1A``, ``5G``) unless they are a unit or a
    measure (``5ha``); K/M/G outside money; a dot-decimal like ``4.0`` without unit."""
    if r.mag.suffixed and r.unit not in CURRENCIES:
        return True
    if r.mag.dot_decimal and r.unit is None and not r.mag.has_scale:
        return True
    glued = _glued_right_end(text, r.end)
    if glued is None:
        return False
    if r.end < len(text) and text[r.end].isalpha() and r.unit is None:
        return text[r.end:glued].lower() not in GLUED_MEASURES
    return True


_YEARLIKE_COUNT = re.compile(rf"(?<!\w)(?i:{_alternation(YEARLIKE_COUNT_AFTER)}){_SP}+$")
_YEARLIKE_NOUN = re.compile(rf"{_SP}+(?i:{_alternation(YEARLIKE_COUNT_BEFORE)})(?!\w)")


def _year_at(text: str, r: _Reading, blocked) -> Quantity | None:
    """A year (``2019``, ``năm 938``), or a span of years (``2016 - 2020``,
    ``giai đoạn 2021 - 2025``): never a quantity. A 4-digit number without a dot and
    without a unit is a year in Vietnamese news (a count of 2019 is written ``2.019``),
    unless a qualifier such as ``hơn`` shows it counts."""
    if not r.mag.plain or r.unit is not None or len(r.mag.atoms[0].text) != 4:
        return None
    cue = _YEAR_CUE_BEFORE.search(text, max(0, r.start - 20), r.start)
    if not cue:
        if not _is_yearlike(r) or _QUALIFIER_BEFORE.search(text, max(0, r.start - 40), r.start):
            return None
        if _YEARLIKE_COUNT.search(text, max(0, r.start - 20), r.start) and _YEARLIKE_NOUN.match(text, r.end):
            return None  # "tăng 2021 thành viên" counts members
    conn = _RANGE_CONNECTOR.match(text, r.end)
    if conn:
        second = _read_number(text, conn.end())
        if (second is not None and second.mag.plain and len(second.mag.atoms[0].text) == 4
                and second.unit is None and second.value > r.value and not _crosses(second, blocked)):
            return Quantity(r.start, second.end, float(r.value), float(second.value), None, "year", "range",
                            cue.start() if cue else r.start, False)
    return _not_quantity("year", r.start, r.end, float(r.value))


def _range_end(text: str, first: _Reading, blocked, *, between: bool):
    """The upper end of a range after ``first``: ``10 - 20``, ``02 đến 15``, ``7 - 8%``,
    ``1000 đồng đến 2000 đồng``, ``1 - 2 tỷ đồng`` (the scale is shared), or with
    ``giữa``, ``1000 và 2000 đồng``. Returns (value, value_max, unit, end) or None;
    ends that run backwards are no range."""
    conn = (_BETWEEN_CONNECTOR if between else _RANGE_CONNECTOR).match(text, first.end)
    if not conn or first.mag.dot_decimal:
        return None
    second = _read_number(text, conn.end())
    if second is None or _crosses(second, blocked) or second.mag.dot_decimal:
        return None
    if second.mag.in_words and not first.mag.in_words and second.mag.single_word in (YEAR_WORD, *ARTICLE_WORDS):
        return None
    if _is_yearlike(second) or _glued_right_end(text, second.end) is not None and second.unit is None:
        return None
    if first.unit and second.unit and first.unit != second.unit:
        return None
    unit = first.unit or second.unit
    low, high = first.value, second.value
    shared = second.mag.last_scale
    if shared is not None and not first.mag.has_scale and first.unit is None and low * shared < high:
        low *= shared
    if not low < high:
        return None
    return low, high, unit, second.end
