"""The number grammar on Vietnamese news phrasing: values, spans, units, ranges,
qualifiers, and the numbers that are not quantities (years, dates, times, codes ...)."""
from __future__ import annotations

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vnfacts.extractors.numbers import Quantity, find_quantities, format_vietnamese, parse_number


def quantity_spelled(text: str, span: str) -> Quantity:
    """The one quantity of ``text`` whose span is exactly ``span``."""
    found = [q for q in find_quantities(text) if text[q.start:q.end] == span]
    assert found, f"no span {span!r} in {[(text[q.start:q.end], q.kind) for q in find_quantities(text)]}"
    assert len(found) == 1
    return found[0]


def spans_of_kind(text: str, kind: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quantities(text) if q.kind == kind]


# --------------------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("1.909", 1909), ("36,6", 36.6), ("152.730", 152730), ("3.000.000", 3_000_000), ("02", 2),
    ("100000", 100000), (",77", 0.77), ("01,10", 1.1), ("41.000", 41000), ("1.5", 1.5),
    ("1.234.567,89", 1234567.89), ("100K", 100_000), ("1,2M", 1_200_000), (",0012G", 1_200_000),
    ("-1200000", -1_200_000), ("- 1.200.000", -1_200_000), ("âm 1.200.000", -1_200_000),
    ("không", 0), ("một", 1), ("mười", 10), ("trăm", 100), ("hai chục", 20), ("hai mươi", 20),
    ("hai mươi lăm", 25), ("hai mươi tư", 24), ("hai mươi mốt", 21), ("mười lăm", 15), ("mười bốn", 14),
    ("năm mươi lăm", 55), ("một trăm linh năm", 105), ("hai trăm lẻ tư", 204), ("chín trăm chín mươi chín", 999),
    ("hai mươi mốt nghìn không trăm mười một", 21011),
    ("bảy trăm hai mươi mốt nghìn không trăm mười hai", 721012),
    ("42 nghìn", 42000), ("98,4 tỷ", 98.4e9), ("1 tỷ 200 triệu", 1.2e9), ("5 nghìn", 5000),
    ("hai trăm ngàn", 200_000), ("một tỉ", 1e9), ("hai nghìn tỷ", 2e12), ("ba triệu năm trăm nghìn", 3_500_000),
    ("2 chấm 23", 2.23), ("hai phẩy 23", 2.23), ("một chấm ba", 1.3), ("2 phẩy 5 triệu", 2.5e6),
])
def test_parse_number_reads_vietnamese_numbers(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", [
    "", "HTX", "mười năm", "hai trăm năm", "1.50.000", "1,2,3", "năm 2019", "mươi", "200 triệu 1 tỷ", "5 năm",
])
def test_parse_number_rejects_what_is_not_one_number(text):
    assert parse_number(text) is None


def test_parse_number_keeps_big_money_exact():
    assert parse_number("98,4 tỷ") == 98_400_000_000


