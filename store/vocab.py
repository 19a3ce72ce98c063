"""What a researcher types -> the values claims store, and the nearest valid ones when it names none.

    indicator("hop tac xa") == "cooperatives"      qualifier("hơn") == "more_than"
    unit("tỷ đồng") == "VND"; unit("%") == "percent"; modality("fact") == "actual"
    indicator("cooperativs")  -> Unknown: "... did you mean cooperatives, cooperative_groups?"

The word lists are the extractors' own data files (``extractors/data/*.yaml``: the
indicator taxonomy with its labels, the qualifier and unit words), read here, so a word a
linguist adds there is understood by the filters too.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

from vnfacts.extractors.lexicon import load

SUFFIXES = ("_share", "_growth", "_established", "_dissolved")
EXTRA_INDICATORS = ("funding", "growth_rate")  # keys the extractor gives without a taxonomy rule
MODALITIES = {"fact": "actual", "facts": "actual", "actual": "actual", "target": "target", "targets": "target",
              "thực tế": "actual", "kế hoạch": "target", "mục tiêu": "target", "chỉ tiêu": "target"}
QUALIFIER_KEYS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range")
QUALIFIER_SYMBOLS = {">": "more_than", ">=": "at_least", "≥": "at_least", "<": "less_than", "<=": "at_most",
                     "≤": "at_most", "~": "approx", "≈": "approx", "=": "exact"}
SCALE_WORDS = ("nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "ngàn tỷ")


class Unknown(ValueError):
    """A filter value that names nothing; the message names the nearest valid values."""


def fold(text: str) -> str:
    """Lower case, no accents, ``đ`` -> ``d``, single spaces: ``"Hợp Tác  Xã"`` -> ``"hop tac xa"``."""
    t = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d").replace("Ð", "D"))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", t).strip().lower()


def nearest(text: str, choices, n: int = 3) -> list[str]:
    """The valid values closest to ``text`` (accents and case ignored), best first."""
    by_fold: dict[str, str] = {}
    for c in choices:
        by_fold.setdefault(fold(c), c)
    want = fold(text)
    found = difflib.get_close_matches(want, list(by_fold), n=n, cutoff=0.5)
    found += [f for f in by_fold if want and want in f and f not in found]  # "union" -> cooperative_unions
    return [by_fold[f] for f in found[:n]]


def _unknown(what: str, text: str, choices, hint: str) -> Unknown:
    close = nearest(text, choices)
    return Unknown(f"unknown {what} {text!r}" + (f"; did you mean {', '.join(close)}?" if close else "")
                   + f" ({hint})")


def _yaml(name: str) -> dict:
    return load(name.removesuffix(".yaml"))


# -- indicators ------------------------------------------------------------------------

@cache
def indicator_aliases() -> dict[str, str]:
    """Folded alias -> indicator key: every key, the Vietnamese words in each taxonomy label
    ("Members (thành viên, xã viên)"), and the abbreviations claims write out (HTX, THT)."""
    d = _yaml("indicators.yaml")
    aliases: dict[str, str] = {}
    for rule in d["indicators"]:
        key = rule["key"]
        aliases.setdefault(fold(key), key)
        aliases.setdefault(fold(key.replace("_", " ")), key)
        m = re.search(r"\(([^)]*)\)", rule.get("label", ""))
        for word in re.split(r",|\bvà\b|\bor\b", m.group(1)) if m else []:
            word = word.strip()
            if word and not word.startswith(("of ", "any ")):
                aliases.setdefault(fold(word), key)
    for short, full in _yaml("claims.yaml").get("abbreviations", {}).items():
        key = aliases.get(fold(full))
        if key:
            aliases.setdefault(fold(short), key)
    for key in EXTRA_INDICATORS:
        aliases.setdefault(fold(key), key)
    return aliases


def indicator_keys() -> list[str]:
    return sorted(set(indicator_aliases().values()))


def indicator(text: str) -> str:
    """``"HTX"``, ``"hop tac xa"``, ``"Cooperatives"``, ``"vốn vay"``, ``"members_share"`` -> the key."""
    t = fold(text)
    aliases = indicator_aliases()
    if t in aliases:
        return aliases[t]
    for suffix in SUFFIXES:  # cooperatives_share, HTX_growth
        if t.endswith(suffix) and t.removesuffix(suffix) in aliases:
            return aliases[t.removesuffix(suffix)] + suffix
    # the taxonomy's own patterns, as the extractor matches a counted noun ("hợp tác xã nông nghiệp")
    from vnfacts.extractors.indicators import canonical_indicator

    found = canonical_indicator(unicodedata.normalize("NFC", text).lower())
    if found:
        return found
    choices = indicator_keys() + [f"{k}{s}" for k in indicator_keys() for s in SUFFIXES]
    raise _unknown("indicator", text, choices, "see `vnfacts stats` for the indicators in the database")


# -- qualifiers, units, modality ---------------------------------------------------------

@cache
def qualifier_words() -> dict[str, str]:
    d = _yaml("numbers.yaml")
    words = {fold(k): k for k in QUALIFIER_KEYS}
    words.update({fold(k.replace("_", " ")): k for k in QUALIFIER_KEYS})
    for section in ("qualifiers_before", "qualifiers_after"):
        for key, ws in d.get(section, {}).items():
            for w in ws:
                words.setdefault(fold(w), key)
    words.update(QUALIFIER_SYMBOLS)
    return words


def qualifier(text: str) -> str:
    """``"hơn"`` -> ``more_than``, ``"khoảng"`` -> ``approx``, ``">="`` -> ``at_least``; a key as it is."""
    t = fold(text)
    if t in qualifier_words():
        return qualifier_words()[t]
    raise _unknown("qualifier", text, list(QUALIFIER_KEYS), "one of " + ", ".join(QUALIFIER_KEYS)
                   + ", or the word before the number: hơn, khoảng, ít nhất ...")


@cache
def unit_words() -> dict[str, str]:
    d = _yaml("numbers.yaml")
    words: dict[str, str] = {"count": "count", "so": "count", "number": "count"}
    for section in ("units_after", "units_before"):
        for key, ws in d.get(section, {}).items():
            words.setdefault(fold(key), key)
            for w in ws:
                words.setdefault(fold(w), key)
    for w in d.get("glued_measures", []):
        words.setdefault(fold(w), w)
    words.setdefault("percent", "percent")
    return words


def unit(text: str) -> str:
    """``"tỷ đồng"``, ``"đồng"``, ``"VND"`` -> ``VND``; ``"%"`` -> ``percent``; scale words are dropped."""
    t = fold(text)
    for scale in sorted(map(fold, SCALE_WORDS), key=len, reverse=True):
        if t.startswith(scale + " "):
            t = t[len(scale) + 1:]
            break
    words = unit_words()
    if t in words:
        return words[t]
    raise _unknown("unit", text, sorted(set(words.values())), "count, percent, VND, USD, ha ... or "
                   "as written: đồng, tỷ đồng, %")


def modality(text: str) -> str:
    """``fact`` (or ``actual``, ``thực tế``) -> ``actual``; ``target`` (``kế hoạch``, ``mục tiêu``) -> ``target``."""
    t = fold(text)
    for word, key in MODALITIES.items():
        if fold(word) == t:
            return key
    raise Unknown(f"unknown modality {text!r}: fact (or actual) or target")


def province(text: str) -> str:
    """Any spelling of a province -> its canonical name; else the nearest names."""
    from vnfacts.extractors.gazetteer import canonical_province, provinces

    found = canonical_province(text)
    if found:
        return found
    raise _unknown("province", text, provinces(), "any spelling: 'TP Hà Nội', 'Hà Nội', 'ha noi'")


# -- showing values and counts ------------------------------------------------------------------------

def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "target")`` -> ``1 target``; ``plural(2, "entry", "entries")`` -> ``2 entries``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


CURRENCIES = frozenset({"VND", "USD", "EUR", "GBP", "INR", "AED", "JPY", "CNY", "KRW"})
MONEY_SCALES = ((1e12, "nghìn tỷ"), (1e9, "tỷ"), (1e6, "triệu"), (1e3, "nghìn"))
UNIT_NAMES = {"VND": "đồng", "percent": "%", "count": ""}


def vn_number(value: float, digits: int = 1) -> str:
    """``17.6`` -> ``17,6``; ``1909`` -> ``1.909`` (the Vietnamese way: ``.`` groups, ``,`` decimals)."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def human_value(value: float | None, unit_key: str | None, value_max: float | None = None) -> str:
    """``17.6e12, VND`` -> ``17,6 nghìn tỷ đồng``; ``1909, count`` -> ``1.909``; ``56, percent`` -> ``56%``."""
    if value is None:
        return ""
    money = unit_key in CURRENCIES
    scale_div, scale_name = 1.0, ""
    if money:
        top = max(abs(value), abs(value_max or 0))
        for div, name in MONEY_SCALES:
            if top >= div:
                scale_div, scale_name = div, name
                break

    def one(v: float) -> str:
        return vn_number(round(v / scale_div, 2 if scale_div > 1 else 3), 2 if scale_div > 1 else 3)

    text = one(value) if value_max is None else f"{one(value)}–{one(value_max)}"
    name = UNIT_NAMES.get(unit_key or "count", unit_key or "")
    if name == "%":
        return f"{text}%"
    words = " ".join(w for w in (scale_name, name) if w)
    return f"{text} {words}" if words else text
