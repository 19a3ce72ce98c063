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


# -- one example of each type, with the claims it tells ------------------------------------

NGHE_AN = "Tin hoạt động kinh tế tập thể\n\n08:00, 15/09/2023\n\n"


def told(body: str) -> list[tuple]:
    """(type, quote, date, province, quotes of the claims it tells) of each event."""
    facts = extract_text(NGHE_AN + body, doc="t.txt")
    return [(e.type, e.quote, e.date, e.province, [facts.claims[k].quote for k in e.claim_indexes])
            for e in facts.events]


@pytest.mark.parametrize("body, event", [
    ("Sáng 12/9, Liên minh HTX tỉnh Nghệ An tổ chức Đại hội đại biểu lần thứ VII với 180 đại biểu tham dự.\n",
     ("congress", "Đại hội đại biểu", "2023-09-12", "Nghệ An", ["180 đại biểu"])),
    ("Chiều 8/9, Liên minh HTX tỉnh Nghệ An tổ chức hội nghị sơ kết 6 tháng đầu năm với 120 đại biểu.\n",
     ("meeting", "hội nghị", "2023-09-08", "Nghệ An", ["120 đại biểu"])),
    ("Ngày 5/9, Liên minh HTX tỉnh Nghệ An khai giảng lớp tập huấn kỹ năng bán hàng trực tuyến cho 60 học viên.\n",
     ("training", "lớp tập huấn", "2023-09-05", "Nghệ An", ["60 học viên"])),
    ("Ngày 6/9, hội chợ sản phẩm OCOP của các HTX khai mạc tại tỉnh Nghệ An với 150 gian hàng.\n",
     ("trade_promotion", "hội chợ", "2023-09-06", "Nghệ An", ["150 gian hàng"])),
    ("Ngày 7/9, Quỹ hỗ trợ phát triển HTX tỉnh Nghệ An đã giải ngân 2 tỷ đồng cho HTX Nông nghiệp Diễn Thọ.\n",
     ("financial_support", "giải ngân", "2023-09-07", "Nghệ An", ["2 tỷ đồng"])),
    ("Ngày 9/9, Liên minh HTX tỉnh Nghệ An tổ chức lễ ra mắt HTX Nông nghiệp Hưng Tân với 12 thành viên.\n",
     ("founding", "lễ ra mắt", "2023-09-09", "Nghệ An", ["12 thành viên"])),
    ("Ngày 10/9, UBND tỉnh Nghệ An trao bằng khen cho 15 HTX tiêu biểu.\n",
     ("award", "bằng khen", "2023-09-10", "Nghệ An", ["15 HTX tiêu biểu"])),
    ("Ngày 11/9, Liên minh HTX tỉnh Nghệ An và Ngân hàng Nông nghiệp tỉnh ký kết thỏa thuận hợp tác "
     "với tổng hạn mức 500 tỷ đồng.\n",
     ("agreement", "ký kết", "2023-09-11", "Nghệ An", ["500 tỷ đồng"])),
    ("Ngày 13/9, đoàn công tác Liên minh HTX Việt Nam đến thăm HTX Nông nghiệp Diễn Thọ, tỉnh Nghệ An.\n",
     ("visit", "đến thăm", "2023-09-13", "Nghệ An", [])),
])
def test_each_type_of_occasion_is_one_event_with_the_claims_of_its_sentence(body, event):
    assert told(body) == [event]


@pytest.mark.parametrize("body", [
    "Năm 2022, Liên minh HTX tỉnh Nghệ An đã tổ chức 12 lớp tập huấn cho 600 cán bộ HTX.\n",  # an aggregate
    "Sau Đại hội lần thứ VI, Liên minh HTX tỉnh Nghệ An đã kiện toàn bộ máy.\n",             # a time
    "Trong năm, các HTX trên địa bàn đã tham gia nhiều hội chợ trong và ngoài tỉnh.\n",       # a plural
    "Hằng năm, Liên minh HTX tỉnh đều tổ chức hội nghị tổng kết.\n",                          # a habit
])
def test_aggregates_times_plurals_and_habits_are_no_events(body):
    assert told(body) == []


def test_a_founding_told_as_background_tells_the_claims_of_its_own_sentence():
    assert told("HTX Nông nghiệp Diễn Thọ được thành lập năm 2015, hiện có 45 thành viên.\n") == \
        [("founding", "thành lập", "2015", None, ["45 thành viên"])]


