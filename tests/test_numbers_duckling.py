"""The Vietnamese corpora of Duckling (facebook/duckling) as tests of the number grammar.

Every numeral must parse to its value with ``parse_number``; every amount of money must
come out of ``find_quantities`` as exactly one quantity with Duckling's value (or bounds)
and unit. The cases live in the shared folder (``../shared/eval/duckling_vi`` beside the
repository, or ``$VNFACTS_SHARED/eval/duckling_vi``); without it the tests are skipped.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from vnfacts.extractors.numbers import find_quantities, parse_number


def _duckling_dir() -> Path | None:
    candidates = []
    if os.environ.get("VNFACTS_SHARED"):
        candidates.append(Path(os.environ["VNFACTS_SHARED"]) / "eval/duckling_vi")
    candidates.append(Path(__file__).resolve().parents[2] / "shared/eval/duckling_vi")
    return next((c for c in candidates if c.is_dir()), None)


DUCKLING = _duckling_dir()


def _cases(name: str) -> list[dict]:
    if DUCKLING is None or not (DUCKLING / name).is_file():
        return []
    return json.loads((DUCKLING / name).read_text(encoding="utf-8"))


def _params(name: str):
    cases = _cases(name)
    if not cases:
        return [pytest.param(None, marks=pytest.mark.skip(
            reason=f"Duckling cases not found: set VNFACTS_SHARED or put shared/eval/duckling_vi/{name} "
                   f"beside the repository"))]
    return [pytest.param(c, id=c["text"]) for c in cases]


# Duckling's currency names -> ours
UNITS = {"Dollar": "USD", "Cent": "cent", "Pound": "GBP"}


@pytest.mark.parametrize("case", _params("numeral.json"))
def test_duckling_numeral_parses_to_its_value(case):
    assert parse_number(case["text"]) == pytest.approx(case["value"], rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("case", _params("amount_of_money.json"))
def test_duckling_amount_of_money_is_one_quantity_with_value_and_unit(case):
    quantities = [q for q in find_quantities(case["text"]) if q.kind == "quantity"]
    assert len(quantities) == 1, quantities
    q = quantities[0]
    assert q.unit == UNITS.get(case["unit"], case["unit"])
    kind = case["kind"]
    if kind == "simple":
        assert math.isclose(q.value, case["value"], rel_tol=1e-12)
        assert q.value_max is None
    elif kind == "between":
        assert (q.value, q.value_max) == pytest.approx((case["min"], case["max"]))
        assert q.qualifier == "range"
    elif kind == "under":
        assert math.isclose(q.value, case["max"], rel_tol=1e-12)
        assert q.qualifier in ("less_than", "at_most")
    elif kind == "above":
        assert math.isclose(q.value, case["min"], rel_tol=1e-12)
        assert q.qualifier in ("more_than", "at_least")
    else:  # pragma: no cover - a new kind in the corpus
        pytest.fail(f"unknown Duckling kind {kind!r}")


@pytest.mark.parametrize("case", _params("ordinal.json"))
def test_duckling_ordinal_written_with_thu_is_an_ordinal(case):
    if not case["text"].startswith("thứ"):
        pytest.skip("'đầu tiên' is an ordinal word, not a number expression")
    q, = find_quantities(case["text"])
    assert (q.kind, q.value) == ("ordinal", case["value"])
