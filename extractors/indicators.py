"""Normalised indicator keys for counted nouns (the taxonomy is ``data/indicators.yaml``)."""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from .lexicon import load

CURRENCIES = {"VND", "USD", "EUR", "GBP", "INR", "AED", "JPY", "CNY", "KRW", "cent"}


@cache
def _data() -> dict[str, Any]:
    """``data/indicators.yaml``, parsed once: the rules below are all built from it."""
    return load("indicators")


@cache
def _rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = _data()["indicators"]
    for r in rules:
        r["regex"] = re.compile(r["pattern"])
    return rules


@cache
def _abbreviations() -> dict[str, str]:
    abbreviations: dict[str, str] = load("claims")["abbreviations"]
    return abbreviations


@cache
def _number_of_word() -> str:
    return str(_data()["number_of_word"])


@cache
def events() -> dict[str, str]:
    """Verb -> event suffix ("thành lập" -> "established")."""
    d = _data()["events"]
    return {verb: event for event, verbs in d.items() for verb in verbs}


AFTER_CHARS = 80  # how far after a claim a sector clause is looked for
SUFFIXES = ("_share", "_growth", "_established", "_dissolved")


def expand_abbreviations(phrase: str) -> str:
    """Write out ``HTX``, ``THT`` ... as FORMAT.md asks for counted nouns."""
    out = phrase
    for short, full in sorted(_abbreviations().items(), key=lambda kv: -len(kv[0])):
        out = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, out)
    return out


def _base_key(counted: str, unit: str) -> str | None:
    money = unit in CURRENCIES
    for r in _rules():
        units = r.get("units")
        if units and not (money and "money" in units or unit in units):
            continue
        if r["regex"].match(counted):
            return str(r["key"])
    return None


def indicator_for(counted: str | None, unit: str, change: str | None = None,
                  event: str | None = None) -> str | None:
    """The indicator key of a claim, from its counted noun phrase, unit, change and event."""
    phrase = expand_abbreviations(counted or "").lower().strip()
    number_of = _number_of_word() + " "
    if phrase.startswith(number_of):
        phrase = phrase[len(number_of):]
    key = _base_key(phrase, unit) if phrase else None
    if unit in CURRENCIES:
        return key if key in {"loans", "revenue", "income", "output", "contributions"} else "funding"
    if unit == "percent":
        if key is None:
            return "growth_rate" if change == "increase" else None
        return f"{key}_growth" if change else f"{key}_share"
    return f"{key}_{event}" if key and event else key


@cache
def _subtype_rules() -> tuple[dict[str, list[tuple[str, str]]], tuple[str, ...]]:
    """``({indicator: [(words, sub-type)], longest words first}, words that are not a sub-type)``."""
    d = _data()
    table = {key: sorted(((w, sub) for sub, words in subs.items() for w in words), key=lambda ws: -len(ws[0]))
             for key, subs in d["subtypes"].items()}
    return table, tuple(d["not_a_subtype"])


@cache
def _sector_lead() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(_data()["sector_leads"]) + ")", re.IGNORECASE)


@cache
def _sector_clause_end() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _data()["sector_clause_ends"])
    return re.compile(rf"[,;.:()\n]| (?:{words})(?!\w)")


def _slug(words: str) -> str:
    plain = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def _starts_with(tail: str, words: str) -> bool:
    return tail == words or tail.startswith(words + " ")