# --------------------------------------------------------------------------------------
# find_quantities: quantities
# --------------------------------------------------------------------------------------
# (sentence, span, value, value_max, unit, qualifier, qualifier words before the span)
QUANTITIES = [
    # the seed articles
    ("Địa bàn thành phố Hà Nội có 1.909 hợp tác xã.", "1.909", 1909, None, None, "exact", ""),
    ("với tổng số tiền hơn 98,4 tỷ đồng.", "98,4 tỷ đồng", 98.4e9, None, "VND", "more_than", "hơn"),
    ("toàn tỉnh có 56 HTX thành lập, gần 100 HTX giải thể", "100", 100, None, None, "approx", "gần"),
    ("tăng cao với 56% số HTX đạt loại khá", "56%", 56, None, "percent", "exact", ""),
    ("36,6% số HTX đạt trung bình.", "36,6%", 36.6, None, "percent", "exact", ""),
    ("Mỗi năm thành lập từ 10 - 20 HTX, trong đó", "10 - 20", 10, 20, None, "range", "từ"),
    ("Trên 50% số cán bộ chủ chốt HTX được đào tạo", "50%", 50, None, "percent", "more_than", "Trên"),
    ("đặt mục tiêu mỗi năm thành lập từ 20 HTX trở lên;", "20", 20, None, None, "at_least", "từ"),
    ("Đến năm 2025, tỉnh xây dựng 10 - 15  HTX điển hình", "10 - 15", 10, 15, None, "range", ""),
    ("có ít nhất 70% số HTX đạt khá giỏi", "70%", 70, None, "percent", "at_least", "ít nhất"),
    ("Tốc độ tăng trưởng của các HTX từ 7 - 8%, mức đóng góp", "7 - 8%", 7, 8, "percent", "range", "từ"),
    ("vào GRDP của tỉnh đạt khoảng 8%/năm.", "8%", 8, None, "percent", "approx", "khoảng"),
    ("giao thực hiện từ 02 đến 15 nhiệm vụ về quản lý", "02 đến 15", 2, 15, None, "range", "từ"),
    ("tuyên truyền cho 152.730 lượt người;", "152.730", 152730, None, None, "exact", ""),
    ("tổ chức 471 hội nghị, hội thảo với 41.000 người tham gia", "41.000", 41000, None, None, "exact", ""),
    ("hơn 580 hợp tác xã hoạt động với hơn 42 nghìn thành viên", "42 nghìn", 42000, None, None, "more_than", "hơn"),
    ("đến cuối năm 2025 phát triển thêm năm liên hiệp HTX;", "năm", 5, None, None, "exact", ""),
    ("tỷ lệ HTX hoạt động hiệu quả đạt hơn 65%;", "65%", 65, None, "percent", "more_than", "hơn"),
    ("thu nhập bình quân hằng năm tăng từ 10% trở lên...", "10%", 10, None, "percent", "at_least", "từ"),
    ("đóng góp được hơn 100 tỷ đồng phục vụ", "100 tỷ đồng", 100e9, None, "VND", "more_than", "hơn"),
    ("Phấn đấu thành lập 50 tổ hợp tác trở lên.", "50", 50, None, None, "at_least", ""),
    ("Hơn 80% số HTX hoạt động ổn định.", "80%", 80, None, "percent", "more_than", "Hơn"),
    # counts
    ("Năm 2023, cả nước có 31.146 HTX.", "31.146", 31146, None, None, "exact", ""),
    ("Tỉnh có 1 Liên hiệp HTX và 633 HTX.", "633", 633, None, None, "exact", ""),
    ("Có 339 HTX nông nghiệp.", "339", 339, None, None, "exact", ""),
    ("thu hút 1,2 triệu thành viên", "1,2 triệu", 1.2e6, None, None, "exact", ""),
    ("có hai mươi lăm người tham dự", "hai mươi lăm", 25, None, None, "exact", ""),
    ("Năm HTX được khen thưởng.", "Năm", 5, None, None, "exact", ""),
    ("kết nạp thêm mười hai thành viên", "mười hai", 12, None, None, "exact", ""),
    ("có hai trăm hộ tham gia", "hai trăm", 200, None, None, "exact", ""),
    ("tổng số 500 HTX trên địa bàn", "500", 500, None, None, "exact", ""),
    ("trên địa bàn 5 huyện", "5", 5, None, None, "exact", ""),
    ("thành lập mới 1.234 HTX, 2.019 tổ hợp tác", "2.019", 2019, None, None, "exact", ""),
    ("tăng -5 HTX so với cùng kỳ", "-5", -5, None, None, "exact", ""),
    # money
    ("Tổng vốn đạt 500 triệu đồng.", "500 triệu đồng", 500e6, None, "VND", "exact", ""),
    ("doanh thu 2 triệu USD mỗi năm", "2 triệu USD", 2e6, None, "USD", "exact", ""),
    ("hỗ trợ 1 tỷ 200 triệu đồng cho HTX", "1 tỷ 200 triệu đồng", 1.2e9, None, "VND", "exact", ""),
    ("giá 10.000 đồng một kg", "10.000 đồng", 10000, None, "VND", "exact", ""),
    ("giá bán 35.000đ/kg", "35.000đ", 35000, None, "VND", "exact", ""),
    ("mức phí 1000 VNĐ", "1000 VNĐ", 1000, None, "VND", "exact", ""),
    ("chỉ VND1000 mỗi lượt", "VND1000", 1000, None, "VND", "exact", ""),
    ("vé $10 một người", "$10", 10, None, "USD", "exact", ""),
    ("khoản vay ba tỷ đồng", "ba tỷ đồng", 3e9, None, "VND", "exact", ""),
    ("cấp một tỷ đồng cho quỹ", "một tỷ đồng", 1e9, None, "VND", "exact", ""),
    ("kim ngạch gần 1.000 tỷ đồng", "1.000 tỷ đồng", 1e12, None, "VND", "approx", "gần"),
    ("vốn điều lệ hơn 1 nghìn tỷ đồng", "1 nghìn tỷ đồng", 1e12, None, "VND", "more_than", "hơn"),
    ("lãi 2 phẩy 5 triệu đồng", "2 phẩy 5 triệu đồng", 2.5e6, None, "VND", "exact", ""),
    ("giá 20€ một hộp", "20€", 20, None, "EUR", "exact", ""),
    ("thu nhập 120 - 150 triệu đồng/người/năm", "120 - 150 triệu đồng", 120e6, 150e6, "VND", "range", ""),
    ("vay từ 500 triệu đến 1 tỷ đồng", "500 triệu đến 1 tỷ đồng", 500e6, 1e9, "VND", "range", "từ"),
    ("mỗi dự án 1 - 2 tỷ đồng", "1 - 2 tỷ đồng", 1e9, 2e9, "VND", "range", ""),
    ("lương mỗi tháng 5 triệu đồng", "5 triệu đồng", 5e6, None, "VND", "exact", ""),
    ("hỗ trợ tối đa 300 triệu đồng mỗi HTX", "300 triệu đồng", 300e6, None, "VND", "at_most", "tối đa"),
    # percents
    ("chiếm 56 phần trăm", "56 phần trăm", 56, None, "percent", "exact", ""),
    ("tăng 12 %", "12 %", 12, None, "percent", "exact", ""),
    ("tăng trưởng năm phần trăm", "năm phần trăm", 5, None, "percent", "exact", ""),
    ("đạt 7% - 8%", "7% - 8%", 7, 8, "percent", "range", ""),
    ("chưa đến 10% số HTX", "10%", 10, None, "percent", "less_than", "chưa đến"),
    ("tỷ lệ xấp xỉ 40%", "40%", 40, None, "percent", "approx", "xấp xỉ"),
    ("giảm dưới 5%", "5%", 5, None, "percent", "less_than", "dưới"),
    ("tăng vượt 20%", "20%", 20, None, "percent", "more_than", "vượt"),
    ("từ 30% trở xuống", "30%", 30, None, "percent", "at_most", "từ"),
    # ranges
    ("có 10-20 HTX", "10-20", 10, 20, None, "range", ""),
    ("có 10 – 20 HTX", "10 – 20", 10, 20, None, "range", ""),
    ("có từ 2 - 3 mô hình", "2 - 3", 2, 3, None, "range", "từ"),
    ("khoảng 1.000-2.000 hộ", "1.000-2.000", 1000, 2000, None, "range", "khoảng"),
    ("giữa 1000 và 2000 đồng", "1000 và 2000 đồng", 1000, 2000, "VND", "range", "giữa"),
    ("có 10 - 20 nghìn người", "10 - 20 nghìn", 10000, 20000, None, "range", ""),
    # qualifiers
    ("khoảng chừng 20 người", "20", 20, None, None, "approx", "khoảng chừng"),
    ("ước đạt 300 HTX", "300", 300, None, None, "approx", "ước đạt"),
    ("ước tính 40 HTX", "40", 40, None, None, "approx", "ước tính"),
    ("trên dưới 50 người", "50", 50, None, None, "approx", "trên dưới"),
    ("chừng 30 HTX", "30", 30, None, None, "approx", "chừng"),
    ("tầm 30 HTX", "30", 30, None, None, "approx", "tầm"),
    ("nhiều hơn 40 HTX", "40", 40, None, None, "more_than", "nhiều hơn"),
    ("cao hơn 40 HTX", "40", 40, None, None, "more_than", "cao hơn"),
    ("tối thiểu 7 thành viên", "7", 7, None, None, "at_least", "tối thiểu"),
    ("không ít hơn 7 thành viên", "7", 7, None, None, "at_least", "không ít hơn"),
    ("chưa tới 10 HTX", "10", 10, None, None, "less_than", "chưa tới"),
    ("không đến 10 HTX", "10", 10, None, None, "less_than", "không đến"),
    ("ít hơn 10 HTX", "10", 10, None, None, "less_than", "ít hơn"),
    ("không quá 20 người", "20", 20, None, None, "at_most", "không quá"),
    ("nhiều nhất 20 người", "20", 20, None, None, "at_most", "nhiều nhất"),
    ("HTX có từ 30 thành viên trở xuống", "30", 30, None, None, "at_most", "từ"),
    ("từ 20 HTX, trở lên là", "20", 20, None, None, "exact", ""),
    ("hỗ trợ từ 5 HTX", "5", 5, None, None, "exact", ""),
    ("hơn 2000 người", "2000", 2000, None, None, "more_than", "hơn"),
]


