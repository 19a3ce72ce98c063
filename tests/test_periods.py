"""When a number holds: each claim's period (EDTF), by the rules of FORMAT.md."""
from __future__ import annotations

import datetime as dt

import pytest

from vnfacts.extractors.periods import find_times
from vnfacts.extractors.pipeline import extract_text

PUB = "Tiêu đề bài viết\n\n15:30, 02/08/2022\n\n"


def periods(body: str, head: str = PUB) -> list[tuple[str, str | None]]:
    return [(c.quote, c.period) for c in extract_text(head + body, doc="t.txt").claims]


@pytest.mark.parametrize("phrase, edtf", [
    ("năm 2022", "2022"), ("tháng 8/2019", "2019-08"), ("đến cuối năm 2019", "2019-12-31"),
    ("tính đến 31/12/2019", "2019-12-31"), ("7 tháng đầu năm 2019", "2019-01/2019-07"),
    ("6 tháng đầu năm", "2022-01/2022-06"), ("quý I/2023", "2023-01/2023-03"),
    ("giai đoạn 2016 - 2020", "2016/2020"), ("từ năm 2015 đến nay", "2015/2022-08-02"),
    ("5 năm qua", "2017/2022"), ("từ đầu năm đến nay", "2022-01/2022-08-02"),
])
def test_times_a_sentence_names_are_read_as_edtf(phrase, edtf):
    (t,) = find_times(f"Trong {phrase} có thêm HTX", dt.date(2022, 8, 2))
    assert t.edtf == edtf


def test_a_time_the_clause_names_wins():
    assert periods("Năm 2021, toàn tỉnh có 500 HTX.\n") == [("500 HTX", "2021")]
    assert periods("Toàn tỉnh có 500 HTX vào cuối năm 2019.\n") == [("500 HTX", "2019-12-31")]


def test_a_time_carries_through_its_paragraph_until_now_is_said():
    body = "Năm 2021, toàn tỉnh có 500 HTX. Các HTX thu hút 9.000 thành viên. Hiện nay có 520 HTX.\n"
    assert periods(body) == [("500 HTX", "2021"), ("9.000 thành viên", "2021"), ("520 HTX", "2022-08-02")]


def test_a_new_paragraph_starts_without_the_time_unless_it_continues():
    body = "Năm 2021, toàn tỉnh có 500 HTX.\n\nToàn tỉnh có 40 liên hiệp HTX.\n\nTrong đó có 300 HTX nông nghiệp.\n"
    assert periods(body) == [("500 HTX", "2021"), ("40 liên hiệp HTX", "2022-08-02"),
                             ("300 HTX nông nghiệp", "2022-08-02")]


def test_a_comparison_base_or_a_documents_date_is_no_period():
    assert periods("Toàn tỉnh có 500 HTX, tăng 20 HTX so với năm 2021.\n") == [
        ("500 HTX", "2022-08-02"), ("20 HTX", "2022-08-02")]
    body = "Thực hiện Quyết định 167 về đề án giai đoạn 2021-2025, tỉnh đã chọn 5 HTX.\n"
    assert periods(body) == [("5 HTX", "2022-08-02")]


def test_a_target_takes_its_horizon_and_a_per_year_target_its_plans_interval():
    assert periods("Phấn đấu đến năm 2025 có 800 HTX.\n") == [("800 HTX", "2025")]
    body = "Giai đoạn 2021 - 2025, tỉnh phấn đấu mỗi năm thành lập mới 50 HTX.\n"
    assert periods(body) == [("50 HTX", "2021/2025")]
    assert periods("Tỉnh phấn đấu thành lập mới 50 HTX.\n") == [("50 HTX", None)]


def test_a_total_reached_at_the_end_of_an_interval_holds_at_its_end():
    body = "Từ đầu năm đến nay, tỉnh thành lập thêm 36 HTX, nâng tổng số HTX lên 558 HTX.\n"
    assert periods(body) == [("36 HTX", "2022-01/2022-08-02"), ("558 HTX", "2022-08-02")]


def test_a_figure_the_headline_restates_takes_the_bodys_period():
    text = "Toàn tỉnh có 580 HTX\n\n15:30, 02/08/2022\n\nĐến cuối năm 2021, toàn tỉnh có 580 HTX.\n"
    assert [(c.quote, c.period) for c in extract_text(text, doc="t.txt").claims] == [
        ("580 HTX", "2021-12-31"), ("580 HTX", "2021-12-31")]


def test_without_a_published_date_a_present_fact_has_no_period():
    assert periods("Toàn tỉnh có 580 HTX.\n", head="Tiêu đề bài viết\n\n") == [("580 HTX", None)]


def test_every_period_is_valid_edtf_in_the_gold_export():
    from vnfacts.schemas.gold import to_gold

    gold = to_gold(extract_text(PUB + "Năm 2021, toàn tỉnh có 500 HTX.\n", doc="t.txt"))
    assert [c["period"] for c in gold["claims"]] == ["2021"]
