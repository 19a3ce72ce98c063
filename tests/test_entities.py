"""Officials with their titles, named cooperatives, alliances and the article's province."""

from pathlib import Path

import pytest
from paragraphs import paragraphs_of

from vnfacts.extractors import entities
from vnfacts.extractors.pipeline import _places
from vnfacts.extractors.segment import segment


def sentences_of(*paragraphs, kinds=None):
    text, paras = paragraphs_of(*paragraphs, kinds=kinds)
    return text, segment(text, paras)


def officials(text):
    _, sents = sentences_of(text)
    return {e.name: e.title for e in entities.find_officials(sents)}


@pytest.mark.parametrize("text, name, title", [
    ("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Hoàng Trung Hải đánh giá cao kết quả.",
     "Hoàng Trung Hải", "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội"),
    ("Chủ tịch Liên minh Hợp tác xã thành phố Hà Nội Lê Văn Thư cho biết, năm nay tốt.",
     "Lê Văn Thư", "Chủ tịch Liên minh Hợp tác xã thành phố Hà Nội"),
    ("Sáng nay, đồng chí Đặng Huy Hậu, Phó Chủ tịch Thường trực UBND tỉnh chủ trì buổi làm việc.",
     "Đặng Huy Hậu", "Phó Chủ tịch Thường trực UBND tỉnh"),
    ("Phát biểu tại hội nghị, Giám đốc Sở Nông nghiệp Nguyễn Văn An nhấn mạnh vai trò của HTX.",
     "Nguyễn Văn An", "Giám đốc Sở Nông nghiệp"),
    ("Ông Trần Minh Tuấn - Chủ tịch UBND huyện cho biết như vậy.",
     "Trần Minh Tuấn", "Chủ tịch UBND huyện"),
    ("Bộ trưởng Bộ Kế hoạch và Đầu tư Phạm Thị Lan dự hội nghị.",
     "Phạm Thị Lan", "Bộ trưởng Bộ Kế hoạch và Đầu tư"),
    ("Anh Nguyễn Văn Dũng, giám đốc HTX Thành Công chia sẻ kinh nghiệm.",
     "Nguyễn Văn Dũng", "giám đốc HTX Thành Công"),
    ("Ban Chấp hành đã bầu bà Trần Thị Hương giữ chức Chủ tịch Liên minh HTX tỉnh nhiệm kỳ mới.",
     "Trần Thị Hương", "Chủ tịch Liên minh HTX tỉnh"),
    ("Bà H’Liên Niê, Phó Chủ tịch UBND tỉnh cho biết như vậy.", "H’Liên Niê", "Phó Chủ tịch UBND tỉnh"),
    ("Ông Cầm Văn Chung, Giám đốc Sở Nông nghiệp và PTNT tỉnh cho biết.",
     "Cầm Văn Chung", "Giám đốc Sở Nông nghiệp và PTNT tỉnh"),
    ("Đồng chí Nguyễn Quang Hưng, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh dự hội nghị.",
     "Nguyễn Quang Hưng", "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"),
    ("Ông Trần Văn Lực (58 tuổi), Giám đốc HTX cho biết như vậy.", "Trần Văn Lực", "Giám đốc HTX"),
    ("Bà Nguyễn Thị Hạnh tiếp tục được tín nhiệm bầu giữ chức Chủ tịch Liên minh HTX tỉnh Lâm Đồng.",
     "Nguyễn Thị Hạnh", "Chủ tịch Liên minh HTX tỉnh Lâm Đồng"),
    ("Ông Phạm Minh Tuấn, Chủ tịch Liên minh HTX TP Hồ Chí Minh cho biết như vậy.",
     "Phạm Minh Tuấn", "Chủ tịch Liên minh HTX TP Hồ Chí Minh"),
    ("Giám đốc Quỹ hỗ trợ phát triển HTX Việt Nam Nguyễn Hữu Bình cho biết năm nay tốt.",
     "Nguyễn Hữu Bình", "Giám đốc Quỹ hỗ trợ phát triển HTX Việt Nam"),
    ("Giám đốc HTX, ông Phạm Văn Hưởng, cho biết HTX có 1.250 hộ thành viên.",
     "Phạm Văn Hưởng", "Giám đốc HTX"),
    ("Theo quyết định, bà Nguyễn Thị Thu Trang, trước đây là Chủ tịch Liên minh HTX tỉnh Thái Bình, "
     "giữ chức Chủ tịch Liên minh HTX tỉnh Hưng Yên.", "Nguyễn Thị Thu Trang", "Chủ tịch Liên minh HTX tỉnh Hưng Yên"),
    ("Ông Đào Quang Khải, nguyên Chủ tịch Liên minh HTX tỉnh Hưng Yên (cũ), giữ chức Phó Chủ tịch Thường trực.",
     "Đào Quang Khải", "Phó Chủ tịch Thường trực"),
    ("Chủ tịch UBND tỉnh Lê Văn Tám hỗ trợ 5 HTX.", "Lê Văn Tám", "Chủ tịch UBND tỉnh"),
])
def test_an_official_is_a_name_with_the_office_nearest_to_it(text, name, title):
    assert officials(text) == {name: title}


