"""Events: the occasions of the sector's activity an article reports (FORMAT.md "events")."""
from __future__ import annotations

import pytest

from vnfacts.extractors.pipeline import extract_text

HEAD = "Liên minh HTX tỉnh hoạt động sôi nổi\n\n15:30, 02/08/2022\n\n"


def events(body: str, head: str = HEAD) -> list[tuple]:
    return [(e.type, e.quote, e.date, e.province) for e in extract_text(head + body, doc="t.txt").events]


@pytest.mark.parametrize("body, kind, quote", [
    ("Ngày 13/7, Liên minh HTX tỉnh Thái Nguyên tổ chức Đại hội đại biểu lần thứ VI.\n", "congress", "Đại hội đại biểu"),
    ("Sáng 20/7, lãnh đạo tỉnh có buổi làm việc với Liên minh HTX tỉnh Thái Nguyên.\n", "meeting", "buổi làm việc"),
    ("Ngày 15/7, Liên minh HTX tỉnh Thái Nguyên khai giảng lớp tập huấn cho 50 học viên.\n", "training", "lớp tập huấn"),
    ("Ngày 10/7, hội chợ nông sản của các HTX khai mạc tại tỉnh Thái Nguyên.\n", "trade_promotion", "hội chợ"),
    ("Ngày 16/7, Liên minh HTX tỉnh Thái Nguyên tổ chức Lễ ra mắt HTX Chè Tân Hương.\n", "founding", "Lễ ra mắt"),
    ("Ngày 16/7, Liên minh HTX tỉnh Thái Nguyên tổ chức lễ ký kết quy chế phối hợp với Hội Nông dân.\n",
     "agreement", "lễ ký kết"),
])
def test_each_kind_of_occasion_is_an_event_dated_in_the_articles_year(body, kind, quote):
    assert (kind, quote, f"2022-07-{body[5:7].strip('/ ').zfill(2)}", "Thái Nguyên") in events(body)


def test_the_same_occasion_told_in_headline_lead_and_body_is_one_event():
    text = ("Hội nghị tổng kết kinh tế tập thể năm 2021\n\n15:30, 02/08/2022\n\n"
            "Ngày 20/7, UBND tỉnh Thái Nguyên tổ chức hội nghị tổng kết kinh tế tập thể.\n\n"
            "Phát biểu tại hội nghị, ông Nguyễn Văn An, Chủ tịch UBND tỉnh, đánh giá cao các HTX.\n")
    facts = extract_text(text, doc="t.txt")
    assert [(e.type, e.quote, e.date) for e in facts.events] == [("meeting", "Hội nghị", "2022-07-20")]
    assert facts.events[0].officials == ["Nguyễn Văn An"]


@pytest.mark.parametrize("body", [
    "Năm qua, Liên minh HTX tỉnh đã tổ chức 15 lớp tập huấn cho cán bộ HTX.\n",   # a count: a claim
    "Sau Đại hội lần thứ V, Liên minh HTX tỉnh đã có nhiều đổi mới.\n",            # a time, not an occasion
    "Toàn tỉnh thành lập mới 56 HTX trong năm 2021.\n",                             # a batch: a claim
    "Tỉnh cần đẩy mạnh công tác tập huấn và xúc tiến thương mại cho các HTX.\n",    # a policy
])
def test_counts_times_batches_and_policies_are_no_events(body):
    assert events(body) == []


def test_a_founding_told_as_background_is_an_event_of_its_year():
    body = "HTX Hợp Lực được thành lập từ năm 2012, hiện có 29 thành viên.\n"
    assert events(body) == [("founding", "thành lập", "2012", None)]


def test_an_occasion_without_a_year_anywhere_has_no_date():
    assert events("Sáng 25-11, Liên minh HTX tổ chức Đại hội đại biểu lần thứ VI.\n",
                  head="Đại hội Liên minh HTX\n\n")[0][2] is None


def test_a_founding_told_in_headline_and_body_is_one_and_a_batch_told_as_founded_is_none():
    text = ("Xã Phú Phụng thành lập hợp tác xã nông nghiệp\n\n15:30, 22/05/2018\n\n"
            "UBND xã vừa tổ chức hội nghị thành lập Hợp tác xã (HTX) nông nghiệp Phú Phụng.\n\n"
            "Trong năm, toàn tỉnh có 2 hợp tác xã được thành lập mới.\n")
    assert [(e.type, e.quote) for e in extract_text(text, doc="t.txt").events] == [("founding", "thành lập")]


def test_support_handed_over_with_its_sum_is_an_event_and_support_in_general_is_not():
    assert events("Ngày 16-1, Liên minh HTX tỉnh hỗ trợ 3.000 USD cho HTX ngư nghiệp Vĩnh Hy.\n")[0][:2] == \
        ("financial_support", "hỗ trợ")
    assert events("Tỉnh tiếp tục hỗ trợ các HTX tiếp cận thị trường.\n") == []


def test_habitual_activities_and_counts_of_support_are_no_occasions():
    assert events("Hoạt động xúc tiến thương mại thường xuyên được Liên minh HTX tỉnh tổ chức.\n") == []
    assert events("Đơn vị đã tư vấn, hỗ trợ 44 lượt HTX được vay vốn ưu đãi.\n") == []


def test_a_leaders_inspection_of_a_cooperatives_field_is_a_visit():
    body = "Lãnh đạo Liên minh HTX tỉnh kiểm tra cánh đồng cà rốt của HTX Đồng Lạc.\n"
    assert [e[:2] for e in events(body)] == [("visit", "kiểm tra")]


def test_the_board_elected_at_a_founding_took_part_in_it():
    text = ("Xã Phú Phụng thành lập hợp tác xã nông nghiệp\n\n15:30, 22/05/2018\n\n"
            "UBND xã vừa tổ chức hội nghị thành lập HTX Nông nghiệp Phú Phụng.\n\n"
            "Ông Trần Văn Sở được bầu làm Chủ tịch Hội đồng quản trị HTX.\n")
    (event,) = extract_text(text, doc="t.txt").events
    assert event.officials == ["Trần Văn Sở"]


def test_a_venue_named_after_an_occasion_is_no_occasion_and_days_of_a_month_are_an_interval():
    body = ("Đại hội đại biểu toàn quốc Liên minh HTX Việt Nam sẽ được tổ chức trong 2 ngày 21 - 22/12 "
            "tại Trung tâm Hội nghị Quốc gia.\n")
    assert [(e[0], e[2]) for e in events(body)] == [("congress", "2022-12-21/2022-12-22")]
