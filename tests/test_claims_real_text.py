"""Numbers as real news pages write them (issue: extraction on real text): fractions,
bare numbers whose noun stands earlier, multipliers, money without "đồng", foreign
currencies and measures, and the numbers that are no claims at all."""
from __future__ import annotations

import pytest

from vnfacts.extractors.pipeline import extract_text


def claims(sentence: str) -> list[tuple]:
    return [(c.quote, c.value, c.unit, c.counted) for c in extract_text(sentence, doc="t.txt").claims]


@pytest.mark.parametrize("sentence, expected", [
    ("Cả tỉnh có 139/143 hợp tác xã làm ăn có lãi.", ("139/143 hợp tác xã", 139, "count", "hợp tác xã")),
    ("Đã có 57/63 tỉnh, thành phố ban hành kế hoạch.", ("57/63 tỉnh, thành phố", 57, "count", "tỉnh, thành phố")),
    ("Liên minh vận động thành lập mới 11/15 HTX.", ("11/15 HTX", 11, "count", "hợp tác xã")),
])
def test_a_fraction_before_a_noun_counts_its_numerator(sentence, expected):
    assert claims(sentence) == [expected]


def test_a_fraction_after_a_share_verb_is_a_percentage():
    ((quote, value, unit, _),) = claims("Trong đó các HTX nông nghiệp chiếm 2/3.")
    assert (quote, unit) == ("2/3", "percent") and value == pytest.approx(200 / 3)


def test_a_fraction_in_words_is_a_percentage():
    assert claims("Ba phần tư số HTX có lãi.")[0][:3] == ("Ba phần tư", 75, "percent")


def test_a_day_and_month_before_a_name_stay_a_date():
    assert claims("Ngày 27/10 Liên minh HTX tỉnh tổ chức hội nghị.") == []


@pytest.mark.parametrize("sentence, expected", [
    ("Số HTX tăng từ 950 lên trên 1.200.", [("950", 950, "count", "hợp tác xã"), ("1.200", 1200, "count", "hợp tác xã")]),
    ("Nâng tổng số HTX đang hoạt động trên toàn tỉnh lên 558.", [("558", 558, "count", "hợp tác xã")]),
    ("Tổng số thành viên của các HTX là 4.202 người.", [("4.202 người", 4202, "count", "người")]),
    ("Tổng số thành viên của các HTX là 4.202 và doanh thu tăng.", [("4.202", 4202, "count", "thành viên")]),
    ("Có 252 trong tổng số 313 HTX nông nghiệp có lãi.",
     [("252", 252, "count", "hợp tác xã nông nghiệp"), ("313 HTX nông nghiệp", 313, "count", "hợp tác xã nông nghiệp")]),
])
def test_a_bare_number_counts_the_noun_named_before_it(sentence, expected):
    assert claims(sentence) == expected


def test_a_bare_number_without_a_subject_is_no_claim():
    assert claims("Đội bóng thắng với tỷ số là 3.") == []


def test_a_four_digit_count_after_a_verb_is_no_year():
    assert claims("Năm qua, các HTX tăng 2021 thành viên.") == [("2021 thành viên", 2021, "count", "thành viên")]
    assert claims("Đến năm 2021 thành viên HTX tăng mạnh.") == []


@pytest.mark.parametrize("sentence, quote, value", [
    ("Sản lượng tăng gấp 1,5 lần so với năm trước.", "1,5 lần", 1.5),
    ("Giá trị sản xuất tăng 19 lần.", "19 lần", 19),
])
def test_a_multiplier_is_a_claim_in_times(sentence, quote, value):
    assert claims(sentence) == [(quote, value, "lần", None)]


def test_occasions_are_not_multipliers():
    assert claims("Đoàn đã 3 lần tổ chức kiểm tra.") == []


@pytest.mark.parametrize("sentence, quote, value", [
    ("Mức lương bình quân 2 triệu/tháng.", "2 triệu", 2e6),
    ("Tổng vốn của HTX đạt 92.308 triệu.", "92.308 triệu", 92_308e6),
])
def test_money_without_dong_is_money_where_the_clause_is_about_money(sentence, quote, value):
    ((q, v, unit, _),) = claims(sentence)
    assert (q, v, unit) == (quote, value, "VND")


def test_the_low_end_of_a_money_range_takes_the_high_ends_unit():
    found = claims("Mức vốn tăng từ 60 triệu lên 500 triệu đồng.")
    assert [(q, v, u) for q, v, u, _ in found] == [("60 triệu", 60e6, "VND"), ("500 triệu đồng", 500e6, "VND")]


@pytest.mark.parametrize("sentence, quote, unit", [
    ("Mỗi kg hạt điều bán được 12 tệ.", "12 tệ", "CNY"),
    ("Khoản vay từ 1 - 10 triệu won.", "1 - 10 triệu won", "KRW"),
    ("Tuyến kênh mương dài 600 m.", "600 m", "m"),
])
def test_foreign_currencies_and_measures_are_units_not_counts(sentence, quote, unit):
    assert [(q, u) for q, _, u, _ in claims(sentence)] == [(quote, unit)]


