"""Claims: which numbers are claims, what they count, and how they are stated."""

import pytest
from paragraphs import Para

from vnfacts.extractors.claims import sentence_claims
from vnfacts.extractors.segment import segment


def claims_of(text, *, carried="actual", ref_year=2020, province="Hà Nội"):
    out = []
    for s in segment(text, [Para(0, 0, len(text))]):
        found, carried = sentence_claims(s, modality_carried=carried, ref_year=ref_year, province=province)
        out += [dict(quote=text[c.start:c.end], **{k: getattr(c, k) for k in (
            "value", "value_max", "unit", "counted", "qualifier", "modality", "change", "indicator",
            "province")}) for c in found]
    return out


def only(text, **kw):
    found = claims_of(text, **kw)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, quote, value, unit, counted", [
    ("Hà Nội có 1.909 hợp tác xã, tăng so với năm trước.", "1.909 hợp tác xã", 1909, "count", "hợp tác xã"),
    ("Toàn tỉnh có 339 HTX nông nghiệp, còn lại là HTX thương mại.", "339 HTX nông nghiệp", 339, "count",
     "hợp tác xã nông nghiệp"),
    ("Đơn vị đã hỗ trợ 44 lượt HTX được vay vốn.", "44 lượt HTX", 44, "count", "lượt hợp tác xã"),
    ("Hiện có 800 tổ hợp tác, trong đó nhiều tổ hoạt động tốt.", "800 tổ hợp tác", 800, "count", "tổ hợp tác"),
    ("Có 800 THT đang hoạt động.", "800 THT", 800, "count", "tổ hợp tác"),
    ("Tuyên truyền cho 152.730 lượt người trong năm.", "152.730 lượt người", 152730, "count", "lượt người"),
    ("Tỉnh có hơn 42 nghìn thành viên và người lao động.", "42 nghìn thành viên và người lao động", 42000,
     "count", "thành viên và người lao động"),
    ("Tổ chức 471 hội nghị, hội thảo với nhiều người tham gia.", "471 hội nghị, hội thảo", 471, "count",
     "hội nghị, hội thảo"),
    ("Đăng tải 36.176 tin, bài, phóng sự về kinh tế tập thể.", "36.176 tin, bài, phóng sự", 36176, "count",
     "tin, bài, phóng sự"),
    ("Đoàn đã học tập tại 15 tỉnh, thành phố trong cả nước.", "15 tỉnh, thành phố", 15, "count",
     "tỉnh, thành phố"),
    ("Ban hành 352 văn bản chỉ đạo, hướng dẫn các đơn vị.", "352 văn bản", 352, "count", "văn bản"),
    ("Tổng vốn vay đạt 98,4 tỷ đồng.", "98,4 tỷ đồng", 98.4e9, "VND", "vốn vay"),
    ("Dự án có tổng vốn 2 triệu USD.", "2 triệu USD", 2e6, "USD", "vốn"),
    ("Có 56% số HTX đạt loại khá.", "56%", 56, "percent", "hợp tác xã"),
    ("Khoảng 36,6% số HTX đạt trung bình.", "36,6%", 36.6, "percent", "hợp tác xã"),
    ("Diện tích chè đạt 1.200 ha.", "1.200 ha", 1200, "ha", None),
    ("Sản lượng đạt 500 tấn mỗi năm.", "500 tấn", 500, "tấn", None),
    ("Tỉnh có 1 Liên hiệp HTX đang hoạt động.", "1 Liên hiệp HTX", 1, "count", "liên hiệp hợp tác xã"),
    ("Năm nay phát triển thêm năm liên hiệp HTX.", "năm liên hiệp HTX", 5, "count", "liên hiệp hợp tác xã"),
    ("Huyện có hai mươi lăm hộ tham gia.", "hai mươi lăm hộ", 25, "count", "hộ"),
    ("Cả nước phấn đấu có 140.000 tổ hợp tác, bảo đảm chất lượng.", "140.000 tổ hợp tác", 140000, "count",
     "tổ hợp tác"),
    ("Tỉnh mở 15 lớp tập huấn cho cán bộ.", "15 lớp tập huấn", 15, "count", "lớp tập huấn"),
    ("Mở rộng thêm 100 điểm bán và nâng số HTX đối tác.", "100 điểm bán", 100, "count", "điểm bán"),
    ("- Phát triển 50 tổ hợp tác;", "50 tổ hợp tác", 50, "count", "tổ hợp tác"),
    ("HTX có ba xưởng chế biến chè.", "ba xưởng chế biến chè", 3, "count", "xưởng chế biến chè"),
    ("Toàn tỉnh có 200 HTX ứng dụng công nghệ cao.", "200 HTX", 200, "count", "hợp tác xã"),
    ("Vẫn còn 6 địa phương chưa thành lập quỹ.", "6 địa phương", 6, "count", "địa phương"),
    ("Hiện có 57 tỉnh, thành phố đã thành lập Quỹ.", "57 tỉnh, thành phố", 57, "count", "tỉnh, thành phố"),
    ("Liên minh có 5 phòng, ban trực thuộc.", "5 phòng, ban", 5, "count", "phòng, ban"),
    ("HTX thu hút 35 lao động địa phương.", "35 lao động", 35, "count", "lao động"),
    ("Toàn tỉnh có 6 địa phương đã thành lập quỹ.", "6 địa phương", 6, "count", "địa phương"),
    ("HTX kết nạp thêm 100 thành viên mới.", "100 thành viên", 100, "count", "thành viên"),
    ("Tỉnh xây dựng 12 HTX kiểu mới gắn với chuỗi giá trị.", "12 HTX kiểu mới", 12, "count",
     "hợp tác xã kiểu mới"),
    ("Tổ có 23 chị em người Mông tham gia.", "23 chị em", 23, "count", "chị em"),
    ("Hội chợ có 300 gian hàng giới thiệu sản phẩm.", "300 gian hàng", 300, "count", "gian hàng"),
    ("Tuyên truyền cho 500 lượt người trong năm.", "500 lượt người", 500, "count", "lượt người"),
])
def test_a_number_with_its_counted_noun_or_unit_is_a_claim(text, quote, value, unit, counted):
    c = only(text)
    assert (c["quote"], c["value"], c["unit"], c["counted"]) == (quote, pytest.approx(value), unit, counted)


