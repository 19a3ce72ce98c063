"""``store.vocab``: what a researcher types -> the values claims store (read from the extractors' data)."""
from __future__ import annotations

import pytest

from vnfacts.store import vocab


@pytest.mark.parametrize("text,key", [
    ("cooperatives", "cooperatives"), ("COOPERATIVES", "cooperatives"), ("htx", "cooperatives"),
    ("hợp tác xã", "cooperatives"), ("hop tac xa", "cooperatives"), ("thành viên", "members"),
    ("xã viên", "members"), ("doanh thu", "revenue"), ("vốn vay", "loans"), ("tổ hợp tác", "cooperative_groups"),
    ("THT", "cooperative_groups"), ("cooperatives_share", "cooperatives_share"), ("HTX_growth", "cooperatives_growth"),
    ("funding", "funding"),
])
def test_indicator_aliases(text, key):
    assert vocab.indicator(text) == key


def test_an_unknown_indicator_names_the_nearest_keys():
    with pytest.raises(vocab.Unknown, match="did you mean cooperatives"):
        vocab.indicator("cooperativs")


@pytest.mark.parametrize("text,key", [("hơn", "more_than"), ("trên", "more_than"), ("khoảng", "approx"),
                                      ("ít nhất", "at_least"), ("trở lên", "at_least"), ("more_than", "more_than"),
                                      ("at least", "at_least"), (">=", "at_least"), ("exact", "exact")])
def test_qualifier_words(text, key):
    assert vocab.qualifier(text) == key


@pytest.mark.parametrize("text,key", [("tỷ đồng", "VND"), ("triệu đồng", "VND"), ("nghìn tỷ đồng", "VND"),
                                      ("đồng", "VND"), ("VND", "VND"), ("%", "percent"), ("phần trăm", "percent"),
                                      ("USD", "USD"), ("ha", "ha"), ("count", "count")])
def test_unit_words(text, key):
    assert vocab.unit(text) == key


def test_modality_fact_is_actual():
    assert vocab.modality("fact") == vocab.modality("actual") == vocab.modality("Thực tế") == "actual"
    assert vocab.modality("target") == vocab.modality("mục tiêu") == "target"
    with pytest.raises(vocab.Unknown):
        vocab.modality("plan?")


def test_province_spellings_and_nearest():
    assert vocab.province("TP Hà Nội") == vocab.province("ha noi") == "Hà Nội"
    with pytest.raises(vocab.Unknown, match="did you mean Hà Nội"):
        vocab.province("Hà Nộii")


@pytest.mark.parametrize("value,unit,value_max,shown", [
    (17.6e12, "VND", None, "17,6 nghìn tỷ đồng"), (98.4e9, "VND", None, "98,4 tỷ đồng"),
    (2.5e6, "USD", None, "2,5 triệu USD"), (10e9, "VND", 15e9, "10–15 tỷ đồng"), (500, "VND", None, "500 đồng"),
    (1909, "count", None, "1.909"), (56, "percent", None, "56%"), (36.6, "percent", None, "36,6%"),
    (12, "ha", None, "12 ha"), (None, "VND", None, ""),
])
def test_values_are_humanised_the_vietnamese_way(value, unit, value_max, shown):
    assert vocab.human_value(value, unit, value_max) == shown