@pytest.mark.parametrize("text, name, title", [
    ("Bà Đỗ Thị Lan, phó chủ tịch UBND huyện, kiểm tra tiến độ.", "Đỗ Thị Lan", "phó chủ tịch UBND huyện"),
    ("Theo ông Hà Văn Khiêm, trưởng phòng Nông nghiệp huyện, lúa được mùa.",
     "Hà Văn Khiêm", "trưởng phòng Nông nghiệp huyện"),
    ("Ông Vũ Đình Lộc là chủ nhiệm HTX Hòa Phát.", "Vũ Đình Lộc", "chủ nhiệm HTX Hòa Phát"),
    ("Tổng giám đốc Tổng công ty Lương thực Đặng Quốc Hòa cho biết.",
     "Đặng Quốc Hòa", "Tổng giám đốc Tổng công ty Lương thực"),
    ("Phó Chủ tịch UBND xã Mai Văn Ninh cho hay.", "Mai Văn Ninh", "Phó Chủ tịch UBND xã"),
    ("Vụ trưởng Vụ Hợp tác quốc tế (Bộ Tài chính) Phan Đức Hiếu dự họp.",
     "Phan Đức Hiếu", "Vụ trưởng Vụ Hợp tác quốc tế (Bộ Tài chính)"),
    ("Thượng tá Lương Văn Kiên, Phó Trưởng Công an huyện, chỉ đạo.",
     "Lương Văn Kiên", "Thượng tá, Phó Trưởng Công an huyện"),
    ("Thiếu tướng Chử Minh Đạo phát biểu.", "Chử Minh Đạo", "Thiếu tướng"),
    ("Đại sứ Thụy Điển tại Việt Nam Johan Lindqvist dự lễ.", "Johan Lindqvist", "Đại sứ Thụy Điển tại Việt Nam"),
    ("Tổng giám đốc Tập đoàn LG Choi Yeon Ho cho biết.", "Choi Yeon Ho", "Tổng giám đốc Tập đoàn LG"),
    ("Ông Park Soo Min, giám đốc nhà máy, cho biết.", "Park Soo Min", "giám đốc nhà máy"),
    ("Cầu thủ Nguyễn Quang Hải, phó chủ tịch Hội Cựu chiến binh Lý Văn Sang trao quà.",
     "Lý Văn Sang", "phó chủ tịch Hội Cựu chiến binh"),
    ("Phó Thống đốc Ngân hàng Nhà nước Lê Minh Hưng cho biết.", "Lê Minh Hưng",
     "Phó Thống đốc Ngân hàng Nhà nước"),
    ("Ông Lưu Văn Bình, Giám đốc HTX Đồng Phát và bà Mai Thị Hoa cho biết.", "Lưu Văn Bình",
     "Giám đốc HTX Đồng Phát"),
    ("Chủ nhiệm HTX Lò Văn Sơn cho biết.", "Lò Văn Sơn", "Chủ nhiệm HTX"),
    ("Giám đốc Sở Lao động - Thương binh và Xã hội Vũ Thị Hằng cho biết.", "Vũ Thị Hằng",
     "Giám đốc Sở Lao động - Thương binh và Xã hội"),
    ("Phó Chủ tịch UBND tỉnh Y Giang Gry Niê Knơng dự lễ.", "Y Giang Gry Niê Knơng", "Phó Chủ tịch UBND tỉnh"),
    ("Tiến sĩ Đào Văn Hải, Trưởng khoa Lâm Sinh, phát biểu.", "Đào Văn Hải", "Trưởng khoa Lâm Sinh"),
])
def test_an_official_in_the_forms_general_news_uses(text, name, title):
    assert officials(text) == {name: title}