@pytest.mark.parametrize("text", [
    "5 năm qua, Liên minh HTX tỉnh có nhiều đổi mới.",
    "Trong 7 tháng qua, kinh tế tập thể ổn định.",
    "Tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 khóa IX.",
    "Sơ kết 05 năm thực hiện Luật hợp tác xã năm 2012.",
    "Ngày 13/8, tại buổi làm việc với Liên minh.",
    "Sáng 25-11, đồng chí chủ trì buổi làm việc.",
    "Luật Hợp tác xã năm 2012 có hiệu lực.",
    "Giai đoạn 2016 - 2020 có nhiều đổi mới.",
    "Còn có một bộ phận cán bộ chưa nhận thức rõ.",
    "Kế hoạch năm 2019 đã được thông qua.",
    "Đại hội lần thứ V của Liên minh.",
    "Chương trình mỗi năm một sản phẩm.",
])
def test_dates_years_durations_ordinals_and_articles_are_not_claims(text):
    assert claims_of(text) == []


@pytest.mark.parametrize("text, quote, qualifier, value_max", [
    ("Toàn tỉnh có gần 100 HTX giải thể.", "100 HTX", "approx", None),
    ("Tỉnh hiện có hơn 580 hợp tác xã.", "580 hợp tác xã", "more_than", None),
    ("Trên 50% số cán bộ được đào tạo.", "50%", "more_than", None),
    ("Mỗi năm thành lập từ 10 - 20 HTX.", "10 - 20 HTX", "range", 20),
    ("Giao thực hiện từ 02 đến 15 nhiệm vụ quản lý.", "02 đến 15 nhiệm vụ quản lý", "range", 15),
    ("Mỗi năm thành lập từ 20 HTX trở lên.", "20 HTX", "at_least", None),
    ("Có ít nhất 70% số HTX đạt khá giỏi.", "70%", "at_least", None),
    ("Thu hút khoảng 300 hộ dân tham gia.", "300 hộ dân", "approx", None),
    ("Có dưới 30 HTX hoạt động yếu.", "30 HTX", "less_than", None),
    ("Mức cho vay tối đa đối với mỗi dự án là 2 tỷ đồng.", "2 tỷ đồng", "at_most", None),
    ("Hợp tác xã canh tác trên 25 ha rau.", "25 ha", "exact", None),
    ("Diện tích lúa của tỉnh đạt trên 25 ha.", "25 ha", "more_than", None),
])
def test_qualifiers_are_read_from_the_words_around_the_number(text, quote, qualifier, value_max):
    c = only(text)
    assert (c["quote"], c["qualifier"], c["value_max"]) == (quote, qualifier, value_max)