@pytest.mark.parametrize("text, span, value, value_max, unit, qualifier, qualifier_words", QUANTITIES,
                         ids=[c[0] for c in QUANTITIES])
def test_quantity_has_value_span_unit_and_qualifier(text, span, value, value_max, unit, qualifier,
                                                   qualifier_words):
    q = quantity_spelled(text, span)
    assert q.kind == "quantity"
    assert q.value == pytest.approx(value, rel=1e-12)
    assert (q.value_max is None) == (value_max is None)
    if value_max is not None:
        assert q.value_max == pytest.approx(value_max, rel=1e-12)
    assert q.unit == unit
    assert q.qualifier == qualifier
    assert text[q.qualifier_start:q.start].strip() == qualifier_words


@pytest.mark.parametrize("text, span", [
    ("năm liên hiệp HTX", "năm"), ("hai mươi lăm người", "hai mươi lăm"), ("ba tỷ đồng", "ba tỷ đồng"),
    ("một trăm hộ", "một trăm"),
])
def test_numbers_in_words_are_flagged(text, span):
    assert quantity_spelled(text, span).in_words


def test_numbers_in_digits_are_not_flagged():
    assert not quantity_spelled("có 42 nghìn người", "42 nghìn").in_words


# --------------------------------------------------------------------------------------
# find_quantities: what is not a quantity
# --------------------------------------------------------------------------------------
NOT_QUANTITIES = [
    # (sentence, span, kind)
    ("15:01' - 13/08/2019", "15:01'", "time"),
    ("15:01' - 13/08/2019", "13/08/2019", "date"),
    ("THỨ SÁU, 29/05/2020 07:00:10", "29/05/2020", "date"),
    ("THỨ SÁU, 29/05/2020 07:00:10", "07:00:10", "time"),
    ("THỨ SÁU, 29/05/2020 07:00:10", "SÁU", "ordinal"),
    ("Thứ Sáu, 20/11/2020, 18:59 - Chia sẻ", "18:59", "time"),
    ("Thứ Sáu, 20/11/2020, 18:59 - Chia sẻ", "20/11/2020", "date"),
    ("so với cùng kỳ năm 2018.", "2018", "year"),
    ("giảm nghèo bền vững giai đoạn 2016 - 2020,", "2016 - 2020", "year"),
    ("trong nhiệm kỳ 2016 – 2020, hệ thống", "2016 – 2020", "year"),
    ("Giai đoạn 2020-2025, Liên minh", "2020-2025", "year"),
    ("Giai đoạn 2021 - 2025, Thái Nguyên", "2021 - 2025", "year"),
    ("đến cuối năm 2025 phát triển", "2025", "year"),
    ("theo Luật Hợp tác xã năm 2012.", "2012", "year"),
    ("Luật HTX 2012 quy định", "2012", "year"),
    ("từ 2016 đến 2020", "2016 đến 2020", "year"),
    ("Copyright 2013 vca.org.vn", "2013", "year"),
    ("Sáng 25-11, đồng chí Đặng Huy Hậu", "25-11", "date"),
    ("Giấy phép số: 239/GP-TTDT ngày 11 tháng 12 năm 2020 của Cục", "239/GP-TTDT", "code"),
    ("Giấy phép số: 239/GP-TTDT ngày 11 tháng 12 năm 2020 của Cục", "11 tháng 12 năm 2020", "date"),
    ("Ngày 13/8, tại buổi làm việc", "13/8", "date"),
    ("trong tháng 8/2019 có", "8/2019", "date"),
    ("từ tháng 12 năm ngoái", "12", "date"),
    ("ngày 13 tháng 8", "13 tháng 8", "date"),
    ("Nghị định 12/2020/NĐ-CP của Chính phủ", "12/2020/NĐ-CP", "code"),
    ("Nghị quyết số 68-NQ/TW", "68-NQ/TW", "code"),
    ("trụ sở tại số 68 đường Lê Lợi", "68", "code"),
    ("đại dịch COVID-19 kéo dài", "19", "code"),
    ("các ca F1 được cách ly", "1", "code"),
    ("cách mạng công nghiệp 4.0", "4.0", "code"),
    ("mạng 5G phủ sóng", "5G", "code"),
    ("Quốc lộ 1A", "1A", "code"),
    ("khai mạc lúc 8h30 sáng nay", "8h30", "time"),
    ("bắt đầu 8 giờ 30 phút", "8 giờ 30 phút", "time"),
    ("điện thoại: 0912 345 678", "0912 345 678", "phone"),
    ("liên hệ 024.3823.4567", "024.3823.4567", "phone"),
    ("Đại hội lần thứ 2", "2", "ordinal"),
    ("vào thứ 5 hằng tuần", "5", "ordinal"),
    ("giải thứ nhất", "nhất", "ordinal"),
    ("Đại hội Liên minh lần thứ V.", "V", "ordinal"),
    ("Hội nghị lần thứ năm Ban Chấp hành", "năm", "ordinal"),
    ("trong quý I/2021", "I/2021", "date"),
    ("trong quý 3 năm 2020", "3 năm 2020", "date"),
    ("có 2/3 số HTX", "2/3", "fraction"),
]


