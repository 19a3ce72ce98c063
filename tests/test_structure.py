"""Article structure: title, date, byline/source, paragraphs, boilerplate (extractors/structure.py)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vnfacts.extractors import structure
from vnfacts.extractors.structure import Paragraph, Structure, fold, parse_dateline, parse_structure
from vnfacts.extractors.text import prepare, read_article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def seed(prefix: str) -> Path:
    return next(CORPUS.glob(f"{prefix}_*.txt"))


def parse(text: str):
    p = prepare(text)
    return p, parse_structure(p)


def para_texts(p, s: Structure, kind: str | None = None, section: str | None = None) -> list[str]:
    return [p.text[q.start:q.end] for q in s.paragraphs
            if (kind is None or q.kind == kind) and (section is None or q.section == section)]


def bp_texts(p, s: Structure) -> str:
    return "\n".join(p.text[a:b] for a, b in s.boilerplate)


def in_boilerplate(p, s: Structure, needle: str) -> bool:
    i = p.text.index(needle)
    j = i + len(needle)
    return any(a <= i and j <= b for a, b in s.boilerplate)


def in_paragraph(p, s: Structure, needle: str) -> Paragraph | None:
    i = p.text.index(needle)
    j = i + len(needle)
    return next((q for q in s.paragraphs if q.start <= i and j <= q.end), None)


def assert_well_formed(p, s: Structure) -> None:
    """Invariants of every parse: ordered, disjoint, stripped spans; no paragraph in boilerplate."""
    text = p.text
    spans = [(q.start, q.end) for q in s.paragraphs]
    assert spans == sorted(spans)
    for (_a1, b1), (a2, _b2) in zip(spans, spans[1:]):
        assert b1 <= a2
    for i, q in enumerate(s.paragraphs):
        assert q.index == i
        assert q.kind in ("title", "lead", "text", "heading", "caption")
        assert q.section in ("body", "appended")
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == text[q.start:q.end].strip()
        for a, b in s.boilerplate:
            assert q.end <= a or b <= q.start, f"paragraph {text[q.start:q.end]!r} overlaps boilerplate {text[a:b]!r}"
    for (_a1, b1), (a2, _b2) in zip(s.boilerplate, s.boilerplate[1:]):
        assert b1 < a2
    if s.title is not None:  # the title paragraph comes first, or right after a lead printed above it
        titles = [q for q in s.paragraphs if q.kind == "title"]
        assert len(titles) == 1 and titles[0].index <= 1
        assert text[slice(*s.title_span)] == s.title
        assert (titles[0].start, titles[0].end) == s.title_span
    assert [q.kind for q in s.paragraphs].count("lead") <= 1


# --------------------------------------------------------------------------- seeds

GOLD = {
    "000": ("Làm gì để nâng hiệu quả hoạt động của Liên minh HTX TP Hà Nội?", dt.date(2019, 8, 13)),
    "001": ("Liên minh HTX tỉnh nỗ lực vươn lên", dt.date(2020, 5, 29)),
    "002": ("Khi vai trò nòng cốt dẫn dắt kinh tế tập thể được đẩy mạnh", dt.date(2020, 11, 20)),
    "003": ("Liên minh Hợp tác xã tỉnh triển khai nhiệm vụ sau Đại hội lần thứ V", None),
    "004": ("Thái Nguyên nâng cao hiệu quả hoạt động của hợp tác xã", None),
}


@pytest.fixture(scope="module")
def seeds():
    out = {}
    for key in GOLD:
        p = prepare(read_article(seed(key)))
        out[key] = (p, parse_structure(p))
    return out


@pytest.mark.parametrize("key", sorted(GOLD))
def test_seed_title_and_published_date_match_gold(seeds, key):
    p, s = seeds[key]
    title, published = GOLD[key]
    assert s.title == title
    assert s.published == published
    assert_well_formed(p, s)


@pytest.mark.parametrize("key", sorted(GOLD))
def test_seed_title_span_maps_back_to_the_original_title(seeds, key):
    p, s = seeds[key]
    a, b = p.span_to_original(*s.title_span)
    assert p.original[a:b] == GOLD[key][0]


def test_seed_rubric_is_not_the_title(seeds):
    p, s = seeds["002"]
    assert s.rubric == "Phát triển kinh tế tập thể"
    assert in_boilerplate(p, s, "Phát triển kinh tế tập thể:")


def test_seed_related_news_headings_are_boilerplate(seeds):
    p, s = seeds["000"]
    assert in_boilerplate(p, s, "Tin liên quan")
    assert in_boilerplate(p, s, "Tin cùng chuyên mục")


def test_seed_footer_lines_are_boilerplate(seeds):
    p, s = seeds["004"]
    for needle in ("Giấy phép số: 239/GP-TTDT ngày 11 tháng 12 năm 2020", "Copyright 2013 vca.org.vn",
                   "Link bài viết: https://nhandan.com.vn", "Chịu trách nhiệm nội dung", "Ghi rõ nguồn"):
        assert in_boilerplate(p, s, needle), needle


def test_seed_photo_credit_is_boilerplate_and_the_caption_stays(seeds):
    p, s = seeds["000"]
    assert p.text.count("Ảnh: Văn Điệp – TTXVN") == 2
    start = 0
    for _ in range(2):
        i = p.text.index("Ảnh: Văn Điệp – TTXVN", start)
        assert any(a <= i and i + 21 <= b for a, b in s.boilerplate)
        start = i + 1
    captions = para_texts(p, s, "caption")
    assert "Quang cảnh buổi làm việc." in captions
    assert "Bí thư Thành ủy Hà Nội Hoàng Trung Hải phát biểu kết luận buổi làm việc." in captions


def test_seed_datelines_are_boilerplate(seeds):
    p, s = seeds["000"]
    assert in_boilerplate(p, s, "15:01' - 13/08/2019")
    p, s = seeds["001"]
    assert in_boilerplate(p, s, "THỨ SÁU, 29/05/2020 07:00:10")
    p, s = seeds["002"]
    assert in_boilerplate(p, s, "- Thứ Sáu, 20/11/2020, 18:59 - Chia sẻ")


def test_seed_bylines_and_sources(seeds):
    assert seeds["001"][1].byline == "TRẦN HIỀN"
    assert seeds["002"][1].byline == "Bảo Ngân"
    assert seeds["003"][1].source == "quangninh.gov.vn"
    assert seeds["004"][1].source == "Theo báo Nhân dân"
    assert seeds["000"][1].source == "Bnews"  # outlet glued to the lead
    for key, line in (("001", "TRẦN HIỀN"), ("002", "Bảo Ngân"), ("003", "quangninh.gov.vn"),
                      ("003", "Share"), ("004", "Theo báo Nhân dân")):
        p, s = seeds[key]
        assert in_boilerplate(p, s, line), (key, line)


def test_seed_lead_keeps_its_text_without_the_outlet_prefix(seeds):
    p, s = seeds["000"]
    lead = para_texts(p, s, "lead")
    assert lead and lead[0].startswith("Liên minh Hợp tác xã thành phố Hà Nội phải tiếp tục")
    assert in_boilerplate(p, s, "Bnews")


def test_seed_leads(seeds):
    starts = {"001": "5 năm qua, Liên minh HTX tỉnh có nhiều", "002": "Thời gian qua, bằng việc",
              "003": "Sáng 25-11, đồng chí Đặng Huy Hậu", "004": "Tỉnh Thái Nguyên hiện có hơn 580"}
    for key, start in starts.items():
        p, s = seeds[key]
        assert para_texts(p, s, "lead")[0].startswith(start), key


def test_seed_headings(seeds):
    p, s = seeds["001"]
    assert {"Hỗ trợ thành viên", "Tiếp tục đổi mới"} <= set(para_texts(p, s, "heading"))


def test_seed_captions_stay_content(seeds):
    p, s = seeds["001"]
    q = in_paragraph(p, s, "Lãnh đạo Liên minh HTX tỉnh kiểm tra cánh đồng cà rốt")
    assert q is not None and q.kind in ("caption", "text")
    p, s = seeds["004"]
    assert in_paragraph(p, s, "Xã viên Hợp tác xã chè Tân Hương") is not None


def test_seed_004_appended_item_is_its_own_section(seeds):
    p, s = seeds["004"]
    q1 = in_paragraph(p, s, "* Thời gian qua, việc thực hiện Quy chế dân chủ")
    q2 = in_paragraph(p, s, "Để duy trì và nhân rộng các mô hình dân vận khéo")  # printed with "Ð"
    assert q1 is not None and q1.section == "appended"
    assert q2 is not None and q2.section == "appended"
    assert q2.index == q1.index + 1
    assert all(q.section == "body" for q in s.paragraphs if q.index < q1.index)
    assert in_paragraph(p, s, "1.772 mô hình").section == "appended"


def test_seed_claim_quotes_are_in_paragraphs_not_boilerplate(seeds):
    quotes = {"000": ["1.909 hợp tác xã", "46 hợp tác xã", "50 hợp tác xã"],
              "001": ["98,4 tỷ đồng", "56 HTX", "10 - 20 HTX", "50 tổ hợp tác"],
              "002": ["152.730 lượt người", "61 huyện nghèo", "352 văn bản"],
              "004": ["580 hợp tác xã", "42 nghìn thành viên", "65%", "100 tỷ đồng"]}
    for key, qs in quotes.items():
        p, s = seeds[key]
        for quote in qs:
            assert in_paragraph(p, s, quote) is not None, (key, quote)
            assert not s.in_boilerplate(p.text.index(quote), p.text.index(quote) + len(quote))


def test_seed_002_repeated_caption_is_kept_once(seeds):
    p, s = seeds["002"]
    line = "“Đoàn kết - Kỷ cương - Hành động - Sáng tạo - Hiệu quả” là bước đổi mới phương thức"
    hits = [q for q in s.paragraphs if p.text[q.start:q.end].startswith(line)]
    assert len(hits) == 1


# --------------------------------------------------------------------------- titles

def test_title_is_the_first_non_empty_line():
    p, s = parse("\n\n  Hà Nội có 1.909 hợp tác xã  \n\nThành phố có 1.909 hợp tác xã.\n")
    assert s.title == "Hà Nội có 1.909 hợp tác xã"
    assert p.text[slice(*s.title_span)] == s.title
    assert_well_formed(p, s)


def test_rubric_line_is_skipped_for_the_title():
    p, s = parse("Kinh tế tập thể:\n\nQuảng Ninh có thêm 50 HTX\n\nTỉnh vừa thành lập 50 HTX.\n")
    assert s.title == "Quảng Ninh có thêm 50 HTX"
    assert s.rubric == "Kinh tế tập thể"
    assert para_texts(p, s, "lead") == ["Tỉnh vừa thành lập 50 HTX."]
    assert_well_formed(p, s)


def test_a_rubric_printed_before_the_headline_on_its_line_is_left_out():
    p, s = parse("Kinh tế tập thể: Bức tranh nhiều gam màu ở các địa phương\n\nTỉnh có 50 HTX.\n")
    assert s.title == "Bức tranh nhiều gam màu ở các địa phương"
    assert s.rubric == "Kinh tế tập thể"
    assert p.text[slice(*s.title_span)] == s.title
    assert_well_formed(p, s)


@pytest.mark.parametrize("headline", [
    "Hà Nội: Thành lập mới 50 hợp tác xã trong năm 2024",  # a place is part of the headline
    "Năm 2024: 50 HTX",  # too short to be a headline once cut
    "Phát triển hợp tác xã kiểu mới gắn với chuỗi giá trị: kinh nghiệm từ Đồng Tháp",
])
def test_a_colon_in_a_headline_is_not_always_a_rubric(headline):
    p, s = parse(f"{headline}\n\nTỉnh có 50 HTX.\n")
    assert s.title == headline


def test_short_section_label_above_the_headline_is_a_rubric():
    p, s = parse("Kinh tế\n\nThứ hai, 12/10/2020\n\nHải Dương có thêm 56 HTX thành lập mới\n\n"
                 "Trong 5 năm, toàn tỉnh có 56 HTX thành lập mới.\n")
    assert s.title == "Hải Dương có thêm 56 HTX thành lập mới"
    assert s.rubric == "Kinh tế"
    assert s.published == dt.date(2020, 10, 12)
    assert para_texts(p, s, "lead") == ["Trong 5 năm, toàn tỉnh có 56 HTX thành lập mới."]


def test_short_title_above_a_lead_is_still_the_title():
    p, s = parse("HTX kiểu mới\n\nCả nước có 17.000 HTX nông nghiệp.\n")
    assert s.title == "HTX kiểu mới" and s.rubric is None


def test_long_first_line_ending_with_colon_is_a_title_not_a_rubric():
    title = "Chủ tịch Liên minh HTX Việt Nam nói về con đường phát triển của kinh tế tập thể trong thời gian tới:"
    p, s = parse(f"{title}\n\nNội dung bài viết.\n")
    assert s.title == title and s.rubric is None


def test_repeated_title_makes_the_block_before_it_a_teaser():
    text = (
        "Hà Nội có 1.909 hợp tác xã\n\n13/08/2019\n"
        "Thành phố hiện có 1.909 hợp tác xã, tăng 46 hợp tác xã.\n\n"
        "Hà Nội có 1.909 hợp tác xã\n\n"
        "Ngày 13/8, Liên minh HTX thành phố cho biết thành phố hiện có 1.909 hợp tác xã.\n\n"
        "Trong năm 2019, thành phố đặt mục tiêu thành lập mới 50 hợp tác xã.\n"
    )
    p, s = parse(text)
    second = p.text.index("Hà Nội có 1.909 hợp tác xã", 10)
    assert s.title_span == (second, second + len(s.title))
    assert s.published == dt.date(2019, 8, 13)
    assert in_boilerplate(p, s, "Thành phố hiện có 1.909 hợp tác xã, tăng 46 hợp tác xã.")
    assert s.boilerplate[0][0] == 0
    assert para_texts(p, s, "lead")[0].startswith("Ngày 13/8")
    assert len(s.paragraphs) == 3
    assert_well_formed(p, s)


def test_repeated_title_with_rubric_and_different_case():
    text = ("Kinh tế hợp tác:\nHTX Đồng Lạc thu 5 tỷ đồng\nTóm tắt: HTX thu 5 tỷ đồng.\n"
            "Kinh tế hợp tác:\nHTX ĐỒNG LẠC THU 5 TỶ ĐỒNG\nNăm 2020, HTX Đồng Lạc thu 5 tỷ đồng.\n")
    p, s = parse(text)
    assert s.title == "HTX ĐỒNG LẠC THU 5 TỶ ĐỒNG"
    assert s.rubric == "Kinh tế hợp tác"
    assert para_texts(p, s) == ["HTX ĐỒNG LẠC THU 5 TỶ ĐỒNG", "Năm 2020, HTX Đồng Lạc thu 5 tỷ đồng."]
    assert_well_formed(p, s)


def test_title_after_a_leading_dateline_and_breadcrumb():
    p, s = parse("Trang chủ > Kinh tế > Hợp tác xã\n13/08/2019 15:01\nHà Nội có 1.909 HTX\n\nThành phố có 1.909 HTX.\n")
    assert s.title == "Hà Nội có 1.909 HTX"
    assert s.published == dt.date(2019, 8, 13)
    assert in_boilerplate(p, s, "Trang chủ > Kinh tế > Hợp tác xã")
    assert_well_formed(p, s)


def test_empty_prepared_text_has_no_structure():
    s = parse_structure(prepare(" \n\n\u200b\n"))
    assert s.title is None and s.title_span is None and s.published is None
    assert s.paragraphs == [] and s.boilerplate == []


def test_title_only_article():
    p, s = parse("Chỉ có tiêu đề")
    assert s.title == "Chỉ có tiêu đề"
    assert [q.kind for q in s.paragraphs] == ["title"]


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize("line,date", [
    ("13/08/2019", dt.date(2019, 8, 13)),
    ("15:01' - 13/08/2019", dt.date(2019, 8, 13)),
    ("THỨ SÁU, 29/05/2020 07:00:10", dt.date(2020, 5, 29)),
    ("- Thứ Sáu, 20/11/2020, 18:59 - Chia sẻ", dt.date(2020, 11, 20)),
    ("Cập nhật: 13/08/2019 15:01", dt.date(2019, 8, 13)),
    ("ngày 13 tháng 8 năm 2019", dt.date(2019, 8, 13)),
    ("Ngày 13 tháng 8 năm 2019 | 09:30", dt.date(2019, 8, 13)),
    ("13-08-2019", dt.date(2019, 8, 13)),
    ("2019-08-13", dt.date(2019, 8, 13)),
    ("2019/8/13 08:00", dt.date(2019, 8, 13)),
    ("13.08.2019 - 15h01", dt.date(2019, 8, 13)),
    ("Thứ hai, 12/10/2020 - 08:15 (GMT+7)", dt.date(2020, 10, 12)),
    ("Chủ nhật, 1/3/2020, 07:00 AM", dt.date(2020, 3, 1)),
    ("Cập nhật lúc 15:01 ngày 13/08/2019", dt.date(2019, 8, 13)),
    ("20/11/2020 | Bảo Ngân", dt.date(2020, 11, 20)),
    ("ÐĂNG NGÀY 05/01/2021", dt.date(2021, 1, 5)),
    ("Ngày đăng: 13/08/2019 | Tác giả: Bảo Ngân", dt.date(2019, 8, 13)),
    ("25/11/2020 14:38 | Lượt xem: 1234", dt.date(2020, 11, 25)),
    ("Hà Nội, ngày 13 tháng 8 năm 2019", dt.date(2019, 8, 13)),
])
def test_dateline_forms_give_the_publication_date(line, date):
    assert parse_dateline(line) == (True, date)
    p, s = parse(f"Hà Nội có 1.909 HTX\n\n{line}\n\nThành phố hiện có 1.909 HTX.\n\nTăng 46 HTX.\n")
    assert s.published == date
    assert in_boilerplate(p, s, p.text.split("\n")[2].strip())
    assert para_texts(p, s, "lead") == ["Thành phố hiện có 1.909 HTX."]
    assert_well_formed(p, s)


@pytest.mark.parametrize("line", [
    "Ngày 13/8, tại buổi làm việc với Liên minh HTX thành phố, 50 HTX được khen thưởng.",
    "Sáng 25-11, đồng chí Đặng Huy Hậu chủ trì buổi làm việc.",
    "Giai đoạn 2016 - 2020",
    "Năm 2019 tỉnh có 580 HTX",
])
def test_dates_inside_body_sentences_are_not_the_publication_date(line):
    assert parse_dateline(line)[0] is False
    p, s = parse(f"Tiêu đề bài viết\n\n{line}\n\nNội dung khác.\n")
    assert s.published is None
    assert in_paragraph(p, s, line) is not None


def test_invalid_dates_give_none():
    assert parse_dateline("32/13/2020") == (True, None)
    p, s = parse("Tiêu đề\n\n32/13/2020\n\nNội dung.\n")
    assert s.published is None
    p, s = parse("Tiêu đề\n\n29/02/2019\n\nNội dung.\n")
    assert s.published is None


def test_licence_date_in_the_footer_is_not_the_publication_date():
    p, s = parse("Tiêu đề\n\nNội dung có 5 HTX.\n\nGiấy phép số: 239/GP-TTDT ngày 11 tháng 12 năm 2020 của Cục PTTH.\n")
    assert s.published is None
    assert in_boilerplate(p, s, "Giấy phép số")


def test_dateline_at_the_end_is_used_when_none_at_the_top():
    p, s = parse("Tiêu đề\n\nTỉnh có 580 HTX.\n\nCập nhật: 14/08/2019 09:00\n")
    assert s.published == dt.date(2019, 8, 14)
    assert para_texts(p, s) == ["Tiêu đề", "Tỉnh có 580 HTX."]


def test_first_dateline_wins():
    p, s = parse("Tiêu đề\n13/08/2019\nTỉnh có 580 HTX.\nCập nhật: 14/08/2019\n")
    assert s.published == dt.date(2019, 8, 13)
    assert in_boilerplate(p, s, "Cập nhật: 14/08/2019")


def test_no_full_date_gives_none():
    p, s = parse("Tiêu đề\n\nSáng 25-11, tỉnh họp bàn về 5 HTX.\n")
    assert s.published is None and s.dateline_span is None


# --------------------------------------------------------------------------- boilerplate

@pytest.mark.parametrize("marker", ["Tin liên quan", "TIN LIÊN QUAN", "Tin liên quan:", "Tin cùng chuyên mục",
                                    "Bài viết liên quan", "Xem thêm", "Tin khác", "Các tin khác", "Đọc thêm",
                                    "ÐỌC THÊM:", ">> Tin liên quan", "Có thể bạn quan tâm"])
def test_related_news_block_with_numbers_is_boilerplate_to_the_end(marker):
    text = ("Quảng Ninh phát triển hợp tác xã\n\n"
            "Tỉnh hiện có 1.200 hợp tác xã.\n\n"
            f"{marker}\n\n"
            "Hải Dương: 56 HTX thành lập mới trong 5 năm\n"
            "Thái Nguyên có hơn 580 hợp tác xã với 42 nghìn thành viên.\n"
            "(15/08/2019)\n")
    p, s = parse(text)
    assert para_texts(p, s) == ["Quảng Ninh phát triển hợp tác xã", "Tỉnh hiện có 1.200 hợp tác xã."]
    start = p.text.index(p.text.split("\n\n")[2])
    assert s.boilerplate[-1] == (start, len(p.text.rstrip()))
    assert s.published is None
    assert_well_formed(p, s)


def test_inline_see_also_link_is_boilerplate_but_the_article_goes_on():
    text = ("Hà Nội phát triển hợp tác xã\n\nThành phố có 1.909 HTX.\n\n"
            "Xem thêm: Hải Dương có 56 HTX thành lập mới\n\n"
            "Năm 2019 thành phố đặt mục tiêu thành lập 50 HTX, tăng 10% so với năm trước.\n")
    p, s = parse(text)
    assert in_boilerplate(p, s, "Xem thêm: Hải Dương có 56 HTX thành lập mới")
    assert in_paragraph(p, s, "đặt mục tiêu thành lập 50 HTX") is not None
    assert_well_formed(p, s)


def test_related_marker_before_any_body_does_not_swallow_the_article():
    p, s = parse("Tiêu đề\nTin liên quan\nTỉnh có 580 HTX.\nThêm 20 HTX.\n")
    assert para_texts(p, s) == ["Tiêu đề", "Tỉnh có 580 HTX.", "Thêm 20 HTX."]
    assert in_boilerplate(p, s, "Tin liên quan")


@pytest.mark.parametrize("line", [
    "Chịu trách nhiệm nội dung: Ông Nguyễn Văn A",
    "Giấy phép số 123/GP-BTTTT cấp ngày 01/01/2020",
    "GIẤY PHÉP SỐ: 239/GP-TTDT",
    "Copyright © 2020 Báo Hải Dương",
    "© Bản quyền thuộc Liên minh HTX Việt Nam",
    "Ghi rõ nguồn \"vca.org.vn\" khi phát hành lại thông tin.",
    "Share",
    "Chia sẻ",
    "Link bài viết: https://example.vn/bai-viet-123",
    "Bản quyền thuộc về Báo Quảng Ninh",
    "Tổng biên tập: Nguyễn Văn B",
    "Địa chỉ: 77 Nguyễn Du, Hà Nội",
    "Điện thoại: 024 3822 1234",
    "Email: toasoan@example.vn",
    "Tags: hợp tác xã, kinh tế tập thể",
    "Từ khóa: HTX, Hà Nội",
    "https://example.vn/tin-tuc/ha-noi-1909-htx.html",
    "* * *",
    "Facebook Twitter Zalo",
])
def test_footer_and_widget_lines_are_boilerplate(line):
    p, s = parse(f"Tiêu đề bài\n\nTỉnh có 580 HTX.\n\nTăng 20 HTX.\n\n{line}\n")
    assert in_boilerplate(p, s, prepare(line).text)
    assert para_texts(p, s) == ["Tiêu đề bài", "Tỉnh có 580 HTX.", "Tăng 20 HTX."]
    assert_well_formed(p, s)


def test_sentences_that_start_like_footer_labels_stay_content():
    body = "Tổng biên tập báo Nhân dân cho biết năm 2020 có 20 HTX được khen thưởng."
    p, s = parse(f"Tiêu đề\n\n{body}\n\nĐịa chỉ của 5 HTX đã được công bố.\n")
    assert para_texts(p, s)[1:] == [body, "Địa chỉ của 5 HTX đã được công bố."]


@pytest.mark.parametrize("line,caption,credit", [
    ("Quang cảnh hội nghị. Ảnh: Văn Điệp – TTXVN", "Quang cảnh hội nghị.", "Ảnh: Văn Điệp – TTXVN"),
    ("Quang cảnh hội nghị (Ảnh: Minh Anh)", "Quang cảnh hội nghị", "(Ảnh: Minh Anh)"),
    ("Xã viên HTX chè thu hái chè. ẢNH: TRẦN HIỀN", "Xã viên HTX chè thu hái chè.", "ẢNH: TRẦN HIỀN"),
    ("Lãnh đạo tỉnh thăm HTX. Ảnh minh họa: Internet", "Lãnh đạo tỉnh thăm HTX.", "Ảnh minh họa: Internet"),
    ("Sản phẩm của HTX. Nguồn ảnh: baohaiduong.vn", "Sản phẩm của HTX.", "Nguồn ảnh: baohaiduong.vn"),
])
def test_photo_credit_is_boilerplate_and_caption_text_stays(line, caption, credit):
    p, s = parse(f"Tiêu đề\n\nTỉnh có 580 HTX.\n\n{line}\n\nNăm nay tăng 20 HTX.\n")
    q = in_paragraph(p, s, caption)
    assert q is not None and q.kind == "caption" and p.text[q.start:q.end] == caption
    assert in_boilerplate(p, s, credit)
    assert_well_formed(p, s)


def test_credit_alone_on_a_line_is_boilerplate():
    p, s = parse("Tiêu đề\n\nTỉnh có 580 HTX.\n\nẢnh minh họa\n\nẢnh: TTXVN\n\nNăm nay tăng 20 HTX.\n")
    assert para_texts(p, s) == ["Tiêu đề", "Tỉnh có 580 HTX.", "Năm nay tăng 20 HTX."]


def test_word_anh_inside_a_sentence_is_not_a_credit():
    body = "Hội chợ trưng bày nhiều hình ảnh: cánh đồng, nhà xưởng của 20 HTX trong tỉnh."
    p, s = parse(f"Tiêu đề\n\nTỉnh có 580 HTX.\n\n{body}\n")
    assert body in para_texts(p, s)


def test_consecutive_duplicate_paragraph_is_kept_once():
    long = ("Các thành viên HTX chè Tân Hương thu hái chè trên đồi cao vào sáng sớm, khi sương "
            "còn đọng trên lá, để giữ hương vị đặc trưng của vùng chè nổi tiếng")
    p, s = parse(f"Tiêu đề\n\nTỉnh có 580 HTX.\n\n{long}\n{long}\n\nTăng 20 HTX.\n")
    assert para_texts(p, s).count(long) == 1


def test_short_caption_printed_twice_in_a_row_stays_twice():
    # a caption under two photos states its figure each time (FORMAT.md)
    caption = "Tỉnh có 457 HTX, tạo việc làm cho gần 9 nghìn lao động"
    p, s = parse(f"Tiêu đề\n\nTỉnh có 580 HTX.\n\n{caption}\n{caption}\n\nTăng 20 HTX.\n")
    assert para_texts(p, s).count(caption) == 2


def test_headline_printed_twice_in_a_row_is_not_a_teaser():
    p, s = parse("Thành lập mới 21 HTX\n\nThành lập mới 21 HTX\n\nNăm 2022, thành phố thành lập mới 21 HTX.\n")
    assert para_texts(p, s)[:2] == ["Thành lập mới 21 HTX", "Thành lập mới 21 HTX"]


# --------------------------------------------------------------------------- bylines and sources

@pytest.mark.parametrize("lines,byline,source", [
    (["TRẦN HIỀN"], "TRẦN HIỀN", None),
    (["Bảo Ngân"], "Bảo Ngân", None),
    (["Nguyễn Thị Minh Anh"], "Nguyễn Thị Minh Anh", None),
    (["Bài và ảnh: Trần Hiền"], "Trần Hiền", None),
    (["Văn Điệp (TTXVN)"], "Văn Điệp", "TTXVN"),
    (["Thanh Hà - Minh Anh"], "Thanh Hà - Minh Anh", None),
    (["Bảo Ngân/VOV"], "Bảo Ngân", "VOV"),
    (["TRẦN HIỀN - Báo Hải Dương"], "TRẦN HIỀN", "Báo Hải Dương"),
    (["Nhóm PV"], "Nhóm PV", None),
    (["Theo báo Nhân dân"], None, "Theo báo Nhân dân"),
    (["(Theo VOV)"], None, "Theo VOV"),
    (["Nguồn: TTXVN"], None, "TTXVN"),
    (["quangninh.gov.vn"], None, "quangninh.gov.vn"),
    (["TTXVN"], None, "TTXVN"),
    (["TRẦN HIỀN", "Theo báo Hải Dương"], "TRẦN HIỀN", "Theo báo Hải Dương"),
    (["Bảo Ngân", "Share"], "Bảo Ngân", None),
    (["Theo Thanh Hà (VOV)"], "Thanh Hà", "VOV"),
    (["Tác giả: Bảo Ngân, Minh Anh"], "Bảo Ngân, Minh Anh", None),
    (["Tác giả: baohaiduong.vn"], "baohaiduong.vn", None),
])
def test_byline_and_source_lines_at_the_end(lines, byline, source):
    tail = "\n\n".join(lines)
    p, s = parse(f"Tiêu đề bài\n\nTỉnh có 580 HTX.\n\nNăm nay tăng 20 HTX.\n\n{tail}\n")
    assert (s.byline, s.source) == (byline, source)
    assert para_texts(p, s) == ["Tiêu đề bài", "Tỉnh có 580 HTX.", "Năm nay tăng 20 HTX."]
    for line in lines:
        assert in_boilerplate(p, s, line)
    assert_well_formed(p, s)


@pytest.mark.parametrize("last", [
    "Tỉnh có 580 HTX.",
    "Theo đó, tỉnh có 580 HTX.",
    "Theo báo cáo",
    "Hỗ trợ thành viên",
    "Liên minh HTX tỉnh",
    "HTX Đồng Lạc",
])
def test_last_line_that_is_not_a_byline_stays_content(last):
    p, s = parse(f"Tiêu đề\n\nMở đầu bài.\n\nThân bài.\n\n{last}\n")
    assert s.byline is None and s.source is None
    assert para_texts(p, s)[-1] == last


def test_byline_right_under_the_title():
    p, s = parse("Tiêu đề\n\nTRẦN HIỀN\n\nTỉnh có 580 HTX.\n\nNăm nay tăng 20 HTX.\n")
    assert s.byline == "TRẦN HIỀN"
    assert para_texts(p, s, "lead") == ["Tỉnh có 580 HTX."]


@pytest.mark.parametrize("prefix,source", [
    ("(Chinhphu.vn) - ", "Chinhphu.vn"),
    ("(Baohaiduong.vn) – ", "Baohaiduong.vn"),
    ("TTXVN - ", "TTXVN"),
    ("VOV.VN - ", "VOV.VN"),
    ("Bnews ", "Bnews"),
])
def test_outlet_glued_to_the_lead_is_the_source(prefix, source):
    lead = "Thủ tướng yêu cầu phát triển 15.000 HTX nông nghiệp."
    p, s = parse(f"Tiêu đề\n\n{prefix}{lead}\n\nThân bài.\n")
    assert s.source == source
    assert para_texts(p, s, "lead") == [lead]
    assert in_boilerplate(p, s, prefix.strip())


@pytest.mark.parametrize("lead", [
    "HÀ NỘI - Thành phố có 1.909 HTX.",
    "Giai đoạn 2021 - 2025, tỉnh phấn đấu có 30 HTX.",
    "Nhân dân tỉnh đóng góp 100 tỷ đồng.",
])
def test_lead_that_does_not_start_with_an_outlet_is_kept_whole(lead):
    p, s = parse(f"Tiêu đề\n\n{lead}\n\nThân bài.\n")
    assert s.source is None
    assert para_texts(p, s, "lead") == [lead]


def test_end_source_wins_over_the_glued_outlet():
    p, s = parse("Tiêu đề\n\nTTXVN - Tỉnh có 580 HTX.\n\nThân bài.\n\nTheo báo Nhân dân\n")
    assert s.source == "Theo báo Nhân dân"


# --------------------------------------------------------------------------- paragraphs

def test_paragraph_kinds():
    text = ("Tiêu đề bài\n\n13/08/2019\n\nTỉnh có 580 HTX hoạt động hiệu quả.\n\n"
            "Lãnh đạo tỉnh kiểm tra cánh đồng cà rốt của HTX Dịch vụ nông nghiệp Đồng Lạc (Chí Linh)\n\n"
            "Năm 2019 tăng 20 HTX.\n\nHỗ trợ thành viên\n\nLiên minh đã tổ chức 44 lớp bồi dưỡng.\n")
    p, s = parse(text)
    kinds = [(q.kind, p.text[q.start:q.end][:20]) for q in s.paragraphs]
    assert [k for k, _ in kinds] == ["title", "lead", "caption", "text", "heading", "text"]
    assert all(q.section == "body" for q in s.paragraphs)
    assert_well_formed(p, s)


def test_paragraph_lookup_helpers():
    p, s = parse("Tiêu đề\n\nTỉnh có 580 HTX.\n\nShare\n")
    i = p.text.index("580")
    assert s.paragraph_at(i).kind == "lead"
    assert s.paragraph_at(p.text.index("Share")) is None
    assert s.in_boilerplate(p.text.index("Share"))
    assert not s.in_boilerplate(i, i + 3)


def test_star_paragraph_after_the_body_starts_an_appended_section():
    text = ("Thái Nguyên nâng cao hiệu quả HTX\n\nTỉnh có 580 HTX.\n\nGiai đoạn tới tăng 30 HTX.\n\n"
            "* Thời gian qua, tỉnh An Giang có 1.772 mô hình dân vận khéo.\n\n"
            "Để duy trì các mô hình, tỉnh huy động 100 tỷ đồng.\n\nTheo báo Nhân dân\n\nCopyright 2020\n")
    p, s = parse(text)
    assert para_texts(p, s, section="appended") == [
        "* Thời gian qua, tỉnh An Giang có 1.772 mô hình dân vận khéo.",
        "Để duy trì các mô hình, tỉnh huy động 100 tỷ đồng."]
    assert para_texts(p, s, section="body") == ["Thái Nguyên nâng cao hiệu quả HTX", "Tỉnh có 580 HTX.",
                                                 "Giai đoạn tới tăng 30 HTX."]
    assert s.source == "Theo báo Nhân dân"
    assert_well_formed(p, s)


def test_star_bullet_list_inside_the_body_is_not_appended():
    text = ("Tiêu đề\n\nTỉnh có 580 HTX.\n\nMục tiêu năm 2021 gồm:\n\n* Thành lập 30 HTX mới;\n\n"
            "* Kết nạp 500 thành viên.\n\nKết quả sẽ được báo cáo cuối năm.\n")
    p, s = parse(text)
    assert all(q.section == "body" for q in s.paragraphs)


def test_separator_line_starts_an_appended_section():
    text = ("Tiêu đề\n\nTỉnh có 580 HTX.\n\nNăm nay tăng 30 HTX.\n\n***\n\n"
            "Tỉnh An Giang có 1.772 mô hình dân vận khéo.\n\nNguồn: TTXVN\n")
    p, s = parse(text)
    assert para_texts(p, s, section="appended") == ["Tỉnh An Giang có 1.772 mô hình dân vận khéo."]
    assert in_boilerplate(p, s, "***")
    assert s.source == "TTXVN"
    assert_well_formed(p, s)


def test_markers_fold_case_and_eth():
    assert fold("ÐỌC THÊM") == fold("Đọc thêm") == "đọc thêm"
    assert len(fold("İstanbul ẞ")) == len("İstanbul ẞ")


def test_spans_are_in_prepared_text_and_map_to_the_original():
    original = "Tie\u0302\u0301u \u00d0e\u0302\u0300\r\n\r\n13/08/2019\r\n\r\nTỉnh có 580\u00a0HTX.\r\n"
    p, s = parse(original)
    assert s.title == "Tiếu Đề"
    a, b = p.span_to_original(*s.title_span)
    assert original[a:b] == "Tie\u0302\u0301u \u00d0e\u0302\u0300"
    lead = next(q for q in s.paragraphs if q.kind == "lead")
    a, b = p.span_to_original(lead.start, lead.end)
    assert original[a:b] == "Tỉnh có 580\u00a0HTX."


# --------------------------------------------------------------------------- robustness

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["Tin liên quan", "Xem thêm:", "Hà Nội", "có", "1.909", "HTX", "hợp tác xã.", "13/08/2019", "15:01",
           "Thứ Sáu,", "Ảnh:", "TTXVN", "(Ảnh: Minh Anh)", "*", "* Thời gian qua", "***", "Theo báo", "Nhân dân",
           "Nguồn:", "quangninh.gov.vn", "Share", "Copyright", "©", "Bnews", "TRẦN HIỀN", "Bảo Ngân", ":", ".",
           "-", "–", "Giấy phép số", "ngày 11 tháng 12 năm 2020", "32/13/2020", "Ðồng", "\u00a0", "Tổng biên tập:",
           "Phát triển kinh tế tập thể:", ">", "(Chinhphu.vn) -", "Bài và ảnh:"]
_line = st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join)
_article = st.lists(st.one_of(_line, st.just(""), st.just("Hà Nội có 1.909 hợp tác xã")), max_size=14).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_article)
def test_property_any_article_parses_into_well_formed_structure(text):
    p, s = parse(text)
    assert_well_formed(p, s)
    for q in s.paragraphs:  # every paragraph is a line of the text (or its part)
        assert "\n" not in p.text[q.start:q.end]


# --------------------------------------------------------------------------- real page headers

@pytest.mark.parametrize("line, date", [
    ("Kinh tế 12-03-2021", dt.date(2021, 3, 12)),                      # section label, then the date
    ("Xã hội - Ngày đăng : 08:15, 02/11/2021", dt.date(2021, 11, 2)),
    ("Lê Hoa - 15:05, 03/10/2022", dt.date(2022, 10, 3)),               # author, then the date
    ("Ngày đăng bài: 22/05/2018 | Tác giả: Ngọc Lãm", dt.date(2018, 5, 22)),
    ("author Thứ Ba, ngày 21/08/2012 05:37 AM (GMT+7)", dt.date(2012, 8, 21)),
])
def test_real_datelines_with_labels_are_datelines(line, date):
    assert parse_dateline(line) == (True, date)


@pytest.mark.parametrize("line", ["Ngày 13/8/2019, tại buổi làm việc với Liên minh HTX",
                                  "Sáng 27/10/2020 tại Hà Nội", "Kinh tế 27/10/2020."])
def test_a_sentence_that_starts_with_a_date_is_not_a_dateline(line):
    assert parse_dateline(line)[0] is False


def test_the_site_header_date_does_not_date_the_article():
    p, s = parse("Thứ ba 06/01/2026 02:42\nHotline: 024.355.63.010\nNghiên cứu - Dữ liệu\n\n"
                 "Liên minh HTX tỉnh Đồng Nai tổ chức Đại hội lần thứ VI\n\n23/10/2020 18:50\n"
                 "Ngày 23/10, Liên minh HTX tỉnh Đồng Nai đã tổ chức Đại hội.\n")
    assert s.title == "Liên minh HTX tỉnh Đồng Nai tổ chức Đại hội lần thứ VI"
    assert s.published == dt.date(2020, 10, 23)


def test_a_section_path_above_the_dateline_is_not_the_headline():
    p, s = parse("Kinh tế Nông nghiệp - Nông thôn\n\n04/11/2014 - 05:39\n\n"
                 "Phong Điền: 45 hợp tác xã hoạt động hiệu quả\n\nTTH - Toàn huyện có 54 HTX.\n")
    assert s.title == "Phong Điền: 45 hợp tác xã hoạt động hiệu quả"
    assert s.published == dt.date(2014, 11, 4)


def test_the_outlets_masthead_in_capitals_is_not_the_headline():
    p, s = parse("Tải ứng dụng:\nBÁO ĐIỆN TỬ CHÍNH PHỦ\nHợp tác xã nông nghiệp tăng mạnh về số lượng\n"
                 "Năm 2023, cả nước có thêm 1.500 HTX.\n")
    assert s.title == "Hợp tác xã nông nghiệp tăng mạnh về số lượng"


def test_a_date_glued_before_the_first_line_dates_the_page():
    p, s = parse(" date 2025-10-29 Hợp tác xã tỉnh Nghệ An phát triển mạnh\n"
                 "Trong giai đoạn 2021–2025, toàn tỉnh thành lập mới 200 hợp tác xã.\n")
    assert s.published == dt.date(2025, 10, 29)
    assert s.title == "Hợp tác xã tỉnh Nghệ An phát triển mạnh"


def test_a_lead_tagged_with_its_outlet_above_the_headline_is_not_the_headline():
    p, s = parse("(kontumtv.vn) – Liên minh HTX tỉnh đã tổ chức Lễ công bố thành viên mới cho 6 HTX.\n\n"
                 "LIEN MINH HOP TAC XA CONG BO THANH VIEN MOI\n\n6 hợp tác xã được nhận quyết định.\n")
    assert s.title == "LIEN MINH HOP TAC XA CONG BO THANH VIEN MOI"
    assert para_texts(p, s)[:2] == ["Liên minh HTX tỉnh đã tổ chức Lễ công bố thành viên mới cho 6 HTX.",
                                    "LIEN MINH HOP TAC XA CONG BO THANH VIEN MOI"]  # in reading order
    assert s.source == "kontumtv.vn"


def test_a_district_before_the_colon_stays_in_the_headline():
    p, s = parse("Bảo Lâm: Các HTX, THT hoạt động hiệu quả\n\nToàn huyện có 20 HTX.\n")
    assert s.title == "Bảo Lâm: Các HTX, THT hoạt động hiệu quả"


def test_a_series_label_before_the_colon_is_a_rubric_however_long():
    p, s = parse("Đổi mới, nâng cao hiệu quả kinh tế tập thể – Bài cuối: Tạo cơ chế, động lực phát triển\n"
                 "TP Hồ Chí Minh đặt mục tiêu phát triển 100 HTX kiểu mới.\n")
    assert s.title == "Tạo cơ chế, động lực phát triển"


def test_without_a_dateline_a_lead_opening_on_a_full_date_dates_the_page():
    p, s = parse("Đại hội thành viên HTX Hợp Lực lần thứ II\n\n"
                 "Ngày 25/6/2016, HTX Hợp Lực tổ chức Đại hội thành viên lần thứ II.\n")
    assert s.published == dt.date(2016, 6, 25)
    p, s = parse("Đại hội thành viên HTX Hợp Lực\n\nNgày 25/6, HTX Hợp Lực tổ chức Đại hội thành viên.\n")
    assert s.published is None


def test_the_article_after_a_separator_under_a_teaser_is_the_body_not_an_appended_item():
    body = " ".join(["Tính đến cuối năm 2023, toàn quốc có hơn 31.000 HTX và 120.000 tổ hợp tác."] * 4)
    p, s = parse(f"Hợp tác xã liên kết bền chặt\n=====\n\nXem chi tiết: HTX gắn với doanh nghiệp.\n"
                 f"------\n\n{body}\n\nTheo UBND tỉnh Yên Bái, chuỗi liên kết giúp HTX ổn định đầu ra.\n")
    assert {q.section for q in s.paragraphs} == {"body"}


def test_a_short_item_after_a_separator_is_appended():
    body = " ".join(["Tính đến cuối năm 2023, toàn tỉnh có 580 HTX và 1.200 tổ hợp tác."] * 4)
    p, s = parse(f"Tỉnh có 580 HTX\n\n{body}\n\nTỉnh phấn đấu có thêm 50 HTX.\n***\n\nGiá lúa tăng 5%.\n")
    assert [q.section for q in s.paragraphs][-1] == "appended"


def test_a_footer_glued_after_the_text_is_boilerplate_and_the_text_stays():
    p, s = parse("Hợp tác xã tỉnh phát triển mạnh mẽ\n\n"
                 "Năm nay toàn tỉnh tăng 15 HTX so với năm trước. © 2024 Báo Thái Nguyên\n\nĐến nay có 580 HTX.\n")
    assert "Năm nay toàn tỉnh tăng 15 HTX so với năm trước." in para_texts(p, s)
    assert in_boilerplate(p, s, "© 2024 Báo Thái Nguyên")
    p, s = parse("Hợp tác xã tỉnh phát triển mạnh mẽ\n\nTỉnh có 580 HTX.\n\n© 2024 Báo Thái Nguyên | Ghi rõ nguồn\n")
    assert in_boilerplate(p, s, "© 2024 Báo Thái Nguyên | Ghi rõ nguồn")


# ---------------------------------------------------------------- single passes of parse_structure

def passes_input(text: str):
    """The lines of ``text`` as the first pass leaves them, with the end markers and the rules."""
    lines = structure._lines(prepare(text).text)
    r = structure._rules()
    return lines, structure.mark_furniture(lines, r), r


def test_the_furniture_pass_marks_separators_and_datelines_and_returns_end_markers():
    lines, ends, _ = passes_input("Tiêu đề bài báo về hợp tác xã\n13/08/2019\nNội dung.\n* * *\nTin liên quan\nBài khác")
    assert [ln.bp for ln in lines] == [None, None, None, "separator", None, None]
    assert [ln.dateline for ln in lines] == [False, True, False, False, False, False]
    assert lines[1].date == dt.date(2019, 8, 13)
    assert ends == [4]


def test_the_title_pass_takes_the_line_above_the_dateline_and_the_site_date_above_it_is_no_dateline():
    lines, ends, r = passes_input("01/12/2024\nKinh tế\nHợp tác xã tỉnh Thái Nguyên phát triển mạnh\n"
                                  "13/08/2019\nNăm 2019, tỉnh có 580 hợp tác xã.")
    found = structure.find_title(lines, ends, r)
    assert (found.index, found.dated) == (2, True)
    assert [ln.bp for ln in lines[:2]] == ["site date", "navigation"]


def test_the_title_pass_skips_a_rubric_above_a_headline():
    lines, ends, r = passes_input("Phát triển kinh tế tập thể:\nHợp tác xã tỉnh Thái Nguyên phát triển mạnh\n"
                                  "Năm 2019, tỉnh có 580 hợp tác xã.")
    found = structure.find_title(lines, ends, r)
    assert (found.index, found.rubric, lines[0].bp) == (1, "Phát triển kinh tế tập thể", "rubric")


def test_the_related_news_pass_cuts_the_article_at_a_marker_standing_as_a_heading():
    lines, ends, r = passes_input("Tiêu đề bài báo\nNăm 2019, tỉnh có 580 hợp tác xã.\nTin liên quan\nBài khác")
    assert structure.cut_related(lines, ends, 0, r) == 2
    assert [ln.bp for ln in lines] == [None, None, "related", "related"]


def test_the_teaser_pass_moves_the_title_to_its_repeat_and_marks_what_is_above_it():
    lines, ends, r = passes_input("Hợp tác xã phát triển mạnh\nĐoạn giới thiệu ngắn.\nMột dòng khác.\n"
                                  "Hợp tác xã phát triển mạnh\nNăm 2019, tỉnh có 580 hợp tác xã.")
    assert structure.skip_teaser(lines, lines, 0) == 3
    assert [ln.bp for ln in lines] == ["teaser", "teaser", "teaser", None, None]


def test_the_teaser_pass_reads_a_headline_printed_twice_in_a_row_as_two_prints():
    lines, ends, r = passes_input("Hợp tác xã phát triển mạnh\nHợp tác xã phát triển mạnh\nNăm 2019, có 5 HTX.")
    assert structure.skip_teaser(lines, lines, 0) == 0
    assert all(ln.bp is None for ln in lines)


def test_the_repeat_pass_prints_a_long_paragraph_once_and_a_short_caption_twice():
    long = " ".join(["Hợp tác xã nông nghiệp"] * 6) + "."
    lines, _, _ = passes_input(f"{long}\n{long}\nẢnh minh họa hợp tác xã\nẢnh minh họa hợp tác xã")
    kept = structure.drop_repeats(lines)
    assert [ln.idx for ln in kept] == [0, 2, 3]
    assert lines[1].bp == "duplicate"


def test_the_outlet_pass_finds_the_outlet_glued_to_the_lead():
    lines, _, r = passes_input("(TTXVN) - Năm 2019, tỉnh có 580 hợp tác xã.")
    name, offset = structure.find_outlet_lead(lines, r)
    assert name == "TTXVN" and lines[0].s[offset:].startswith("Năm 2019")


def test_the_byline_pass_takes_the_writer_and_the_source_from_the_last_lines():
    lines, _, _ = passes_input("Năm 2019, tỉnh có 580 hợp tác xã.\nTổng doanh thu tăng.\nTRẦN HIỀN\nTheo báo Nhân dân")
    content, byline, source = structure.find_byline_and_source(lines)
    assert (byline, source) == ("TRẦN HIỀN", "Theo báo Nhân dân")
    assert [ln.idx for ln in content] == [0, 1]