@pytest.mark.parametrize("text", [
    "Giám đốc Công ty Blue Ocean cho biết sản lượng tăng.",
    "Tổng giám đốc Bamboo Airways cho biết.",
    "Giám đốc HTX Đồng Phát cho biết.",
    "Ông Nguyễn Văn Đức là thành viên HTX.",
    "Giám đốc HTX Hồng Phát cho biết năm nay lãi lớn.",
    "Bà Trần Thị Na cho biết, người mua chủ yếu là giám đốc các công ty.",
    "Thủ tướng Anh phát biểu tại Liên hợp quốc.",
])
def test_no_official_where_a_capitalised_pair_is_a_company_or_no_office_is_held(text):
    assert officials(text) == {}


@pytest.mark.parametrize("text", [
    "Báo cáo với Bí thư Thành ủy Hà Nội và các đại biểu tại buổi làm việc.",
    "Đồng chí Phó Chủ tịch Thường trực UBND tỉnh yêu cầu khẩn trương hoàn chỉnh Điều lệ.",
    "Ông Nguyễn Văn Bình cho biết HTX đã mở rộng sản xuất.",
    "Chủ tịch Liên minh HTX tỉnh Thái Nguyên phát biểu.",
])
def test_no_official_without_both_a_name_and_an_office(text):
    assert officials(text) == {}


def cooperatives(text):
    _, sents = sentences_of(text)
    return [(e.name, e.kind) for e in entities.find_organisations(sents, "Hải Dương") if e.kind != "alliance"]