@pytest.mark.parametrize("text, span, kind", NOT_QUANTITIES, ids=[f"{c[2]}:{c[1]}" for c in NOT_QUANTITIES])
def test_not_quantities_have_their_kind(text, span, kind):
    assert quantity_spelled(text, span).kind == kind


@pytest.mark.parametrize("text", [
    "15:01' - 13/08/2019",
    "THỨ SÁU, 29/05/2020 07:00:10",
    "Thứ Sáu, 20/11/2020, 18:59",
    "so với cùng kỳ năm 2018",
    "giai đoạn 2016 - 2020",
    "Sáng 25-11",
    "Giấy phép số: 239/GP-TTDT ngày 11 tháng 12 năm 2020",
    "Ngày 13/8",
    "Đại hội lần thứ V",
    "Năm nay HTX phát triển mạnh, năm qua cũng vậy.",
    "mỗi năm, hằng năm, hàng năm, cả năm, trong năm, cuối năm, đầu năm",
    "kết quả công tác của năm và những tháng cuối năm",
    "năm học mới, năm tới, năm trước, năm sau, năm đó",
    "một số HTX còn yếu, một bộ phận cán bộ",
    "Còn có một bộ phận cán bộ chưa nhận thức rõ.",
    "bà con nông dân, bản làng, bàn bạc",
    "hàng trăm HTX, hàng chục hộ, vài ba người",
    "quận Hai Bà Trưng và quận Ba Đình",
    "ông Nguyễn Văn Ba cho biết",
    "Ông Năm cho biết, năm nay HTX có lãi.",
    "Đoàn kết - kỷ cương - bứt phá  - sáng tạo - hiệu quả",
    "không có HTX nào",
    "tư vấn, đầu tư, nămxx, bàn, bản, bà",
])
def test_no_quantity_in_words_that_are_not_numbers(text):
    kinds = {text[q.start:q.end]: q.kind for q in find_quantities(text)}
    assert [s for s, k in kinds.items() if k == "quantity"] == [], kinds


