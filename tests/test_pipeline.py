"""Whole articles in, validated facts out: spans always point at the words they came from."""
import unicodedata
from pathlib import Path

import pytest

from extractors.pipeline import extract_file, extract_text
from schemas.gold import to_gold

CORPUS = Path(__file__).parents[1] / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))

ARTICLE = """Hà Nội phát triển hợp tác xã

13/08/2019
Đến nay, thành phố Hà Nội có 1.909 hợp tác xã, tăng 46 hợp tác xã so với cùng kỳ năm 2018.
Năm 2019, Liên minh đặt mục tiêu thành lập mới 50 hợp tác xã.

Tin liên quan
Hà Nội có thêm 300 hợp tác xã kiểu mới
Giấy phép số: 239/GP-TTDT ngày 11 tháng 12 năm 2020
"""


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_seed_gives_valid_facts_whose_spans_hold_their_words(path):
    facts = extract_file(path)
    text = path.read_text(encoding="utf-8")
    assert facts.text == text
    for c in facts.claims:
        assert text[c.start:c.end] == c.quote
        assert not any(b.start <= c.start < b.end for b in facts.boilerplate), c.quote
    for s in facts.sentences:
        assert text[s.start:s.end] == s.text


def test_claims_come_from_the_article_not_from_related_news_or_licences():
    facts = extract_text(ARTICLE, doc="a.txt")
    assert [(c.quote, c.value, c.modality, c.change) for c in facts.claims] == [
        ("1.909 hợp tác xã", 1909, "actual", None),
        ("46 hợp tác xã", 46, "actual", "increase"),
        ("50 hợp tác xã", 50, "target", None),
    ]
    assert facts.metadata.title == "Hà Nội phát triển hợp tác xã"
    assert str(facts.metadata.published) == "2019-08-13"
    assert facts.metadata.about_province == "Hà Nội"


def test_offsets_point_into_the_original_text_even_when_it_is_decomposed_and_messy():
    messy = unicodedata.normalize("NFD", ARTICLE).replace("Đến nay", "Ðến\u00a0nay").replace(" có ", " có\u00a0")
    facts = extract_text(messy, doc="messy.txt")
    assert [c.value for c in facts.claims] == [1909, 46, 50]
    for c in facts.claims:
        assert messy[c.start:c.end] == c.quote
        assert unicodedata.normalize("NFC", c.quote).startswith(str(c.quote[0]))


def test_the_gold_export_has_the_fields_the_scorer_reads():
    gold = to_gold(extract_text(ARTICLE, doc="a.txt"))
    assert set(gold) == {"doc", "metadata", "provinces", "officials", "cooperatives", "claims"}
    first = gold["claims"][0]
    assert ARTICLE[first["start"]:first["end"]] == first["quote"] == "1.909 hợp tác xã"
    assert first["occurrence"] == 1 and first["value"] == 1909 and first["province"] == "Hà Nội"


def test_a_sentence_repeated_word_for_word_gives_its_claims_once():
    text = ("Tỉnh có 580 hợp tác xã\n\nTỉnh Thái Nguyên hiện có hơn 580 hợp tác xã.\n\n"
            "Tỉnh có 580 hợp tác xã\n\nTỉnh Thái Nguyên hiện có hơn 580 hợp tác xã.\n")
    facts = extract_text(text, doc="t.txt")
    quotes = [(c.quote, c.start) for c in facts.claims]
    assert len([q for q in quotes if q[0] == "580 hợp tác xã"]) == 2  # the headline and the lead, once each
