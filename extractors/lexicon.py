"""The rule files of ``data/``: one loader that every extractor reads its words through.

Rules are data: the engines (claims, entities, structure, numbers ...) are generic and take
their words from ``data/<name>.yaml``. A word list several engines share (the words that
end a noun phrase serve both the counted phrase of a claim and a cooperative's name) is
read from here by each, so no engine borrows another's lexicon.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


def load(name: str) -> dict[str, Any]:
    """``data/<name>.yaml``, parsed afresh: callers build (and cache) what they need from it.

    yaml is imported here, not at the top: importing ``gazetteer`` (the web and the store
    do, for province names) loads no data and no parser until a name is looked up.
    """
    import yaml

    data: dict[str, Any] = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


@cache
def _cached(name: str) -> dict[str, Any]:
    return load(name)


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The word list ``key`` of ``data/<name>.yaml``, lower-cased."""
    return frozenset(str(w).lower() for w in _cached(name)[key])


@cache
def strings(name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of ``data/<name>.yaml`` as written (case kept, order kept)."""
    return tuple(str(w) for w in _cached(name)[key])


def phrase_stops() -> frozenset[str]:
    """Words that end a noun phrase: a claim's counted phrase and a cooperative's name stop at them."""
    return words("claims", "phrase_stops")