@pytest.mark.parametrize("text", ["3 đồng chí lãnh đạo", "2 đô thị loại I", "5 đồng bào"])
def test_unit_words_starting_other_words_are_no_unit(text):
    assert [(q.value, q.unit) for q in find_quantities(text)][0][1] is None


def test_year_is_never_a_quantity():
    for year in range(1900, 2101, 7):
        for text in (f"năm {year}", f"cuối năm {year}", f"Luật HTX {year}", f"{year}"):
            assert all(q.kind != "quantity" for q in find_quantities(text)), text


def test_year_after_digit_counted_five_years():
    # "5 năm qua": the count is 5 (digits), "năm" is the noun year
    assert [(q.value, q.in_words) for q in find_quantities("5 năm qua, Liên minh")] == [(5, False)]


def test_nam_as_five_but_not_as_year_in_one_sentence():
    text = "đến cuối năm 2025 phát triển thêm năm liên hiệp HTX"
    assert [(text[q.start:q.end], q.kind) for q in find_quantities(text)] == [("2025", "year"), ("năm", "quantity")]


def test_ranges_that_run_backwards_are_not_ranges():
    assert all(q.value_max is None for q in find_quantities("có 20 - 10 HTX"))


def test_qualifier_start_points_at_tu_of_a_range():
    text = "Mỗi năm thành lập từ 10 - 20 HTX"
    q = quantity_spelled(text, "10 - 20")
    assert text[q.qualifier_start:].startswith("từ 10")


