"""The province an article is about, on real-page shapes: national events held in a
province, national figures before a province's example, the page's URL."""
from __future__ import annotations

from vnfacts.extractors.pipeline import extract_text


def about(text: str, source: str | None = None) -> str | None:
    return extract_text(text, doc="t.txt", source=source).metadata.about_province


def test_the_venue_of_a_national_congress_is_not_what_it_is_about():
    text = ("500 đại biểu sẽ dự Đại hội toàn quốc Liên minh HTX lần thứ VII\n\n"
            "Đại hội đại biểu toàn quốc Liên minh Hợp tác xã Việt Nam sẽ được tổ chức trong 2 ngày "
            "tại Trung tâm Hội nghị Quốc gia (quận Nam Từ Liêm, TP. Hà Nội).\n\n"
            "Cả nước hiện có 31.000 HTX với 7 triệu thành viên.\n")
    assert about(text) is None


def test_a_province_first_named_after_the_countrys_figures_does_not_make_the_article_its():
    text = ("Hợp tác xã và doanh nghiệp liên kết bền chặt\n\n"
            "Tính đến cuối năm 2023, toàn quốc có hơn 31.000 HTX và 120.000 tổ hợp tác.\n\n"
            "Doanh thu bình quân của một HTX đạt 4,3 tỷ đồng.\n\n"
            "Theo UBND tỉnh Yên Bái, chuỗi liên kết giúp HTX ổn định đầu ra.\n\n"
            "Thực tiễn tại tỉnh Yên Bái cho thấy nhiều HTX có doanh thu 30 tỷ đồng.\n")
    assert about(text) is None


def test_a_province_named_in_the_lead_still_makes_the_article_its():
    text = ("Hợp tác xã liên kết bền chặt\n\n"
            "Tỉnh Yên Bái hiện có 250 HTX, trong khi toàn quốc có hơn 31.000 HTX.\n\n"
            "Nhiều HTX của tỉnh Yên Bái có doanh thu trên 5 tỷ đồng.\n")
    assert about(text) == "Yên Bái"


def test_a_provincial_portals_url_tells_an_unnamed_provinces_article():
    text = "Liên minh HTX tỉnh họp mặt kỷ niệm\n\nHiện nay, trên địa bàn tỉnh có 88 HTX.\n"
    assert about(text) is None
    assert about(text, source="https://quangninh.gov.vn/tin-tuc/lien-minh-htx.html") == "Quảng Ninh"


def test_an_article_that_names_no_province_up_front_and_goes_round_many_is_national():
    text = ("Hợp tác xã nông nghiệp số soi sáng nguồn gốc nông sản\n\n"
            "HTX Nông nghiệp số ký kết hợp tác với nhiều đối tác trong và ngoài nước.\n\n"
            "Công nghệ truy xuất giúp HTX bán hàng với giá cao hơn.\n\n"
            "HTX đã có khách hàng ở Hà Nội và Sơn La; Liên hiệp HTX tỉnh Sơn La đã tham gia.\n\n"
            "Bà Vân, Chủ tịch Liên hiệp HTX Nông sản an toàn Sơn La, chia sẻ về 30 HTX.\n\n"
            "Năm 2018, HTX sẽ mở hệ thống ở Lâm Đồng, Bình Phước và Tây Ninh.\n")
    assert about(text) is None
