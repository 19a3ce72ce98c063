"""The ``vnfacts`` command line, through typer's CliRunner (stand-in extractor, SQLite+PG)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("fake_extractor")


def run(*args, ok=True):
    result = runner.invoke(app, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


@pytest.fixture
def ingested(db_url, corpus_copy, prefect_harness):
    result = run("ingest", corpus_copy, "--db", db_url)
    assert "new" in result.stdout and "unchanged" in result.stdout
    return db_url


def test_ingest_prints_a_summary_and_is_idempotent(ingested, corpus_copy):
    second = run("ingest", corpus_copy, "--db", ingested)
    rows = json.loads(run("query", "runs", "--db", ingested, "--format", "json").stdout)
    assert [(r["n_new"], r["n_unchanged"]) for r in rows] == [(0, 5), (5, 0)]
    assert "ingest run 2" in second.stdout


def test_query_claims_json_has_the_public_keys_and_any_province_spelling(ingested):
    rows = json.loads(run("query", "claims", "--province", "TP Hà Nội", "--format", "json", "--db", ingested).stdout)
    assert rows and {r["province"] for r in rows} == {"Hà Nội"}
    for key in ("id", "article_id", "quote", "value", "value_max", "unit", "counted", "indicator", "qualifier",
                "modality", "change", "province"):
        assert key in rows[0]
    arts = json.loads(run("query", "articles", "--format", "json", "--db", ingested).stdout)
    assert len(arts) == 5 and {"id", "path", "url", "title", "published"} <= set(arts[0])


def test_query_claims_csv_and_table(ingested):
    csv_out = run("query", "claims", "--format", "csv", "--db", ingested).stdout
    assert csv_out.splitlines()[0].startswith("id,article_id,")
    assert "claims" in run("query", "claims", "--indicator", "cooperatives", "--db", ingested).stdout


def test_audit_shows_article_sentence_values_and_run(ingested):
    claim = json.loads(run("query", "claims", "--format", "json", "--limit", "1", "--db", ingested).stdout)[0]
    text = run("audit", claim["id"], "--db", ingested).stdout
    assert claim["quote"] in text and "run" in text and "vnfacts.claims" in text
    data = json.loads(run("audit", claim["id"], "--format", "json", "--db", ingested).stdout)
    s = data["sentence"]
    assert s["text"][data["start"] - s["start"]:data["end"] - s["start"]] == data["quote"]
    assert run("audit", 99999, "--db", ingested, ok=False).exit_code == 1


def test_export_gold_equals_extract_out_for_the_same_files(ingested, corpus_copy, tmp_path):
    run("extract", corpus_copy, "--out", tmp_path / "extracted")
    run("export", "--format", "gold", "--out", tmp_path / "exported", "--db", ingested)
    extracted = sorted((tmp_path / "extracted").glob("*.json"))
    assert [p.name for p in extracted] == [p.name for p in sorted((tmp_path / "exported").glob("*.json"))]
    assert len(extracted) == 5
    for p in extracted:
        assert p.read_text(encoding="utf-8") == (tmp_path / "exported" / p.name).read_text(encoding="utf-8")


def test_export_jsonl_and_csv(ingested, tmp_path):
    run("export", "--format", "jsonl", "--out", tmp_path / "facts.jsonl", "--db", ingested)
    lines = (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["text"]
    run("export", "--format", "csv", "--out", tmp_path / "claims.csv", "--db", ingested)
    raw = (tmp_path / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,article_id")  # a BOM: Excel then reads UTF-8, Vietnamese intact


def test_stats_counts_tables(ingested):
    data = json.loads(run("stats", "--format", "json", "--db", ingested).stdout)
    assert data["tables"]["articles"] == 5
    assert "articles" in run("stats", "--db", ingested).stdout


def test_extract_skips_bad_files_naming_them(corpus_copy, tmp_path):
    (corpus_copy / "empty.txt").write_bytes(b"")
    result = run("extract", corpus_copy, "--out", tmp_path / "out")
    assert "empty.txt" in result.stderr and "skipped" in result.stderr
    assert len(list((tmp_path / "out").glob("*.json"))) == 5
    only_bad = run("extract", corpus_copy / "empty.txt", ok=False)
    assert only_bad.exit_code == 1 and "empty.txt" in only_bad.stderr


def test_extract_without_out_prints_one_article(corpus_copy):
    f = sorted(corpus_copy.glob("*.txt"))[0]
    assert f.name in run("extract", f).stdout


def test_db_upgrade_creates_then_is_a_no_op(tmp_path):
    db_file = tmp_path / "new.db"
    assert "was empty" in run("db", "upgrade", "--db", db_file).stderr
    assert "no change" in run("db", "upgrade", "--db", db_file).stderr


def test_reading_a_missing_database_is_a_clear_error(tmp_path):
    result = run("stats", "--db", tmp_path / "nothing.db", ok=False)
    assert result.exit_code == 1 and "no database" in result.stderr
