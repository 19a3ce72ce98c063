"""Guards made by earlier work on issue 15, held here with the rest of the reliability suite:
a non-finite or absurd value is refused and the rest of the article kept (point 2), a file
cut inside a character is read with the byte replaced and a warning (point 10), a footer
after the last sentence is a boilerplate span, not the whole line (point 4). The size cap
is in ``test_bad_files.py``, the linear-time rules in ``test_pathological_text.py``.
"""
from __future__ import annotations

import json
import math

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from typer.testing import CliRunner

from vnfacts.cli.main import app
from vnfacts.extractors.pipeline import extract_text, warm_up
from vnfacts.schemas.facts import Claim
from vnfacts.schemas.tables import ExtractionWarningRow
from vnfacts.store import db as store_db

HUGE = "Tỉnh có 2" + "0" * 308 + " hợp tác xã.\nNăm 2024, tỉnh có 120 hợp tác xã nông nghiệp.\n"


@pytest.fixture(scope="module", autouse=True)
def models():
    warm_up()


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e300])
def test_a_claim_with_a_non_finite_or_absurd_value_is_refused(value):
    with pytest.raises(ValidationError, match="finite quantity"):
        Claim(start=0, end=1, quote="x", sentence_index=0, value=value, unit="count")


def test_a_number_too_big_to_be_a_quantity_is_dropped_and_the_rest_of_the_article_kept(tmp_path):
    facts = extract_text(HUGE, doc="huge.txt")
    assert [c.value for c in facts.claims] == [120.0]

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_text(HUGE, encoding="utf-8")
    db = str(tmp_path / "v.db")
    assert CliRunner().invoke(app, ["ingest", str(corpus), "--db", db]).exit_code == 0
    printed = CliRunner().invoke(app, ["query", "claims", "--format", "json", "--db", db]).output
    store_db.dispose_engines()

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    assert [c["value"] for c in json.loads(printed, parse_constant=refuse)] == [120.0]


def test_a_file_cut_inside_a_character_is_stored_with_a_decode_warning(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "Hà Nội có 580 hợp tác xã\n\nToàn thành phố có 580 hợp tác xã và 12.000 thành viên.\n"
    (corpus / "cut.txt").write_bytes(body.encode("utf-8") + "Hà Nộ".encode()[:-1])
    db = str(tmp_path / "v.db")
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 0, result.output
    with store_db.session(db) as s:
        warnings = list(s.exec(sa.select(ExtractionWarningRow)).scalars())
    store_db.dispose_engines()
    assert [w.extractor for w in warnings] == ["decode"]


def test_a_footer_after_the_last_sentence_is_a_span_and_the_sentence_keeps_its_claim():
    text = "Kinh tế tập thể\n\nNăm nay toàn tỉnh tăng 15 HTX so với năm trước. © 2024 Báo Thái Nguyên\n"
    facts = extract_text(text, doc="f.txt")
    assert [c.quote for c in facts.claims] == ["15 HTX"]
    footer = text.index("©")
    assert any(b.start <= footer < b.end and b.start > text.index("15 HTX") for b in facts.boilerplate)


_HEAD = ("Hợp tác xã Nghệ An phát triển mạnh trong năm 2023\n\n"
         "Nghệ An - Năm 2023 kinh tế tập thể của tỉnh tiếp tục phát triển, nhiều mô hình mới ra đời.\n\n")


def test_a_footer_glued_to_a_sentence_cut_before_its_full_stop_is_a_span_and_the_sentence_keeps_its_claim():
    text = _HEAD + "Năm 2023, toàn tỉnh tăng 15 HTX mới © 2024 Báo Nhân Dân"
    facts = extract_text(text, doc="f.txt")
    assert [c.quote for c in facts.claims] == ["15 HTX"]
    assert [text[b.start:b.end] for b in facts.boilerplate] == ["© 2024 Báo Nhân Dân"]


def test_a_label_and_its_value_before_a_footer_marker_stay_furniture():
    text = _HEAD + "Tổng biên tập: Nguyễn Văn An, Phó tổng biên tập Lê Văn Bình © 2024 Báo Nhân Dân"
    facts = extract_text(text, doc="f.txt")
    assert any(text[b.start:b.end].startswith("Tổng biên tập") for b in facts.boilerplate)


@pytest.mark.parametrize("line, menu", [
    ("Trang chủ | Kinh tế | Năm 2023, toàn tỉnh có 150 HTX đang hoạt động.", "Trang chủ | Kinh tế"),
    ("Năm 2023, toàn tỉnh có 150 HTX đang hoạt động | Kinh tế | Xã hội", "Kinh tế | Xã hội"),
])
def test_menu_items_glued_to_a_sentence_are_spans_and_the_sentence_keeps_its_claim(line, menu):
    text = _HEAD + line
    facts = extract_text(text, doc="f.txt")
    assert [c.quote for c in facts.claims] == ["150 HTX"]
    assert any(menu in text[b.start:b.end] and "150" not in text[b.start:b.end] for b in facts.boilerplate)


def test_a_menu_line_alone_is_still_furniture():
    text = _HEAD + "Thời sự | Kinh tế | Xã hội | Thể thao"
    facts = extract_text(text, doc="f.txt")
    assert any(text[b.start:b.end] == "Thời sự | Kinh tế | Xã hội | Thể thao" for b in facts.boilerplate)
