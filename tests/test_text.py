"""Reading article files and preparing their text (extractors/text.py)."""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnfacts.extractors.text import ArticleReadError, PreparedText, decode_article, normalize, prepare, read_article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))

VI = "Hợp tác xã Đồng Lạc: 1.909 HTX, tăng 46%."


# --------------------------------------------------------------------------- decoding


def test_utf8_without_bom_is_returned_verbatim_including_crlf():
    raw = "Dòng một\r\nDòng hai\r\n"
    assert decode_article(raw.encode("utf-8"), "a.txt") == raw


def test_utf8_bom_is_stripped():
    assert decode_article(b"\xef\xbb\xbf" + VI.encode("utf-8"), "a.txt") == VI


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom_is_decoded_and_bom_stripped(codec, bom):
    assert decode_article(bom + VI.encode(codec), "a.txt") == VI


def test_utf16_bom_via_python_codec_is_decoded():
    assert decode_article(VI.encode("utf-16"), "a.txt") == VI


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_that_is_obviously_utf16_is_decoded(codec):
    text = "Liên minh Hợp tác xã tỉnh Thái Nguyên có 580 hợp tác xã.\n"
    assert decode_article(text.encode(codec), "a.txt") == text


def test_utf32_with_bom_is_decoded():
    assert decode_article(VI.encode("utf-32"), "a.txt") == VI


def _error(data: bytes, name: str = "corpus/x.txt") -> ArticleReadError:
    with pytest.raises(ArticleReadError) as info:
        decode_article(data, name)
    err = info.value
    assert str(err).startswith(name + ": ")
    assert err.path == name
    assert err.reason and err.reason in str(err)
    assert isinstance(err, ValueError)
    return err


def test_empty_file_names_the_file_and_says_empty():
    err = _error(b"", "corpus/x.txt")
    assert str(err) == "corpus/x.txt: empty file"


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", "\u00a0\u200b\n".encode(), "\u200b\n\u200b\n\u200b".encode(), b"\xff\xfe \x00\n\x00"])
def test_whitespace_only_file_is_empty(data):
    assert "empty" in _error(data, "corpus/blank.txt").reason


def test_png_header_is_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
    err = _error(png, "corpus/y.bin")
    assert "binary data, not text" in str(err) and "corpus/y.bin" in str(err)


def test_random_bytes_with_nuls_are_binary():
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(2000)) + b"\x00\x00"
    assert "binary" in _error(data, "corpus/r.dat").reason


def test_control_character_soup_without_nuls_is_binary():
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20]) * 20 + b"abc"
    assert "binary" in _error(data).reason


@pytest.mark.parametrize("kind", ["pdf", "zip", "gzip", "jpeg"])
def test_common_binary_formats_are_binary(kind):
    data = {"pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "zip": b"PK\x03\x04\x14\x00\x06\x00",
            "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF"}[kind]
    assert "binary" in _error(data).reason


def test_latin1_bytes_are_not_valid_utf8_and_the_message_says_where():
    data = "Thành phố Hà Nội".encode("latin-1", errors="replace")  # 'à' = 0xe0 at offset 2
    err = _error(data, "corpus/z.txt")
    assert str(err) == "corpus/z.txt: not valid UTF-8 or UTF-16 text (byte 0xe0 at offset 2)"


def test_cp1258_bytes_are_not_valid_utf8():
    data = b"H\xf5\xf2p t\xe1c x\xe3"  # "Hợp tác xã" in Windows-1258 (ơ + combining dot below)
    err = _error(data, "corpus/w.txt")
    assert err.reason.startswith("not valid UTF-8 or UTF-16 text (byte 0x")


def test_truncated_utf16_with_bom_is_reported_with_its_offset():
    data = b"\xff\xfe" + "Hợp".encode("utf-16-le") + b"\x41"  # odd trailing byte
    err = _error(data, "corpus/t.txt")
    assert "UTF-16" in err.reason and "offset 8" in err.reason


def test_read_article_reads_bytes_and_names_the_path(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + "Tiêu đề\r\n\r\nNội dung.".encode())
    assert read_article(f) == "Tiêu đề\r\n\r\nNội dung."
    assert read_article(str(f)) == "Tiêu đề\r\n\r\nNội dung."


def test_read_article_errors_name_the_path(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ArticleReadError, match=re.escape(f"{empty}: empty file")):
        read_article(empty)