@pytest.mark.parametrize("text, modality", [
    ("Liên minh đặt mục tiêu thành lập mới 50 hợp tác xã.", "target"),
    ("Tỉnh phấn đấu mỗi năm thành lập mới từ 30 HTX trở lên.", "target"),
    ("Đến năm 2025, tỉnh xây dựng 10 - 15 HTX điển hình.", "target"),
    ("Dự kiến năm tới có thêm 20 HTX.", "target"),
    ("Chỉ tiêu năm nay là 40 HTX thành lập mới.", "target"),
    ("Năm 2023, Quỹ đặt kế hoạch giải ngân 250 tỷ đồng.", "target"),
    ("Hà Nội có 1.909 hợp tác xã, tăng 46 hợp tác xã so với cùng kỳ năm 2018.", "actual"),
    ("Liên minh đã thực hiện chương trình mục tiêu quốc gia ở 61 huyện nghèo.", "actual"),
    ("Năm 2019, tỉnh đã hoàn thành mục tiêu thành lập 50 HTX.", "actual"),
    ("Toàn tỉnh hiện có 1.772 mô hình, góp phần thực hiện các tiêu chí, chỉ tiêu nông thôn mới.", "actual"),
    ("Sau 2 năm triển khai Chương trình nông thôn mới giai đoạn 2021-2025, tỉnh có 52 xã đạt chuẩn.", "actual"),
    ("Liên minh sẽ rà soát dữ liệu, vì vẫn còn khoảng 70 HTX chưa cập nhật thông tin.", "actual"),
    ("Năm 2025, tỉnh đề ra các chỉ tiêu chủ yếu: thành lập mới 60 HTX.", "target"),
])
def test_targets_are_told_from_facts(text, modality):
    assert {c["modality"] for c in claims_of(text)} == {modality}


def test_a_statistics_release_listing_its_main_indicators_reports_results():
    """"chỉ tiêu" is a target and also an indicator: "Một số chỉ tiêu chủ yếu như sau:"."""
    text = "Một số chỉ tiêu chủ yếu như sau: số HTX đang hoạt động là 248 HTX, tăng 8,2%."
    assert [c["modality"] for c in claims_of(text)] == ["actual", "actual"]
    assert {c["modality"] for c in claims_of("Chỉ tiêu thống kê cho thấy có 248 HTX.")} == {"actual"}


def test_a_target_carries_over_the_paragraph_until_a_fact_is_stated():
    text = ("Giai đoạn 2020-2025, Liên minh đặt mục tiêu mỗi năm thành lập từ 20 HTX trở lên. "
            "Hơn 80% số HTX hoạt động ổn định. Kết quả, năm 2019 đã có 60 HTX thành lập.")
    assert [c["modality"] for c in claims_of(text)] == ["target", "target", "actual"]


@pytest.mark.parametrize("text, change", [
    ("Hà Nội có 1.909 hợp tác xã, tăng 46 hợp tác xã so với cùng kỳ.", [None, "increase"]),
    ("Đến cuối năm 2025 phát triển thêm năm liên hiệp HTX.", ["increase"]),
    ("Thu nhập hằng năm tăng từ 10% trở lên.", ["increase"]),
    ("Tốc độ tăng trưởng của các HTX từ 7 - 8%, mức đóng góp vào GRDP đạt khoảng 8%/năm.",
     ["increase", None]),
    ("Số HTX giảm 12 HTX so với năm trước.", ["decrease"]),
    ("Số HTX hoạt động hiệu quả tăng cao với 56% số HTX đạt loại khá.", [None]),
    ("Dư nợ cuối kỳ giảm 2,3 tỷ đồng so với đầu năm.", ["decrease"]),
])
def test_a_number_that_is_a_change_says_which_way(text, change):
    assert [c["change"] for c in claims_of(text)] == change


