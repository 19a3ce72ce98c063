"""Normalised indicator keys for counted nouns (the taxonomy is ``data/indicators.yaml``)."""
from __future__ import annotations

import re
from functools import cache
from typing import Any

from .lexicon import load

CURRENCIES = {"VND", "USD", "EUR", "GBP", "INR", "AED", "JPY", "CNY", "KRW", "cent"}


@cache
def _rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = load("indicators")["indicators"]
    for r in rules:
        r["regex"] = re.compile(r["pattern"])
    return rules


@cache
def _abbreviations() -> dict[str, str]:
    abbreviations: dict[str, str] = load("claims")["abbreviations"]
    return abbreviations


@cache
def _number_of_word() -> str:
    return str(load("indicators")["number_of_word"])


@cache
def events() -> dict[str, str]:
    """Verb -> event suffix ("thành lập" -> "established")."""
    d = load("indicators")["events"]
    return {verb: event for event, verbs in d.items() for verb in verbs}


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