@pytest.mark.parametrize("text, expected", [
    ("Lãnh đạo kiểm tra cánh đồng cà rốt của HTX Dịch vụ nông nghiệp Đồng Lạc (Chí Linh).",
     [("HTX Dịch vụ nông nghiệp Đồng Lạc", "cooperative")]),
    ("Xã viên Hợp tác xã chè Tân Hương (xã Phúc Xuân, TP Thái Nguyên) thu hái chè.",
     [("Hợp tác xã chè Tân Hương", "cooperative")]),
    ("Liên hiệp HTX Thương mại Thành Công ký kết hợp đồng.", [("Liên hiệp HTX Thương mại Thành Công", "union")]),
    ("Tổ hợp tác Bình Minh có 15 thành viên.", [("Tổ hợp tác Bình Minh", "group")]),
    ("Các HTX kiểu mới hoạt động hiệu quả trên địa bàn tỉnh.", []),
    ("Liên minh Hợp tác xã thành phố Hà Nội phải phát huy vai trò.", []),
    ("Hợp tác xã chưa tổ chức lại theo Luật Hợp tác xã năm 2012.", []),
    ("Quỹ Hỗ trợ phát triển HTX của Trung ương cho vay.", []),
    ("Các HTX Thái Nguyên tham gia hội chợ.", []),
    ("Các HTX nông nghiệp Thái Nguyên tham gia hội chợ.", []),
    ("Tổ hợp tác nuôi ong Hòa Bình có 20 thành viên.", [("Tổ hợp tác nuôi ong Hòa Bình", "group")]),
    ("Đây là HTX nông nghiệp lớn nhất vùng đồng bằng sông Hồng.", []),
    ("Sản phẩm của HTX vùng cao nguyên và HTX ven biển.", []),
    ("KINH TẾ TẬP THỂ TIẾP TỤC PHÁT TRIỂN VỚI 298 HTX VÀ 1.064 TỔ HỢP TÁC, NHIỀU HTX ĐÃ CHUYỂN ĐỔI.", []),
    ("Tham quan Liên hiệp HTX Sữa Ba Vì.", [("Liên hiệp HTX Sữa Ba Vì", "union")]),
    ("Các HTX nông nghiệp Đắk Lắk tham gia liên kết.", []),
    ("Đây là HTX nông nghiệp Đắk Lắk lớn nhất.", []),
    ("Thành viên Hợp tác xã Chè Shan tuyết Phìn Hồ chế biến chè.", [("Hợp tác xã Chè Shan tuyết Phìn Hồ", "cooperative")]),
    ("Tham quan HTX Nông nghiệp Anh Đào (TP Đà Lạt).", [("HTX Nông nghiệp Anh Đào", "cooperative")]),
    ("Vốn từ Quỹ hỗ trợ phát triển HTX Trung ương được giải ngân.", []),
    ("Giám đốc Quỹ hỗ trợ phát triển HTX Việt Nam Nguyễn Hữu Bình cho biết.", []),
    ("Liên hiệp HTX Thương mại TP.HCM (Saigon Co.op) mở rộng mạng lưới.",
     [("Liên hiệp HTX Thương mại TP.HCM", "union")]),
])
def test_named_cooperatives_keep_their_type_word_and_proper_name(text, expected):
    assert cooperatives(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hợp tác xã Thương mại và Dịch vụ Hòa Bình Xanh ký hợp đồng bao tiêu.",
     ["Hợp tác xã Thương mại và Dịch vụ Hòa Bình Xanh"]),
    ("Sản phẩm của HTX Dịch vụ – Nông nghiệp Phước Hòa đạt chuẩn.", ["HTX Dịch vụ – Nông nghiệp Phước Hòa"]),
    ("Tham quan HTX Nông lâm nghiệp, Thương mại và Dịch vụ Hồng Phong tại xã.",
     ["HTX Nông lâm nghiệp, Thương mại và Dịch vụ Hồng Phong"]),
    ("HTX chăn nuôi và chế biến thực phẩm Tiến Đạt có 30 thành viên.",
     ["HTX chăn nuôi và chế biến thực phẩm Tiến Đạt"]),
    ("Ông Tùng dẫn khách tham quan HTX Nông nghiệp xã Ea Tu.", ["HTX Nông nghiệp xã Ea Tu"]),
])
def test_a_cooperative_name_keeps_trade_words_joined_by_and_commas_and_dashes(text, expected):
    assert [name for name, _ in cooperatives(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Các HTX Tân Phong, Đồng Tâm, Quyết Thắng đã ký hợp đồng với doanh nghiệp.",
     ["HTX Tân Phong", "HTX Đồng Tâm", "HTX Quyết Thắng"]),
    ("Nhiều HTX nông nghiệp như Hưng Thịnh (xã An Hòa), Tiến Thành, Bình An hoạt động hiệu quả.",
     ["HTX Hưng Thịnh", "HTX Tiến Thành", "HTX Bình An"]),
    ("Đó là các HTX: Rau sạch Đông Dư ở xã Đông Dư; Chè Phúc Trìu, Nấm Hương Sơn đều ở huyện Đại Từ.",
     ["HTX Rau sạch Đông Dư", "HTX Chè Phúc Trìu", "HTX Nấm Hương Sơn"]),
    ("HTX Tân Phong, xã Ea Kao tổ chức đại hội.", ["HTX Tân Phong"]),
])
def test_names_listed_after_one_plural_type_word_are_each_a_cooperative(text, expected):
    assert [name for name, _ in cooperatives(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Đại hội thành viên HTX Dịch vụ nông nghiệp Tân Lập lần thứ III thành công tốt đẹp.",
     [("HTX Dịch vụ nông nghiệp Tân Lập", "cooperative")]),
    ("LHHTX Nông sản Đồng Tháp có 12 thành viên.", [("LHHTX Nông sản Đồng Tháp", "union")]),
    ("Liên hiệp HTX Dịch vụ nông nghiệp Sông Hậu ra mắt.", [("Liên hiệp HTX Dịch vụ nông nghiệp Sông Hậu", "union")]),
    ("Doanh nghiệp bao tiêu sản phẩm HTX Sản xuất và xây dựng kế hoạch.", []),
    ("Tỉnh hỗ trợ HTX nông lâm nghiệp và HTX Sản xuất trên địa bàn.", []),
    ("Đoàn học tập mô hình HTX nghề cá Nhật Bản.", []),
    ("Tỉnh khuyến khích HTX sản xuất sản phẩm OCOP.", []),
    ("Mỗi HTX Kiểu mới cần có ít nhất 10 thành viên.", []),
])
def test_what_ends_a_cooperative_name_and_what_is_no_name(text, expected):
    assert cooperatives(text) == expected