@pytest.mark.parametrize("text, change", [
    ("Tỷ lệ HTX hoạt động hiệu quả tăng từ 61% lên 68%.", [None, None]),
    ("Thu nhập của thành viên đã tăng từ 2,5 triệu đồng lên 4 triệu đồng/người/tháng.", [None, None]),
    ("Số HTX chưa có kế toán phải giảm xuống dưới 20%.", [None]),
    ("Thành lập mới 18 HTX, nâng tổng số lên 318 HTX nông nghiệp.", [None, None]),
    ("Số HTX thủy sản giảm từ 23 HTX xuống còn 17 HTX.", [None, None]),
])
def test_the_levels_before_and_after_a_change_are_not_changes(text, change):
    assert [c["change"] for c in claims_of(text)] == change


def test_a_claim_takes_the_province_its_sentence_names_else_the_context():
    c = only("Tỉnh có hơn 580 hợp tác xã.", province="Thái Nguyên")
    assert c["province"] == "Thái Nguyên"


def claim_provinces(text, context):
    from vnfacts.extractors.pipeline import _places
    out = []
    for s in segment(text, [Para(0, 0, len(text))]):
        named = [(p.start, p.province) for p in _places([s]).get(s.index, [])]
        found, _ = sentence_claims(s, modality_carried="actual", ref_year=2023, province=context, places=named)
        out += [c.province for c in found]
    return out


@pytest.mark.parametrize("text, context, provinces", [
    ("Ở tỉnh An Giang, toàn tỉnh có 1.772 mô hình.", "Thái Nguyên", ["An Giang"]),
    ("Liên minh HTX tỉnh Bình Định phối hợp với Liên minh HTX tỉnh Quảng Ngãi kết nối cho 35 HTX trong tỉnh.",
     "Bình Định", ["Bình Định"]),
    ("Tỉnh Đắk Lắk (mới) có 970 HTX; khu vực tỉnh Phú Yên (cũ) có 245 HTX.", "Đắk Lắk", ["Đắk Lắk", "Phú Yên"]),
    ("Trên phạm vi cả nước, sau sắp xếp còn 34 tỉnh, thành phố.", "Hưng Yên", [None]),
    ("Cả nước có 32.000 HTX, trong đó Hà Nội có 1.909 HTX.", "Thái Nguyên", [None, "Hà Nội"]),
    ("Đoàn đã học tập tại 15 tỉnh, thành phố trong cả nước.", "Thái Nguyên", ["Thái Nguyên"]),
])
def test_a_claim_is_about_the_province_of_its_clause(text, context, provinces):
    assert claim_provinces(text, context) == provinces


def test_indicators_normalise_what_is_counted():
    assert only("Hà Nội có 1.909 HTX.")["indicator"] == "cooperatives"
    assert only("Hà Nội có 1.909 hợp tác xã nông nghiệp.")["indicator"] == "cooperatives"
    assert only("Toàn tỉnh có 800 tổ hợp tác.")["indicator"] == "cooperative_groups"
    assert only("Có 56% số HTX đạt loại khá.")["indicator"] == "cooperatives_share"


@pytest.mark.parametrize("text, indicator", [
    ("Trong 5 năm, toàn tỉnh có 56 HTX thành lập, gần 100 HTX giải thể.", ["cooperatives_established",
                                                                           "cooperatives_dissolved"]),
    ("Liên minh đặt mục tiêu thành lập mới 50 hợp tác xã.", ["cooperatives_established"]),
    ("Hiện toàn tỉnh có 633 HTX và 800 tổ hợp tác.", ["cooperatives", "cooperative_groups"]),
])
def test_new_and_dissolved_units_are_told_from_the_number_that_exist(text, indicator):
    assert [c["indicator"] for c in claims_of(text)] == indicator