def test_tren_as_preposition_is_not_a_qualifier():
    text = "hoạt động trên các lĩnh vực với 20 HTX"
    assert quantity_spelled(text, "20").qualifier == "exact"


def test_several_quantities_in_one_sentence_come_in_order():
    text = "Hiện toàn tỉnh có 1 Liên hiệp HTX, 633 HTX và 800 tổ hợp tác, trong đó có 339 HTX nông nghiệp"
    assert [q.value for q in find_quantities(text)] == [1, 633, 800, 339]


def test_sentence_without_numbers_gives_nothing_quickly():
    text = ("Kinh tế tập thể và hợp tác xã đã được quan tâm, có bước phát triển tích cực, đóng góp "
            "quan trọng cho kinh tế, xã hội Thủ đô.")
    assert find_quantities(text) == []
    n = 2000
    t0 = time.perf_counter()
    for _ in range(n):
        find_quantities(text)
    assert (time.perf_counter() - t0) / n < 1e-3  # generous; typically well under 0.2 ms


# --------------------------------------------------------------------------------------
# format_vietnamese and properties
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, decimals, text", [
    (1909, None, "1.909"), (36.6, None, "36,6"), (0, None, "0"), (1_000_000, None, "1.000.000"),
    (98.4e9, None, "98.400.000.000"), (0.77, None, "0,77"), (1234567.891, 2, "1.234.567,89"),
    (-1200000, None, "-1.200.000"), (5.0, None, "5"), (2.5, 0, "3"),
])
def test_format_vietnamese(value, decimals, text):
    assert format_vietnamese(value, decimals) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip_through_vietnamese_digits(n):
    assert parse_number(format_vietnamese(n)) == n


@given(st.integers(min_value=0, max_value=10**10), st.sampled_from([1, 2]))
def test_decimals_round_trip_through_vietnamese_digits(k, places):
    value = k / 10**places
    assert parse_number(format_vietnamese(value)) == value


_WORDS = ["HTX", "có", "năm", "hai", "mươi", "lăm", "một", "trăm", "nghìn", "tỷ", "đồng", "%", "từ", "đến",
          "-", "–", "hơn", "khoảng", "trở", "lên", "ngày", "tháng", "thứ", "số", "/", ":", ",", ".", "USD", "$",
          "2019", "13/8", "1.909", "36,6", "10", "20", "02", "8h30", "COVID-19", "F1", "4.0", "giữa", "và",
          "chấm", "phẩy", "âm", "0912", "345", "678", "giai đoạn", "lần", "V", "Ba", "Đình"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.sampled_from([" ", "", "  "]))
@example(words=["năm", "chấm", "năm", "nghìn", "năm"], sep=" ")  # a spoken decimal, a scale, then a word
def test_spans_lie_in_the_text_and_never_overlap(words, sep):
    text = sep.join(words)
    found = find_quantities(text)
    end = 0
    for q in found:
        assert 0 <= q.qualifier_start <= q.start < q.end <= len(text)
        assert q.start >= end
        end = q.end
        assert q.kind in {"quantity", "year", "date", "time", "code", "ordinal", "phone", "fraction"}
        assert q.qualifier in {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range"}


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_a_formatted_count_in_a_sentence_is_found_with_its_value(n):
    number = format_vietnamese(n)
    text = f"Toàn tỉnh có {number} thành viên."
    assert [(q.kind, q.value) for q in find_quantities(text)] == [("quantity", n)]