def test_a_short_form_is_not_merged_into_a_name_with_another_description():
    _, sents = sentences_of("Liên hiệp HTX rau quả Cửu Long ký kết với Liên hiệp HTX lúa gạo Cửu Long.",
                            "Liên hiệp HTX Cửu Long xuất khẩu.")
    assert sorted(e.name for e in entities.find_organisations(sents, None)) == [
        "Liên hiệp HTX lúa gạo Cửu Long", "Liên hiệp HTX rau quả Cửu Long"]


def test_a_cooperative_name_glued_to_the_lower_case_word_before_it_is_found():
    from vnfacts.extractors.segment import Sentence, Token
    text = "Thăm HTX Rau quả chất lượng cao Tân Phú (Chương Mỹ)."
    words = ["Thăm", "HTX", "Rau quả", "chất lượng", "cao Tân Phú", "(", "Chương Mỹ", ")", "."]
    tokens, pos = [], 0
    for w in words:  # as underthesea sometimes segments it: "cao Tân Phú" one word
        pos = text.index(w, pos)
        tokens.append(Token(pos, pos + len(w), w))
        pos += len(w)
    s = Sentence(index=0, paragraph=0, section="body", kind="text", start=0, end=len(text), text=text, _tokens=tokens)
    assert [n for n, *_ in entities.sentence_cooperatives(s)] == ["HTX Rau quả chất lượng cao Tân Phú"]


def test_liên_hiệp_alone_names_a_union_only_in_an_article_that_names_one_in_full():
    _, sents = sentences_of("Tỉnh vừa ra mắt Liên hiệp HTX Cà phê Krông Năng.", "Sắp tới sẽ lập Liên hiệp Tiêu Chư Sê.")
    assert [e.name for e in entities.find_organisations(sents, None)] == [
        "Liên hiệp HTX Cà phê Krông Năng", "Liên hiệp Tiêu Chư Sê"]
    _, sents = sentences_of("Đại diện Liên hiệp Đường sắt Việt Nam phát biểu.")
    assert entities.find_organisations(sents, None) == []


def test_an_english_cooperative_name_in_brackets_is_another_name_of_the_one_before_it():
    _, sents = sentences_of("Liên hiệp HTX Thương mại Hà Nội (Hanoi Co.op) mở thêm cửa hàng.",
                            "Năm nay Hanoi Co.op bán 300 tấn rau.")
    assert [(e.name, len(e.mentions)) for e in entities.find_organisations(sents, None)] == [
        ("Liên hiệp HTX Thương mại Hà Nội", 3)]


def test_an_english_cooperative_name_alone_is_a_cooperative_though_a_sentence_ends_inside_it():
    _, sents = sentences_of("Các nhà bán lẻ lớn như Hanoi Co.op… đều tham gia.")
    assert [e.name for e in entities.find_organisations(sents, None)] == ["Hanoi Co.op"]


def test_a_short_form_of_a_cooperative_name_is_a_mention_of_the_full_name():
    _, sents = sentences_of("Hợp tác xã rau an toàn Vân Nội có 43 hộ thành viên.", "HTX Vân Nội bán rau.")
    found = [(e.name, len(e.mentions)) for e in entities.find_organisations(sents, None)]
    assert found == [("Hợp tác xã rau an toàn Vân Nội", 2)]


def test_alliances_are_organisations_with_their_province():
    _, sents = sentences_of("Liên minh HTX tỉnh Thái Nguyên và Liên minh Hợp tác xã Việt Nam ký kết.")
    found = {(e.name, e.province) for e in entities.find_organisations(sents, None) if e.kind == "alliance"}
    assert found == {("Liên minh Hợp tác xã tỉnh Thái Nguyên", "Thái Nguyên"), ("Liên minh Hợp tác xã Việt Nam", None)}


