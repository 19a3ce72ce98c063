"""Gazetteer: provinces and districts found in Vietnamese text, and named canonically."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnfacts.extractors import gazetteer as g
from vnfacts.extractors.gazetteer import (
    Place,
    canonical_province,
    find_places,
    fold,
    post_merger_province,
    province_from_domain,
    provinces,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _mapping() -> dict:
    return json.loads(g._mapping_path().read_text(encoding="utf-8"))


def places(text: str) -> list[tuple[str, str, str]]:
    return [(p.surface, p.kind, p.province) for p in find_places(text)]


def province_names(text: str) -> list[str]:
    return [p.province for p in find_places(text) if p.kind == "province"]


# --------------------------------------------------------------------------- provinces()

def test_there_are_63_distinct_canonical_provinces():
    names = provinces()
    assert len(names) == 63
    assert len(set(names)) == 63


def test_canonical_names_drop_the_prefix_and_keep_the_data_spelling():
    names = set(provinces())
    for name in ("Hà Nội", "Hồ Chí Minh", "Thái Nguyên", "Hải Dương", "Quảng Ninh", "An Giang",
                 "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "Hòa Bình", "Thanh Hóa", "Đắk Lắk", "Đắk Nông"):
        assert name in names
    assert not any(n.lower().startswith(("tỉnh", "thành phố")) for n in names)
    assert "Huế" not in names


def test_provinces_returns_a_copy():
    provinces().clear()
    assert len(provinces()) == 63


# --------------------------------------------------------------------------- canonical_province

def test_every_pre_2025_province_name_in_the_data_resolves():
    data = _mapping()
    for info in data["old_province_names"].values():
        assert canonical_province(info["name"]) in provinces(), info
        assert canonical_province(info["short"]) in provinces(), info


def test_every_post_2025_province_resolves_to_a_pre_2025_one():
    data = _mapping()
    assert len(data["province_names"]) == 34
    for info in data["province_names"].values():
        assert canonical_province(info["name"]) in provinces(), info
        assert canonical_province(info["short"]) in provinces(), info


def test_each_canonical_name_resolves_to_itself():
    for name in provinces():
        assert canonical_province(name) == name


@pytest.mark.parametrize("spelling", ["Hà Nội", "TP Hà Nội", "TP. Hà Nội", "Tp.Hà Nội", "thành phố Hà Nội",
                                      "Thành phố Hà Nội", "THÀNH PHỐ HÀ NỘI", "ha noi", "Ha Noi", "Hanoi",
                                      " Hà  Nội ", "Hà Nội."])
def test_spellings_of_ha_noi(spelling):
    assert canonical_province(spelling) == "Hà Nội"


@pytest.mark.parametrize("spelling", ["Thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "TP.HCM", "TPHCM", "TP HCM",
                                      "Tp.HCM", "HCM", "Sài Gòn", "Saigon", "HCMC", "ho chi minh"])
def test_spellings_of_ho_chi_minh_city(spelling):
    assert canonical_province(spelling) == "Hồ Chí Minh"


@pytest.mark.parametrize("spelling,canon", [
    ("tỉnh Thái Nguyên", "Thái Nguyên"),
    ("Tỉnh Quảng Ninh", "Quảng Ninh"),
    ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
    ("Thừa Thiên Huế", "Thừa Thiên Huế"),
    ("Huế", "Thừa Thiên Huế"),
    ("Thành phố Huế", "Thừa Thiên Huế"),
    ("TT-Huế", "Thừa Thiên Huế"),
    ("BR-VT", "Bà Rịa - Vũng Tàu"),
    ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("Đắk Lắk", "Đắk Lắk"),
    ("Đắc Lắc", "Đắk Lắk"),
    ("Đăk Lăk", "Đắk Lắk"),
    ("Dak Lak", "Đắk Lắk"),
    ("Daklak", "Đắk Lắk"),
    ("Đăk Nông", "Đắk Nông"),
    ("Dak Nong", "Đắk Nông"),
    ("Hoà Bình", "Hòa Bình"),
    ("Hòa Bình", "Hòa Bình"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("\u00d0ồng Nai", "Đồng Nai"),
    ("\u00d0à Nẵng", "Đà Nẵng"),
    ("Bắc Cạn", "Bắc Kạn"),
    ("Kontum", "Kon Tum"),
    ("quang ngai", "Quảng Ngãi"),
    ("Quang Nam", "Quảng Nam"),
    ("tinh khanh hoa", "Khánh Hòa"),
])
def test_variant_spellings_resolve(spelling, canon):
    assert canonical_province(spelling) == canon


def test_decomposed_unicode_input_resolves():
    assert canonical_province(unicodedata.normalize("NFD", "Quảng Ngãi")) == "Quảng Ngãi"


@pytest.mark.parametrize("spelling", ["Việt Nam", "Thủ đô", "Trung ương", "Chí Linh", "Phúc Xuân", "Nam",
                                      "Hà", "", "   ", "xyz", "Hà Tây"])
def test_non_provinces_do_not_resolve(spelling):
    assert canonical_province(spelling) is None


def test_none_does_not_resolve():
    assert canonical_province(None) is None


# --------------------------------------------------------------------------- post_merger_province

@pytest.mark.parametrize("old,new", [
    ("Hải Dương", "Hải Phòng"),
    ("Hải Phòng", "Hải Phòng"),
    ("Bắc Kạn", "Thái Nguyên"),
    ("Hà Giang", "Tuyên Quang"),
    ("Bình Dương", "Hồ Chí Minh"),
    ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Quảng Nam", "Đà Nẵng"),
    ("Kiên Giang", "An Giang"),
    ("Hà Nội", "Hà Nội"),
    ("Thừa Thiên Huế", "Huế"),
    ("tỉnh Hòa Bình", "Phú Thọ"),
])
def test_post_merger_province(old, new):
    assert post_merger_province(old) == new


def test_every_province_has_one_of_the_34_post_merger_provinces():
    merged = {post_merger_province(p) for p in provinces()}
    assert len(merged) == 34
    assert all(canonical_province(m) in provinces() for m in merged)


def test_post_merger_of_a_non_province_is_none():
    assert post_merger_province("Việt Nam") is None


# --------------------------------------------------------------------------- find_places: provinces

def test_province_after_tinh_prefix_spans_the_name_only():
    text = "Tỉnh Thái Nguyên hiện có hơn 580 hợp tác xã"
    (p,) = find_places(text)
    assert p == Place(5, 16, "Thái Nguyên", "province", "Thái Nguyên", True)


def test_province_in_an_alliance_name():
    assert places("Liên minh HTX TP Hà Nội") == [("Hà Nội", "province", "Hà Nội")]
    assert places("Liên minh Hợp tác xã thành phố Hà Nội") == [("Hà Nội", "province", "Hà Nội")]
    assert places("Liên minh HTX tỉnh Thái Nguyên tổ chức hội nghị") == [
        ("Thái Nguyên", "province", "Thái Nguyên")]


def test_city_named_like_its_province_is_a_district_of_it_and_communes_are_not_places():
    text = "Xã viên Hợp tác xã chè Tân Hương (xã Phúc Xuân, TP Thái Nguyên, tỉnh Thái Nguyên) thu hái chè."
    found = find_places(text)
    assert [(p.surface, p.kind, p.province, p.prefixed) for p in found] == [
        ("Thái Nguyên", "district", "Thái Nguyên", True),
        ("Thái Nguyên", "province", "Thái Nguyên", True),
    ]
    assert found[0].start == text.index("Thái Nguyên")


def test_bare_province_names():
    assert places("Thời gian qua, việc thực hiện Quy chế dân chủ ở tỉnh An Giang đã tạo không khí phấn khởi") == [
        ("An Giang", "province", "An Giang")]
    assert province_names("Giai đoạn 2021 - 2025, Thái Nguyên chú trọng đầu tư") == ["Thái Nguyên"]
    assert province_names("Bí thư Thành ủy Hà Nội Hoàng Trung Hải phát biểu") == ["Hà Nội"]


def test_unprefixed_province_is_not_prefixed():
    (p,) = find_places("Đoàn công tác đến Quảng Ninh.")
    assert p.prefixed is False


@pytest.mark.parametrize("text", ["TP.HCM", "TPHCM", "TP HCM", "Tp.HCM", "TP. HCM", "Thành phố Hồ Chí Minh",
                                  "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "thành phố Hồ Chí Minh"])
def test_ho_chi_minh_city_forms(text):
    found = find_places(f"Các HTX tại {text} phát triển mạnh.")
    assert [(p.kind, p.province, p.prefixed) for p in found] == [("province", "Hồ Chí Minh", True)]
    assert found[0].surface in ("HCM", "Hồ Chí Minh")


def test_ho_chi_minh_the_person_is_not_the_city():
    assert find_places("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh") == []
    assert find_places("Đoàn Thanh niên Cộng sản Hồ Chí Minh và Chủ tịch Hồ Chí Minh") == []
    assert find_places("Ngành HTX học tập tư tưởng HCM") == []


def test_tone_placement_variants_match_and_keep_the_original_surface():
    assert places("Liên minh HTX tỉnh Hoà Bình") == [("Hoà Bình", "province", "Hòa Bình")]
    assert places("Liên minh HTX tỉnh Hòa Bình") == [("Hòa Bình", "province", "Hòa Bình")]
    assert places("Nông sản Thanh Hoá và Khánh Hoà") == [
        ("Thanh Hoá", "province", "Thanh Hóa"), ("Khánh Hoà", "province", "Khánh Hòa")]


def test_lowercase_hoa_binh_is_peace():
    assert find_places("Vì hòa bình và hữu nghị giữa các dân tộc") == []
    assert find_places("vì hoà bình") == []


def test_eth_is_read_as_d_stroke():
    text = "Ðể phát triển, \u00d0ồng Nai và \u00d0à Nẵng đã"
    assert places(text) == [("\u00d0ồng Nai", "province", "Đồng Nai"), ("\u00d0à Nẵng", "province", "Đà Nẵng")]


def test_ha_nam_ha_noi_and_ha_nam_ninh():
    assert province_names("Hà Nam và Hà Nội") == ["Hà Nam", "Hà Nội"]
    assert province_names("tỉnh Hà Nam Ninh cũ") == []
    assert province_names("Nam Định, Ninh Bình") == ["Nam Định", "Ninh Bình"]


def test_quang_provinces_are_told_apart():
    assert province_names("HTX ở Quảng Nam, Quảng Ninh, Quảng Ngãi, Quảng Bình và Quảng Trị") == [
        "Quảng Nam", "Quảng Ninh", "Quảng Ngãi", "Quảng Bình", "Quảng Trị"]


def test_dak_provinces_and_their_spellings():
    assert province_names("Đắk Nông, Đắk Lắk, Đăk Lăk, Đắc Lắc") == ["Đắk Nông", "Đắk Lắk", "Đắk Lắk", "Đắk Lắk"]


def test_hyphenated_names_and_abbreviations():
    assert places("tỉnh Bà Rịa - Vũng Tàu") == [("Bà Rịa - Vũng Tàu", "province", "Bà Rịa - Vũng Tàu")]
    assert places("tỉnh Bà Rịa – Vũng Tàu") == [("Bà Rịa – Vũng Tàu", "province", "Bà Rịa - Vũng Tàu")]
    assert places("Liên minh HTX BR-VT") == [("BR-VT", "province", "Bà Rịa - Vũng Tàu")]
    assert places("tỉnh Thừa Thiên - Huế") == [("Thừa Thiên - Huế", "province", "Thừa Thiên Huế")]
    assert places("TT-Huế") == [("TT-Huế", "province", "Thừa Thiên Huế")]
    assert places("TP Huế") == [("Huế", "province", "Thừa Thiên Huế")]


def test_no_bare_two_letter_abbreviations():
    assert find_places("HN và SG, HCM") == []


def test_country_centre_and_capital_are_not_provinces():
    assert find_places("Liên minh Hợp tác xã Việt Nam") == []
    assert find_places("các nghị quyết, chỉ thị của Trung ương; kinh tế Thủ đô") == []
    assert province_names("Thủ đô Hà Nội") == ["Hà Nội"]


def test_person_names_that_contain_a_province_are_not_provinces():
    assert find_places("Phó Thủ tướng Nguyễn Hòa Bình") == []
    assert find_places("ông Trần Thái Bình, Giám đốc HTX") == []
    assert find_places("chị Hà Giang, xã viên HTX, cho biết") == []
    assert find_places("bà Nguyễn Thị Thanh Hóa") == []


def test_communes_streets_and_rivers_named_after_a_province_are_not_it():
    assert find_places("xã Hòa Bình") == []
    assert find_places("phường Thái Bình") == []
    assert find_places("số 10 phố Huế") == []
    assert find_places("đường Hà Nội") == []
    assert find_places("trên sông Đồng Nai") == []
    assert find_places("P.Hòa Bình, X. Thái Bình") == []


def test_a_cooperative_named_after_a_province_mentions_it():
    assert province_names("Hợp tác xã Quảng Ninh") == ["Quảng Ninh"]
    assert province_names("HỢP TÁC XÃ THÁI NGUYÊN") == ["Thái Nguyên"]


def test_the_pacific_is_not_thai_binh_or_binh_duong():
    assert find_places("khu vực Châu Á - Thái Bình Dương") == []
    assert find_places("Thái Bình Dương") == []


def test_capitals_are_matched_except_everyday_words():
    assert province_names("TỈNH QUẢNG NINH TỔNG KẾT") == ["Quảng Ninh"]
    assert find_places("VÌ HÒA BÌNH") == []


def test_gia_lai_kon_tum_names_both():
    assert province_names("Gia Lai - Kon Tum") == ["Gia Lai", "Kon Tum"]


# --------------------------------------------------------------------------- find_places: districts

def test_bare_district_in_parentheses():
    text = "Lãnh đạo Liên minh HTX tỉnh kiểm tra cánh đồng cà rốt của HTX Dịch vụ nông nghiệp Đồng Lạc (Chí Linh)"
    (p,) = find_places(text)
    assert (p.surface, p.kind, p.province, p.prefixed) == ("Chí Linh", "district", "Hải Dương", False)
    assert text[p.start:p.end] == "Chí Linh"


@pytest.mark.parametrize("text,name,province", [
    ("huyện Phú Bình", "Phú Bình", "Thái Nguyên"),
    ("thị xã Chí Linh", "Chí Linh", "Hải Dương"),
    ("TX Chí Linh", "Chí Linh", "Hải Dương"),
    ("TP Chí Linh", "Chí Linh", "Hải Dương"),
    ("quận Hoàn Kiếm", "Hoàn Kiếm", "Hà Nội"),
    ("Quận Ninh Kiều", "Ninh Kiều", "Cần Thơ"),
    ("quận Hoàng Mai", "Hoàng Mai", "Hà Nội"),
    ("quận 1", "1", "Hồ Chí Minh"),
    ("Q.3", "3", "Hồ Chí Minh"),
    ("H. Đông Anh", "Đông Anh", "Hà Nội"),
    ("TP Vinh", "Vinh", "Nghệ An"),
    ("huyện Hoành Bồ cũ", "Hoành Bồ", "Quảng Ninh"),
])
def test_prefixed_districts(text, name, province):
    (p,) = find_places(text)
    assert (p.surface, p.kind, p.province, p.prefixed) == (name, "district", province, True)


def test_prefix_type_decides_between_a_town_and_a_district_of_one_name():
    assert places("thị xã Sơn Tây") == [("Sơn Tây", "district", "Hà Nội")]
    assert places("huyện Sơn Tây") == [("Sơn Tây", "district", "Quảng Ngãi")]


def test_district_named_like_another_province_after_huyen():
    assert places("huyện Hòa Bình") == [("Hòa Bình", "district", "Bạc Liêu")]
    assert places("huyện Quảng Ninh") == [("Quảng Ninh", "district", "Quảng Bình")]
    assert places("TP Hòa Bình") == [("Hòa Bình", "district", "Hòa Bình")]


def test_ambiguous_district_is_resolved_by_a_province_in_the_text():
    assert places("huyện Phong Điền, TP Cần Thơ") == [
        ("Phong Điền", "district", "Cần Thơ"), ("Cần Thơ", "province", "Cần Thơ")]
    assert places("huyện Châu Thành, tỉnh An Giang") == [
        ("Châu Thành", "district", "An Giang"), ("An Giang", "province", "An Giang")]


def test_ambiguous_district_without_a_province_is_dropped():
    assert find_places("huyện Châu Thành") == []
    assert find_places("Bí thư Huyện ủy Châu Thành") == []


def test_province_in_the_text_beats_the_prefix_type():
    # Phong Điền is a "huyện" of Cần Thơ and (since 2024) a "thị xã" of Huế
    assert places("huyện Phong Điền") == [("Phong Điền", "district", "Cần Thơ")]
    assert places("huyện Phong Điền, tỉnh Thừa Thiên Huế") == [
        ("Phong Điền", "district", "Thừa Thiên Huế"), ("Thừa Thiên Huế", "province", "Thừa Thiên Huế")]
    assert places("quận Tân Phú") == [("Tân Phú", "district", "Hồ Chí Minh")]
    assert places("huyện Tân Phú") == [("Tân Phú", "district", "Đồng Nai")]


def test_bare_well_known_districts_and_cities():
    assert places("Hội chợ tại Hạ Long, Móng Cái và Buôn Ma Thuột") == [
        ("Hạ Long", "district", "Quảng Ninh"), ("Móng Cái", "district", "Quảng Ninh"),
        ("Buôn Ma Thuột", "district", "Đắk Lắk")]


def test_bare_district_names_that_are_everyday_words_or_people_need_a_prefix():
    assert find_places("HTX Thanh Xuân") == []
    assert find_places("Hội trường Thống Nhất") == []
    assert find_places("Bí thư Hoàng Mai") == []
    assert places("quận Thanh Xuân") == [("Thanh Xuân", "district", "Hà Nội")]


def test_lowercase_district_names_are_not_matched():
    assert find_places("phú bình, chí linh, hạ long") == []


def test_district_name_inside_a_person_name_is_not_matched():
    assert find_places("Đồng chí Nguyễn Văn Giang phát biểu") == []
    assert find_places("ông Lê Hoài Nhơn") == []


def test_district_that_is_also_a_commune_elsewhere_needs_a_clear_context():
    # "Phú Bình" is also a commune/ward name in other provinces
    assert find_places("HTX Phú Bình") == []
    assert places("Bí thư Huyện ủy Phú Bình") == [("Phú Bình", "district", "Thái Nguyên")]
    assert places("HTX chè (Phú Bình)") == [("Phú Bình", "district", "Thái Nguyên")]
    assert places("tại Phú Bình, Thái Nguyên") == [
        ("Phú Bình", "district", "Thái Nguyên"), ("Thái Nguyên", "province", "Thái Nguyên")]


def test_district_at_the_end_of_a_titlecase_organisation_name_is_not_matched():
    assert find_places("HTX Dịch Vụ Đông Anh") == []
    assert places("Tại Đông Anh, các HTX") == [("Đông Anh", "district", "Hà Nội")]


def test_a_city_or_district_with_the_name_of_its_own_province_is_a_district_of_it():
    # "A district, town or commune is not a province" (the gold format)
    assert places("thành phố Hải Dương") == [("Hải Dương", "district", "Hải Dương")]
    assert places("các huyện Nam Sách, Tứ Kỳ và TP Nam Định") == [
        ("Nam Sách", "district", "Hải Dương"), ("Tứ Kỳ", "district", "Hải Dương"), ("Nam Định", "district", "Nam Định")]
    assert places("huyện Điện Biên") == [("Điện Biên", "district", "Điện Biên")]
    assert places("thị xã Quảng Trị") == [("Quảng Trị", "district", "Quảng Trị")]


@pytest.mark.parametrize("text, province", [("TP Hà Nội", "Hà Nội"), ("thành phố Cần Thơ", "Cần Thơ"),
                                            ("TP Đà Nẵng", "Đà Nẵng"), ("TP Huế", "Thừa Thiên Huế")])
def test_a_centrally_run_city_is_a_province(text, province):
    assert province_names(text) == [province]


def test_sai_gon_is_ho_chi_minh_city_but_not_its_river():
    assert province_names("Giá nông sản ở chợ đầu mối Sài Gòn tăng mạnh.") == ["Hồ Chí Minh"]
    assert province_names("Nước trên sông Sài Gòn dâng cao.") == []


@pytest.mark.parametrize("text", ["Trụ sở đặt tại số 32 Huế, quận Hai Bà Trưng.", "Cửa hàng ở 115 Huế mở cửa.",
                                  "Xe khách mang biển kiểm soát Huế chạy quá tốc độ."])
def test_a_province_name_as_a_street_after_a_house_number_or_on_a_plate_is_not_a_mention(text):
    assert "Thừa Thiên Huế" not in province_names(text)


def test_a_year_before_a_province_does_not_make_it_a_street():
    assert province_names("Năm 2023 Hà Nội có thêm 120 HTX.") == ["Hà Nội"]


@pytest.mark.parametrize("text, province", [("Công ty Cổ phần Mía đường Sóc Trăng ký hợp đồng.", "Sóc Trăng"),
                                            ("Nhà máy đường Cà Mau thu mua mía.", "Cà Mau")])
def test_a_province_in_a_sugar_company_name_is_a_mention(text, province):
    assert province_names(text) == [province]


def test_mixed_sentence():
    text = ("Nhiều HTX tại huyện Yên Thế (Bắc Giang), quận Bình Thạnh (TP.HCM) và "
            "thị xã Đông Triều (Quảng Ninh) được khen thưởng.")
    assert places(text) == [
        ("Yên Thế", "district", "Bắc Giang"), ("Bắc Giang", "province", "Bắc Giang"),
        ("Bình Thạnh", "district", "Hồ Chí Minh"), ("HCM", "province", "Hồ Chí Minh"),
        ("Đông Triều", "district", "Quảng Ninh"), ("Quảng Ninh", "province", "Quảng Ninh")]


# --------------------------------------------------------------------------- find_places: invariants

def test_empty_text():
    assert find_places("") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("HàNộiTháiNguyêntỉnhTP. ()-,\nxãhuyệnQuảngĐÐòaoà1")),
               max_size=80))
def test_spans_are_ordered_non_overlapping_and_point_at_the_surface(text):
    found = find_places(text)
    for p in found:
        assert text[p.start:p.end] == p.surface
        assert p.kind in ("province", "district")
        assert p.province in provinces()
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


@given(st.text(max_size=60))
def test_fold_keeps_the_length(text):
    assert len(fold(text)) == len(text)


def test_fold_makes_tone_placements_equal():
    assert fold("Hòa Bình") == fold("Hoà Bình")
    assert fold("Thủy") == fold("Thuỷ")
    assert fold("HÒA") == fold("HOÀ")
    assert fold("\u00d0") == "Đ"


def test_seed_corpus_provinces_match_the_gold_annotations():
    corpus, gold = SHARED / "corpus", SHARED / "gold"
    if not gold.is_dir():
        pytest.skip("shared/gold is not beside the repository")
    checked = 0
    for path in sorted(gold.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        text = unicodedata.normalize("NFC", (corpus / expected["doc"]).read_text(encoding="utf-8"))
        assert sorted(set(province_names(text))) == sorted(expected["provinces"]), expected["doc"]
        checked += 1
    assert checked


# --------------------------------------------------------------------------- province_from_domain

@pytest.mark.parametrize("domain,province", [
    ("quangninh.gov.vn", "Quảng Ninh"),
    ("baohaiduong.vn", "Hải Dương"),
    ("thainguyen.gov.vn", "Thái Nguyên"),
    ("www.thainguyen.gov.vn/web/guest/tin-tuc", "Thái Nguyên"),
    ("https://snnptnt.thainguyen.gov.vn/", "Thái Nguyên"),
    ("baoangiang.com.vn", "An Giang"),
    ("hanoimoi.com.vn", "Hà Nội"),
    ("kinhtedothi.vn", "Hà Nội"),
    ("sggp.org.vn", "Hồ Chí Minh"),
    ("baobariavungtau.com.vn", "Bà Rịa - Vũng Tàu"),
    ("baria-vungtau.gov.vn", "Bà Rịa - Vũng Tàu"),
    ("thuathienhue.gov.vn", "Thừa Thiên Huế"),
    ("baodaklak.vn", "Đắk Lắk"),
    ("baoquangnam.vn", "Quảng Nam"),
    ("BaoLongAn.vn", "Long An"),
    ("baoapbac.vn", "Tiền Giang"),
])
def test_province_from_domain(domain, province):
    assert province_from_domain(domain) == province


@pytest.mark.parametrize("domain", [
    "vca.org.vn", "nhandan.com.vn", "thanhnien.vn", "tuoitre.vn", "baochinhphu.vn", "vnexpress.net",
    "https://nhandan.com.vn/tin-tuc-xa-hoi/thai-nguyen-nang-cao-hieu-qua-hoat-dong-cua-hop-tac-xa-636450/",
    "", None,
])
def test_domains_that_name_no_province(domain):
    assert province_from_domain(domain) is None


@pytest.mark.parametrize("domain, province", [("phuluong.gov.vn", "Thái Nguyên"), ("www.chilinh.gov.vn", "Hải Dương"),
                                              ("http://ninhkieu.gov.vn/tin-tuc", "Cần Thơ")])
def test_a_district_government_portal_names_its_province(domain, province):
    assert province_from_domain(domain) == province


@pytest.mark.parametrize("domain", ["phuluong.vn", "vanban.mard.gov.vn"])
def test_a_district_name_outside_a_district_portal_names_no_province(domain):
    assert province_from_domain(domain) is None


def test_domain_inside_a_line_of_text():
    assert province_from_domain("Nguồn: quangninh.gov.vn") == "Quảng Ninh"
    assert province_from_domain('Ghi rõ nguồn: "vca.org.vn" khi phát hành') is None


@pytest.mark.parametrize("name", ["Phan Văn Giang", "Nguyễn Văn Lâm", "Trần Đức Thọ", "Bùi Thanh Sơn",
                                  "Nguyễn Kim Sơn", "Trần Hồng Hà", "Lê Minh Hoan", "Đinh La Thăng"])
def test_officials_names_are_not_places(name):
    assert find_places(f"Đồng chí {name} phát biểu tại hội nghị.") == []


def test_importing_the_module_loads_no_data():
    import subprocess
    import sys

    code = ("import sys, vnfacts.extractors.gazetteer as g; "
            "assert 'underthesea' not in sys.modules and 'yaml' not in sys.modules; "
            "g.provinces(); assert 'underthesea' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])