def test_a_day_belongs_to_the_first_occasion_its_sentence_tells():
    body = ("Ngày 13/8, tại buổi làm việc với Liên minh HTX tỉnh Nghệ An, Chủ tịch UBND tỉnh biểu dương "
            "những kết quả Liên minh đạt được.\n")
    assert [e[:2] for e in told(body)] == [("meeting", "buổi làm việc")]


# -- which claims an event tells --------------------------------------------------------

def test_a_paragraph_about_one_event_gives_it_its_claims_and_another_paragraph_does_not():
    body = ("Sáng 12/9, Liên minh HTX tỉnh Nghệ An tổ chức Đại hội đại biểu lần thứ VII. "
            "Có 180 đại biểu tham dự, thay mặt 520 HTX.\n\n"
            "Toàn tỉnh hiện có 1.200 HTX đang hoạt động.\n")
    assert told(body) == [("congress", "Đại hội đại biểu", "2023-09-12", "Nghệ An", ["180 đại biểu", "520 HTX"])]


def test_a_paragraph_that_tells_two_events_gives_neither_the_claims_of_its_other_sentences():
    body = ("Sáng 12/9, Liên minh HTX tỉnh Nghệ An tổ chức Đại hội đại biểu lần thứ VII. "
            "Chiều cùng ngày, UBND tỉnh trao bằng khen cho các HTX. Toàn tỉnh có 1.200 HTX.\n")
    assert [(e[0], e[4]) for e in told(body)] == [("congress", []), ("award", [])]


def test_in_a_sentence_that_tells_two_events_a_claim_belongs_to_the_one_told_before_it():
    body = ("Ngày 12/9, Liên minh HTX tỉnh Nghệ An tổ chức hội nghị tổng kết với 120 đại biểu "
            "và trao bằng khen cho 15 HTX.\n")
    assert [(e[0], e[4]) for e in told(body)] == [("meeting", ["120 đại biểu"]), ("award", ["15 HTX"])]


def test_a_founding_told_as_history_does_not_take_the_claims_of_its_paragraph():
    body = ("HTX Nông nghiệp Diễn Thọ được thành lập năm 2015 với 7 thành viên. "
            "Năm 2022, doanh thu của HTX đạt 3 tỷ đồng.\n")
    assert [(e[0], e[4]) for e in told(body)] == [("founding", ["7 thành viên"])]


def test_an_event_linking_a_claim_the_article_does_not_have_is_refused():
    from pydantic import ValidationError

    facts = extract_text(NGHE_AN + "Sáng 12/9, Liên minh HTX tỉnh Nghệ An tổ chức Đại hội với 180 đại biểu.\n",
                         doc="t.txt")
    data = facts.model_dump()
    data["events"][0]["claim_indexes"] = [len(facts.claims)]
    with pytest.raises(ValidationError, match="links claims"):
        type(facts).model_validate(data)
    data["events"][0]["claim_indexes"] = [0, 0]
    with pytest.raises(ValidationError, match="each once"):
        type(facts).model_validate(data)


def test_an_events_organisations_are_those_named_where_it_is_told_with_an_alliances_province():
    body = ("Ngày 20/5/2024, Liên minh HTX tỉnh Nghệ An tổ chức Hội nghị tổng kết với sự tham dự của "
            "Hợp tác xã Nông nghiệp Tân Phú.\n\nHTX Dịch vụ Hưng Lợi bán được 300 tấn gạo.")
    facts = extract_text(body, doc="org.txt")
    [meeting] = [e for e in facts.events if e.type == "meeting"]
    assert "Hợp tác xã Nông nghiệp Tân Phú" in meeting.organisations
    assert meeting.organisations[0] == "Liên minh Hợp tác xã tỉnh Nghệ An"  # the first named, the holder
    assert not any("Hưng Lợi" in o for o in meeting.organisations)  # named in another paragraph only


def test_an_organisation_named_again_with_words_run_on_is_listed_once():
    """The seed article's alliance is once caught with the name of the official after it
    ("... thành phố Hà Nội Lê Văn"): the event lists the alliance once."""
    from pathlib import Path

    path = Path(__file__).parents[1] / "corpus" / "000_85be5e72a3b64caf.txt"
    [meeting] = extract_text(path.read_text(encoding="utf-8"), doc=path.name).events
    assert meeting.organisations == ["Liên minh Hợp tác xã thành phố Hà Nội"]
