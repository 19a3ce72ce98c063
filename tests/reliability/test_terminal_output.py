"""What the command line prints from articles carries no terminal control sequences (issue
15, point 11): a title that clears the screen and retitles the window, a file name with an
escape in it, printed by ``ingest``, ``query`` (tables), ``audit`` and ``extract``.
"""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from vnfacts.cli.common import terminal_safe
from vnfacts.cli.main import app
from vnfacts.store import db as store_db
from vnfacts.store import load

EVIL = "\x1b[2J\x1b]0;evil\x07"
TITLE = f"Hà Nội có thêm HTX{EVIL} mới"
ARTICLE = f"{TITLE}\n\nThành phố Hà Nội có 120 HTX{EVIL} nông nghiệp.\n"


@pytest.mark.parametrize(("raw", "shown"), [
    (TITLE, "Hà Nội có thêm HTX mới"),
    ("a\x1b[31;1mred\x1b[0m b", "ared b"),
    ("bell\x07 back\x08space\rreturn", "bell backspacereturn"),
    ("c1 \x9b2J csi and \x85 nel", "c1 2J csi and  nel"),
    ("dcs \x1bPq#0;2;0;0;0\x1b\\ end", "dcs  end"),
    ("charset \x1b(B and a lone escape \x1b", "charset  and a lone escape "),
    ("lines\nand\ttabs stay", "lines\nand\ttabs stay"),
])
def test_control_sequences_and_characters_are_taken_out_and_the_words_kept(raw, shown):
    assert terminal_safe(raw) == shown


def test_an_unterminated_sequence_costs_linear_time():
    assert terminal_safe("\x1b]" + "x" * 200_000) == ""
    assert terminal_safe("\x1b[" + "1;" * 100_000) == ""


@pytest.fixture
def evil_db(tmp_path, fake_extractor, make_facts):
    """An article whose title and sentence hold the escapes (files with them are refused as
    binary, but a feed's page or an older database may carry them), and an error row whose
    file name has them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hn.txt").write_text(ARTICLE.replace(EVIL, ""), encoding="utf-8")
    (corpus / f"bad{EVIL}.txt").write_bytes(b"")
    db = str(tmp_path / "evil.db")
    ingest = CliRunner().invoke(app, ["ingest", str(corpus), "--db", db])
    assert ingest.exit_code == 0, ingest.output
    with store_db.session(db) as s:
        load.save_article(s, make_facts(ARTICLE, source=f"https://x.example/{EVIL}", title=TITLE,
                                        claims=[(f"120 HTX{EVIL}", {"value": 120, "counted": f"HTX{EVIL}"})]))
    yield db, ingest.output, corpus
    store_db.dispose_engines()


@pytest.mark.parametrize("command", [
    ["query", "articles"], ["query", "claims"], ["query", "claims", "--columns", "id,quote,counted"],
    ["query", "errors"], ["audit", "2"],
])
def test_what_the_cli_prints_from_articles_has_no_control_sequences(evil_db, command):
    db, _, _ = evil_db
    result = CliRunner().invoke(app, [*command, "--db", db])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    if command[-1] in ("articles", "2"):
        assert "Hà Nội có thêm HTX mới" in result.output  # the words are still there


def test_the_ingest_summary_names_a_bad_file_without_its_escapes(evil_db):
    _, output, _ = evil_db
    assert "\x1b" not in output and "\x07" not in output
    assert "bad" in output and ".txt" in output


def test_extract_prints_facts_and_skips_without_escapes(evil_db):
    _, _, corpus = evil_db
    result = CliRunner().invoke(app, ["extract", str(corpus)])
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Hà Nội có thêm HTX" in result.output
