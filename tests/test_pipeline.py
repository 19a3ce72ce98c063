"""Whole articles in, validated facts out: spans always point at the words they came from."""
import unicodedata
from pathlib import Path

import pytest

from vnfacts.extractors.pipeline import extract_file, extract_text
from vnfacts.schemas.gold import to_gold

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
    assert set(gold) == {"doc", "metadata", "provinces", "officials", "cooperatives", "claims", "events"}
    first = gold["claims"][0]
    assert ARTICLE[first["start"]:first["end"]] == first["quote"] == "1.909 hợp tác xã"
    assert first["occurrence"] == 1 and first["value"] == 1909 and first["province"] == "Hà Nội"


def test_a_sentence_repeated_word_for_word_gives_its_claims_once():
    text = ("Tỉnh có 580 hợp tác xã\n\nTỉnh Thái Nguyên hiện có hơn 580 hợp tác xã.\n\n"
            "Tỉnh có 580 hợp tác xã\n\nTỉnh Thái Nguyên hiện có hơn 580 hợp tác xã.\n")
    facts = extract_text(text, doc="t.txt")
    quotes = [(c.quote, c.start) for c in facts.claims]
    assert len([q for q in quotes if q[0] == "580 hợp tác xã"]) == 2  # the headline and the lead, once each


# ------------------------------------------------------------ one bad sentence, not the article

@pytest.mark.parametrize("text", ["Gia đình bán rượu ba kích được 5 triệu đồng.",
                                  "Anh đi xe ba gác chở 3 tấn hàng cho 2 HTX.",
                                  "Ba mẹ của em là thành viên của 2 HTX.",
                                  "Ba nhăm nghìn người tham gia 12 HTX."])
def test_a_number_word_inside_a_longer_word_costs_nothing(text):
    facts = extract_text(text, doc="t.txt")
    assert facts.warnings == []
    assert facts.claims  # the real figure of the sentence is still read


def test_an_extractor_failing_on_one_sentence_loses_only_that_sentences_claims(monkeypatch):
    from vnfacts.extractors import claims

    real = claims.sentence_claims

    def flaky(sentence, **kw):
        if "BOOM" in sentence.text:
            raise ValueError("rule tripped")
        return real(sentence, **kw)

    monkeypatch.setattr(claims, "sentence_claims", flaky)
    text = "Tỉnh có 580 hợp tác xã.\n\nBOOM: 12 HTX mới.\n\nTăng 20 HTX so với năm trước.\n"
    facts = extract_text(text, doc="t.txt")
    assert [c.quote for c in facts.claims] == ["580 hợp tác xã", "20 HTX"]
    (w,) = facts.warnings
    assert (w.extractor, w.sentence_index) == ("claims", 1)
    assert "ValueError: rule tripped" in w.error


def test_an_entity_extractor_failing_on_one_sentence_keeps_the_others(monkeypatch):
    from vnfacts.extractors import entities

    real = entities.find_officials

    def flaky(sentences):
        if any("BOOM" in s.text for s in sentences):
            raise RuntimeError("bad name")
        return real(sentences)

    monkeypatch.setattr(entities, "find_officials", flaky)
    text = ("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Thái Nguyên, dự hội nghị.\n\nBOOM.\n\n"
            "Bà Trần Thị Bình, Giám đốc HTX Tân Hương, phát biểu.\n")
    facts = extract_text(text, doc="t.txt")
    assert {o.name for o in facts.officials} == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert [(w.extractor, w.sentence_index) for w in facts.warnings] == [("officials", 1)]


def test_structure_rules_failing_still_give_the_articles_facts(monkeypatch):
    from vnfacts.extractors import pipeline

    def broken(prepared):
        raise IndexError("no such line")

    monkeypatch.setattr(pipeline, "parse_structure", broken)
    facts = extract_text("Tiêu đề\n\nTỉnh có 580 hợp tác xã.\n", doc="t.txt")
    assert [c.quote for c in facts.claims] == ["580 hợp tác xã"]
    assert [w.extractor for w in facts.warnings] == ["structure"]


def test_a_claim_the_schema_refuses_is_dropped_with_a_warning(monkeypatch):
    from vnfacts.extractors import claims

    real = claims.sentence_claims

    def backwards(sentence, **kw):
        found, carried = real(sentence, **kw)
        for c in found:
            if c.value == 12:
                c.value_max = 1.0  # a range running backwards: the schema says no
        return found, carried

    monkeypatch.setattr(claims, "sentence_claims", backwards)
    facts = extract_text("Tỉnh có 580 hợp tác xã.\n\nThêm 12 HTX.\n", doc="t.txt")
    assert [c.quote for c in facts.claims] == ["580 hợp tác xã"]
    assert [(w.extractor, w.sentence_index) for w in facts.warnings] == [("claims", 1)]


# ------------------------------------------------------------ extractor version

def test_the_extractor_version_changes_with_any_rule_file(tmp_path):
    import shutil

    from vnfacts import extractors
    from vnfacts.extractors import rules_fingerprint

    root = tmp_path / "extractors"
    shutil.copytree(Path(extractors.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = rules_fingerprint(root)
    assert before == rules_fingerprint(Path(extractors.__file__).parent)
    assert extractors.EXTRACTOR_VERSION.endswith(before)
    qualifiers = root / "data" / "numbers.yaml"
    qualifiers.write_text(qualifiers.read_text(encoding="utf-8") + "\n# a linguist's new word\n", encoding="utf-8")
    assert rules_fingerprint(root) != before


def test_a_run_of_hundreds_of_digits_is_no_claim_and_the_rest_is_kept():
    facts = extract_text("Tỉnh có 2" + "0" * 308 + " hợp tác xã.\n\nTỉnh có 580 hợp tác xã.\n", doc="t.txt")
    assert [c.quote for c in facts.claims] == ["580 hợp tác xã"]


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_the_schema_refuses_non_finite_and_absurd_values(value):
    from pydantic import ValidationError

    from vnfacts.schemas.facts import Claim

    with pytest.raises(ValidationError, match="finite quantity"):
        Claim(start=0, end=3, quote="580", sentence_index=0, value=value, unit="count")