def test_unreadable_paths_give_article_read_errors(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(ArticleReadError) as info:
        read_article(missing)
    assert str(missing) in str(info.value) and "no such file" in str(info.value)
    with pytest.raises(ArticleReadError) as info:
        read_article(tmp_path)
    assert str(tmp_path) in str(info.value) and "directory" in str(info.value)


def test_article_read_error_pickles():
    import pickle

    err = pickle.loads(pickle.dumps(ArticleReadError("a.txt", "empty file")))
    assert (err.path, err.reason, str(err)) == ("a.txt", "empty file", "a.txt: empty file")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_articles_decode(path):
    text = read_article(path)
    assert text == path.read_bytes().decode("utf-8")


# --------------------------------------------------------------------------- normalising

ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u00ad"
SPACES = "\u00a0\u202f\u2002\u2003\u2009\u3000\t"


def reference_normalize(s: str) -> str:
    """The normalisation as documented, written out independently of the module."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = s.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    for c in SPACES:
        s = s.replace(c, " ")
    for c in ZERO_WIDTH:
        s = s.replace(c, "")
    s = s.replace("\u2010", "-").replace("\u2011", "-")
    return unicodedata.normalize("NFC", s)


def test_normalisation_of_each_documented_case():
    assert prepare("Vie\u0323\u0302t Nam").text == "Việt Nam"  # NFD composes
    assert prepare("\u00d0ồng \u00f0ất").text == "Đồng đất"  # eth -> Đ/đ
    assert prepare("580\u00a0HTX\u202fmới\tvà\u2003cũ").text == "580 HTX mới và cũ"
    assert prepare("hợp\u200btác\u200c\u200dxã\ufeff hy\u00adphen").text == "hợptácxã hyphen"
    assert prepare("a\r\nb\rc\nd").text == "a\nb\nc\nd"
    assert prepare("kinh\u2010tế kỷ\u2011cương").text == "kinh-tế kỷ-cương"
    assert prepare("2016 – 2020 — nay").text == "2016 – 2020 — nay"  # en/em dash stay
    assert prepare("“Đoàn kết”").text == "“Đoàn kết”"


def test_zero_width_char_between_base_and_mark_still_composes():
    p = prepare("Vie\u200b\u0323\u0302t")
    assert p.text == "Việt"
    assert p.span_to_original(2, 3) == (2, 6)


def test_offsets_of_nfd_input_point_at_the_whole_decomposed_letter():
    original = unicodedata.normalize("NFD", "Hợp tác xã")
    p = prepare(original)
    assert p.text == "Hợp tác xã"
    assert len(original) > len(p.text)
    a, b = p.span_to_original(0, 3)
    assert unicodedata.normalize("NFC", original[a:b]) == "Hợp"
    a, b = p.span_to_original(4, 7)
    assert unicodedata.normalize("NFC", original[a:b]) == "tác"
    assert p.to_original(len(p.text)) == len(original)


def test_eth_and_crlf_are_mapped_back():
    original = "Ðồng\r\nLạc\u00a0(Chí Linh)"
    p = prepare(original)
    assert p.text == "Đồng\nLạc (Chí Linh)"
    assert p.span_to_original(0, 4) == (0, 4)
    assert original[slice(*p.span_to_original(4, 5))] == "\r\n"
    assert original[slice(*p.span_to_original(5, 8))] == "Lạc"
    i = p.text.index("(")
    assert original[slice(*p.span_to_original(i, i + 10))] == "(Chí Linh)"


def test_deleted_characters_are_inside_a_span_only_when_between_its_characters():
    original = "\u200bab\u200bc\u200b"
    p = prepare(original)
    assert p.text == "abc"
    assert p.span_to_original(0, 3) == (1, 5)
    assert p.span_to_original(0, 1) == (1, 2)
    assert p.span_to_original(2, 2) == (4, 4)


def test_offsets_out_of_range_raise():
    p = prepare("abc")
    with pytest.raises(IndexError):
        p.to_original(4)
    with pytest.raises(IndexError):
        p.span_to_original(2, 1)


def test_from_original_inverts_the_map():
    original = unicodedata.normalize("NFD", "Hà Nội có 1.909 hợp tác xã")
    p = prepare(original)
    a, b = p.span_from_original(*p.span_to_original(10, 15))
    assert (a, b) == (10, 15)
    assert p.from_original(len(original)) == len(p.text)


def test_prepared_text_is_frozen_and_compares_by_text():
    p = prepare("a\u00a0b")
    with pytest.raises(AttributeError):
        p.text = "x"  # type: ignore[misc]
    assert p == prepare("a\u00a0b")
    assert isinstance(p, PreparedText)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_word_of_a_seed_maps_back_to_the_same_word(path):
    original = read_article(path)
    p = prepare(original)
    assert p.text == reference_normalize(original)
    words = list(re.finditer(r"\w+", p.text))
    assert len(words) > 100
    for m in words:
        a, b = p.span_to_original(m.start(), m.end())
        assert reference_normalize(original[a:b]) == m.group()


def test_seed_with_eth_maps_it_back():
    path = next(p for p in SEEDS if "\u00d0" in p.read_text(encoding="utf-8"))
    original = read_article(path)
    p = prepare(original)
    assert "\u00d0" not in p.text
    i = original.index("\u00d0")
    j = p.from_original(i)
    assert p.text[j] == "Đ" and p.span_to_original(j, j + 1) == (i, i + 1)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_nbsp_and_nfd_versions_give_the_same_text(path):
    original = read_article(path)
    assert prepare(unicodedata.normalize("NFD", original)).text == prepare(original).text
    assert "\u00a0" not in prepare(original).text


# --------------------------------------------------------------------------- properties

VI_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    "bcdghklmnpqrstvx"
)
VI_LETTERS += VI_LETTERS.upper()

letter = st.sampled_from(VI_LETTERS).flatmap(
    lambda c: st.sampled_from([c, unicodedata.normalize("NFD", c)])
)
noise = st.sampled_from(
    [" ", "\u00a0", "\u202f", "\t", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u00d0", "\u00f0",
     "\r\n", "\r", "\n", "\u2010", "\u2011", "–", "—", ".", ",", "1", "9", "%"]
)
article_text = st.lists(st.one_of(letter, letter, noise), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(article_text)
def test_property_text_is_the_documented_normalisation(s):
    p = prepare(s)
    assert p.text == reference_normalize(s)
    assert p.text == normalize(s)
    assert unicodedata.is_normalized("NFC", p.text)


@settings(max_examples=300, deadline=None)
@given(article_text)
def test_property_every_span_round_trips(s):
    p = prepare(s)
    n = len(p.text)
    for a in range(n + 1):
        for b in range(a, n + 1):
            oa, ob = p.span_to_original(a, b)
            assert 0 <= oa <= ob <= len(s)
            assert reference_normalize(s[oa:ob]) == p.text[a:b]


@settings(max_examples=300, deadline=None)
@given(article_text)
def test_property_offsets_are_monotone(s):
    p = prepare(s)
    offs = [p.to_original(i) for i in range(len(p.text) + 1)]
    assert offs == sorted(offs)
    assert len(set(offs[:-1])) == len(p.text)  # Vietnamese letters never share an original start
    ends = [p.span_to_original(i, i + 1)[1] for i in range(len(p.text))]
    assert ends == sorted(ends)
    assert all(e <= o for e, o in zip(ends, offs[1:]))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_property_any_text_maps_to_a_covering_span(s):
    p = prepare(s)
    assert p.text == normalize(s)
    n = len(p.text)
    for a in range(n):
        for b in (a + 1, n):
            oa, ob = p.span_to_original(a, b)
            assert p.text[a:b] in normalize(s[oa:ob])


def test_a_page_cut_inside_a_character_is_read_with_the_byte_replaced_and_said(tmp_path):
    from vnfacts.extractors.pipeline import extract_file

    body = ("Toàn tỉnh có 580 hợp tác xã và 12.000 thành viên. " * 20).encode("utf-8")
    path = tmp_path / "cut.txt"
    path.write_bytes(body + "Hà Nộ".encode()[:-1])  # the last character cut in two
    facts = extract_file(path)
    assert facts.text.endswith("\ufffd") and facts.claims
    assert [w.extractor for w in facts.warnings] == ["decode"]
    assert "1 byte(s) that are not UTF-8" in facts.warnings[0].error


def test_a_file_over_the_size_limit_is_an_error_naming_it(tmp_path, monkeypatch):
    from vnfacts.extractors import text as text_module

    monkeypatch.setattr(text_module, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Toàn tỉnh có 580 hợp tác xã. " * 100, encoding="utf-8")
    with pytest.raises(ArticleReadError, match="huge.txt: too large for an article"):
        text_module.read_article(path)