@pytest.mark.parametrize("sentence", [
    "HTX đoạt giải hạng ba và mua thêm xe ba bánh.",
    "Gia đình bán rượu ba kích và thuê xe ba gác.",
    "Ba mẹ em đều là xã viên.",
    "Đoàn công tác sang Ba Lan gặp bà Ba.",
    "Cầu thủ mang áo số 10 ghi bàn ở phút 45.",
    "HTX có trụ sở tại hẻm 79 đường Lê Lợi, gần quốc lộ 14.",
    "Chương trình bắt đầu lúc 19 g 30 tối nay.",
    "12-05 Lãnh đạo tỉnh thăm hỏi người dân vùng lũ.",
    "Anh đứng thứ 3 trong bảng xếp hạng.",
])
def test_numbers_that_name_rank_or_time_are_no_claims(sentence):
    assert claims(sentence) == []


def test_page_chrome_of_comment_forms_gives_no_claim():
    facts = extract_text("HTX tăng trưởng mạnh\n\nTỉnh có 580 HTX.\n\nTối đa 500 ký tự\n0 bình luận\n", doc="t.txt")
    assert [c.quote for c in facts.claims] == ["580 HTX"]


def test_a_count_after_a_place_name_lists_that_place():
    found = claims("Dẫn đầu là Quảng Ninh với 152 HTX, Hà Nội 120 HTX và Yên Bái 110 HTX.")
    assert [q for q, *_ in found] == ["152 HTX", "120 HTX", "110 HTX"]


def test_a_rate_in_brackets_after_a_change_is_that_changes_rate():
    facts = extract_text("Số HTX là 851, tăng 183 hợp tác xã (khoảng 27%) so với năm 2021.", doc="t.txt")
    assert [(c.quote, c.change) for c in facts.claims][-2:] == [("183 hợp tác xã", "increase"), ("27%", "increase")]


def test_a_sentence_opening_on_an_estimate_gives_estimates():
    facts = extract_text("Ước tính đến 31/12/2020, toàn quốc có 26.112 HTX (trong đó 17.462 HTX nông nghiệp).", doc="t.txt")
    assert {c.qualifier for c in facts.claims} == {"approx"}
    facts = extract_text("Ước đến ngày 31/12/2024, tổng số HTX trên cả nước đạt 33.557 HTX.", doc="t.txt")
    assert {c.qualifier for c in facts.claims} == {"exact"}


def test_a_plan_the_province_has_is_a_target():
    facts = extract_text("Năm 2020, tỉnh có kế hoạch thành lập 23 HTX và giải thể 10 HTX yếu kém.", doc="t.txt")
    assert {c.modality for c in facts.claims} == {"target"}


def test_greater_than_or_equal_is_at_least():
    facts = extract_text("Có 32 HTX đạt tổng điểm đánh giá lớn hơn hoặc bằng 80 điểm.", doc="t.txt")
    assert [(c.quote, c.qualifier) for c in facts.claims][-1] == ("80 điểm", "at_least")


@pytest.mark.parametrize("sentence", [
    "Tỷ số 2-1 nghiêng về đội khách sau hiệp 2.",
    "Theo Điều 174 Bộ luật Hình sự, khoản 2 quy định rõ.",
    "Giống lúa OM 4900 được gieo sạ sớm.",
    "Chợ đông nhất vào ngày 28 Tết.",
])
def test_scores_provisions_varieties_and_festival_days_are_no_claims(sentence):
    assert claims(sentence) == []


@pytest.mark.parametrize("sentence, quote, unit", [
    ("Lực lượng thu giữ 1,967 gam ma túy đá.", "1,967 gam", "g"),
    ("Nhiệt độ ngoài trời lên tới 35 độ.", "35 độ", "độ"),
])
def test_weights_and_temperatures_are_measures(sentence, quote, unit):
    assert [(q, u) for q, _, u, _ in claims(sentence)] == [(quote, unit)]


def test_an_acting_office_is_a_title():
    facts = extract_text("Quyền Chủ tịch UBND tỉnh Cao Tường Huy chủ trì cuộc họp.", doc="t.txt")
    assert [(o.name, o.title) for o in facts.officials] == [("Cao Tường Huy", "Quyền Chủ tịch UBND tỉnh")]


def test_a_stored_pages_month_stamp_is_neither_headline_nor_claim():
    facts = extract_text(" date 2017-09 Báo cáo kinh tế tháng 9\nKim ngạch xuất khẩu đạt 30 tỷ USD.\n", doc="t.txt")
    assert facts.metadata.title == "Báo cáo kinh tế tháng 9"
    assert [c.quote for c in facts.claims] == ["30 tỷ USD"]


def test_twice_in_words_is_a_multiplier():
    facts = extract_text("Số lượng hợp tác xã tăng gần gấp đôi so với cùng kỳ.", doc="t.txt")
    assert [(c.quote, c.value, c.unit, c.qualifier, c.change) for c in facts.claims] == [
        ("gấp đôi", 2, "lần", "approx", "increase")]


def test_a_count_followed_by_what_it_will_do_is_a_target():
    facts = extract_text("600 đại biểu sẽ dự Đại hội toàn quốc Liên minh HTX.", doc="t.txt")
    assert [(c.quote, c.modality) for c in facts.claims] == [("600 đại biểu", "target")]


def test_the_highest_and_lowest_of_a_distribution_are_values_not_bounds():
    facts = extract_text("Có 20 HTX chia lợi nhuận, cao nhất 35 triệu đồng/người và thấp nhất 3,8 triệu đồng/người.",
                         doc="t.txt")
    assert [(c.quote, c.qualifier) for c in facts.claims][-2:] == [("35 triệu đồng", "exact"),
                                                                   ("3,8 triệu đồng", "exact")]