def subtype_for(indicator: str | None, counted: str | None, after: str = "") -> str | None:
    """The sub-type the counted noun names after its head: ``("cooperatives", "HTX nông nghiệp")``
    -> ``"agriculture"``; ``None`` for the total (``"hợp tác xã"``, ``"HTX trên địa bàn"``).

    Rules in ``data/indicators.yaml`` (``subtypes``); a suffixed indicator
    (``cooperatives_established``) takes its base key's sub-types. ``after``: the text after
    the claim's quote, where a sector may follow as a clause (``HTX hoạt động trong lĩnh
    vực nông nghiệp``).
    """
    if not indicator or not counted:
        return None
    base = next((indicator.removesuffix(s) for s in SUFFIXES if indicator.endswith(s)), indicator)
    table, not_subtype = _subtype_rules()
    if base not in table:
        return None
    rule = next((r for r in _rules() if r["key"] == base), None)
    phrase = expand_abbreviations(counted).lower().strip()
    number_of = _number_of_word() + " "
    phrase = phrase[len(number_of):] if phrase.startswith(number_of) else phrase
    head = rule["regex"].match(phrase) if rule else None
    if head is None:
        return None
    tail = re.sub(r"\s+", " ", phrase[head.end():]).strip(" ,;:-")
    after = unicodedata.normalize("NFC", after[:AFTER_CHARS])
    lead = _sector_lead().match(after) if not tail and after else None
    if lead:
        tail = _sector_clause_end().split(after[lead.end():].lower(), maxsplit=1)[0].strip()
    elif not tail and after:
        return _subset_of(after, table[base])
    if not tail or any(_starts_with(tail, w) for w in not_subtype):
        return None
    for words, sub in table[base]:
        if _starts_with(tail, words):
            return sub
    return _slug(tail) or None


@cache
def _subset_rules() -> tuple[list[tuple[str, str]], tuple[str, ...], int]:
    d = _data()
    clauses = sorted(((w, sub) for sub, words in d["subset_clauses"].items() for w in words),
                     key=lambda ws: -len(ws[0]))
    return clauses, tuple(d["subset_openers"]), int(d["subset_max_words"])


def _subset_of(after: str, sectors: list[tuple[str, str]]) -> str | None:
    """The sub-type a clause right after the counted noun picks out ("đang hoạt động" ->
    ``active``; a sector the noun phrase left out, "2 HTX xây dựng" -> ``construction``), or
    None when the text after it does not open such a clause."""
    if after[:1] not in (" ", "\u00a0"):
        return None
    clause = _sector_clause_end().split(after.lower(), maxsplit=1)[0].strip()
    clauses, openers, max_words = _subset_rules()
    for words, sub in [*clauses, *sectors]:
        if _starts_with(clause, words):
            return None if sub == "total" else sub
    if any(_starts_with(clause, w) for w in openers):
        return _slug(" ".join(clause.split()[:max_words])) or None
    return None


def series_key(indicator: str | None, counted: str | None, after: str = "") -> str | None:
    """The indicator with its sub-type: ``cooperatives.agriculture``; the indicator alone for a total."""
    sub = subtype_for(indicator, counted, after)
    return f"{indicator}.{sub}" if indicator and sub else indicator


def describe(key: str) -> dict[str, Any]:
    """``{key, label, aliases}`` of an indicator key (``cooperatives.agriculture`` included)."""
    base, _, sub = key.partition(".")
    stem = next((base.removesuffix(s) for s in SUFFIXES if base.endswith(s)), base)
    rule = next((r for r in _rules() if r["key"] == stem), None)
    other = {"funding": "Money with no other key", "growth_rate": "A growth rate"}
    label = rule["label"] if rule else other.get(stem, stem)
    suffix = next((s for s in SUFFIXES if base.endswith(s)), "")
    if suffix:
        label += {"_share": ": share (%)", "_growth": ": growth rate (%)", "_established": ": newly established",
                  "_dissolved": ": dissolved"}[suffix]
    aliases: list[str] = []
    if sub:
        words = [w for w, s in _subtype_rules()[0].get(stem, []) if s == sub]
        label += f" — {sub.replace('_', ' ')}"
        aliases = words
    elif rule:
        aliases = [a for a, full in _abbreviations().items() if rule["regex"].fullmatch(full.lower())]
    return {"key": key, "label": label, "aliases": aliases}


def canonical_indicator(text: str) -> str | None:
    """Any way a researcher names an indicator (``HTX``, ``hợp tác xã``, ``cooperatives``) -> its key."""
    t = text.strip()
    keys = {r["key"] for r in _rules()} | {"funding", "growth_rate"}
    if t in keys:
        return t
    for suffix in SUFFIXES:
        if t.endswith(suffix) and t.removesuffix(suffix) in keys:
            return t
    return _base_key(expand_abbreviations(t).lower(), "count")