def about(*paragraphs, kinds=None):
    text, sents = sentences_of(*paragraphs, kinds=kinds)
    return entities.about_province(sents, _places(sents), text)


def test_the_headline_province_is_what_the_article_is_about():
    assert about("Thái Nguyên nâng cao hiệu quả hợp tác xã",
                 "Học tập kinh nghiệm ở tỉnh An Giang và tỉnh An Giang.", kinds={0: "title"}) == "Thái Nguyên"


def test_an_unnamed_province_is_inferred_from_its_districts():
    assert about("Liên minh HTX tỉnh nỗ lực vươn lên",
                 "Lãnh đạo kiểm tra cánh đồng của HTX Đồng Lạc (Chí Linh).", kinds={0: "title"}) == "Hải Dương"


def test_an_unnamed_province_is_inferred_from_a_provincial_web_domain():
    assert about("Liên minh Hợp tác xã tỉnh triển khai nhiệm vụ", "Tới dự có lãnh đạo các sở.",
                 "quangninh.gov.vn", kinds={0: "title"}) == "Quảng Ninh"


def test_a_national_article_is_about_no_province():
    assert about("Liên minh Hợp tác xã Việt Nam đẩy mạnh tuyên truyền",
                 "Hệ thống Liên minh hợp tác xã Việt Nam đã làm tốt vai trò.", kinds={0: "title"}) is None


def test_a_national_conference_is_national_though_one_province_speaks_at_length():
    assert about("Vốn ưu đãi cho hợp tác xã phải đến đúng nơi",
                 "Tại Hà Nội, Liên minh HTX Việt Nam tổng kết hoạt động của Quỹ hỗ trợ phát triển HTX.",
                 "Dư nợ tăng mạnh",
                 "Quỹ đã giải ngân 486 tỷ đồng cho 372 dự án.",
                 "Quỹ của tỉnh Đắk Lắk đã cho 46 HTX vay. Giá cà phê nhân ở Đắk Lắk tăng.",
                 "Giám đốc HTX Cư Né (Đắk Lắk) kể lại.", kinds={0: "title", 2: "heading"}) is None


def test_a_provincial_article_whose_lead_names_its_province_is_about_it():
    assert about("Vốn ưu đãi cho hợp tác xã phải đến đúng nơi",
                 "Liên minh HTX Việt Nam làm việc với tỉnh Đắk Lắk về Quỹ hỗ trợ phát triển HTX.",
                 "Quỹ của tỉnh Đắk Lắk đã cho 46 HTX vay.", kinds={0: "title"}) == "Đắk Lắk"


def test_a_national_article_that_shows_a_photo_taken_in_a_city_is_still_national():
    assert about("Gỡ khó về vốn cho hợp tác xã tham gia Chương trình OCOP",
                 "Khó tiếp cận vốn tín dụng vẫn là điểm nghẽn của nhiều hợp tác xã.",
                 "Sản phẩm OCOP được giới thiệu tại một hội chợ ở Hà Nội.",
                 "Cả nước đã có 2.413 sản phẩm OCOP được công nhận.", kinds={0: "title", 2: "caption"}) is None


def test_the_outlets_province_wins_between_provinces_its_headline_names_together():
    assert about("Liên minh HTX tỉnh Sóc Trăng và tỉnh Bạc Liêu ký kết hợp tác",
                 "Tỉnh Bạc Liêu có 200 HTX, tỉnh Bạc Liêu hỗ trợ vốn cho HTX.",
                 "Nguồn: lienminhhtx.soctrang.gov.vn", kinds={0: "title"}) == "Sóc Trăng"


def test_entities_reads_shared_words_from_the_lexicon_not_from_claims():
    """Engines share word lists through ``extractors.lexicon``; none borrows another's."""
    import ast

    from vnfacts.extractors import entities, lexicon

    tree = ast.parse(Path(entities.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names} | {
        n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "claims" not in imported
    assert lexicon.phrase_stops() <= entities._coop_stops()
