"""The ``vnfacts`` command line, through typer's CliRunner (stand-in extractor, SQLite+PG)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vnfacts.cli.main import app

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


# -- what a researcher trips on ----------------------------------------------------------

def claims_json(db_url, *args):
    return json.loads(run("query", "claims", "--format", "json", "--db", db_url, *args).stdout)


def test_a_missing_path_fails_at_once_and_records_nothing(tmp_path):
    db_file = tmp_path / "never.db"
    result = run("ingest", tmp_path / "no" / "such" / "dir", "--db", db_file, ok=False)
    assert result.exit_code == 1
    assert "no such file or folder" in result.stderr and "nothing was ingested" in result.stderr
    assert not db_file.exists()  # no database made, so no run recorded either


def test_the_summary_time_is_the_wall_time(db_url, corpus_copy, monkeypatch):
    import re
    import time

    from vnfacts.store import db as store_db

    real = store_db.upgrade

    def slow_upgrade(*a, **kw):  # the time before the flow starts counts too
        time.sleep(1.5)
        return real(*a, **kw)

    monkeypatch.setattr(store_db, "upgrade", slow_upgrade)
    result = run("ingest", corpus_copy, "--db", db_url)
    seconds = float(re.findall(r"│\s+([\d.]+) │", result.stdout)[-1])
    assert seconds >= 1.5


@pytest.mark.parametrize("spelling", ["cooperatives", "Cooperatives", "HTX", "htx", "hợp tác xã", "hop tac xa"])
def test_indicator_takes_any_case_its_words_and_aliases(ingested, spelling):
    expected = claims_json(ingested, "--indicator", "cooperatives")
    assert expected and claims_json(ingested, "--indicator", spelling) == expected


def test_unit_and_qualifier_take_the_words_as_written(ingested):
    money = claims_json(ingested, "--unit", "tỷ đồng")
    assert money and {c["unit"] for c in money} == {"VND"}
    assert claims_json(ingested, "--unit", "đồng") == money
    percent = run("query", "claims", "--unit", "%", "--db", ingested)  # the stand-in writes no percentages
    assert "no claims match --unit 'percent'" in percent.stderr
    exact = claims_json(ingested, "--qualifier", "exact")
    assert exact and claims_json(ingested, "--qualifier", "=") == exact
    # the stand-in extractor writes no 'hơn': the filter is understood and says nothing matched
    more = run("query", "claims", "--qualifier", "hơn", "--db", ingested)
    assert "no claims match --qualifier 'more_than'" in more.stderr and "exact" in more.stderr


def test_fact_and_actual_are_the_same_and_tables_say_fact(ingested):
    facts = claims_json(ingested, "--modality", "fact")
    assert facts and facts == claims_json(ingested, "--modality", "actual")
    table = run("query", "claims", "--modality", "fact", "--db", ingested).stdout
    assert " fact " in table and "actual" not in table


def test_unknown_values_name_the_nearest_valid_ones(ingested):
    province = run("query", "claims", "--province", "Hà Nộii", "--db", ingested, ok=False)
    assert province.exit_code == 1 and "did you mean Hà Nội" in province.stderr
    indicator = run("query", "claims", "--indicator", "cooperativs", "--db", ingested, ok=False)
    assert indicator.exit_code == 1 and "did you mean cooperatives" in indicator.stderr
    unit = run("query", "claims", "--unit", "phần trămm", "--db", ingested, ok=False)
    assert unit.exit_code == 1 and "unknown unit" in unit.stderr


def test_filters_that_match_nothing_say_which_values_have_claims(ingested):
    result = run("query", "claims", "--province", "Quảng Ninh", "--indicator", "members", "--db", ingested)
    assert "no claims match" in result.stderr
    assert "--indicator 'members' alone: 0 claims; values with claims: cooperatives" in result.stderr


def test_tables_fit_80_columns_with_money_humanised(ingested, monkeypatch):
    from vnfacts.cli import common as cli_common

    monkeypatch.setattr(cli_common.out, "_width", 80)
    table = run("query", "claims", "--db", ingested).stdout
    assert max(map(len, table.splitlines())) <= 80
    assert "98,4 tỷ đồng" in run("query", "claims", "--unit", "VND", "--db", ingested).stdout
    chosen = run("query", "claims", "--columns", "id,unit,quote", "--db", ingested).stdout.splitlines()
    header = next(line for line in chosen if "quote" in line)
    assert "unit" in header and "indicator" not in header
    bad = run("query", "claims", "--columns", "id,colour", "--db", ingested, ok=False)
    assert "unknown column colour" in bad.stderr


def test_csv_for_excel_has_the_article_and_sentence_of_each_claim(ingested):
    import csv
    import io

    text = run("query", "claims", "--format", "csv", "--excel", "--db", ingested).stdout
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows and {"title", "source", "sentence"} <= set(rows[0])
    assert all(r["quote"] in r["sentence"] and r["source"].endswith(".txt") and r["title"] for r in rows)
    assert not run("query", "claims", "--format", "csv", "--db", ingested).stdout.startswith("\ufeff")


def test_counts_are_said_with_the_right_plural(corpus_copy, tmp_path):
    one = sorted(corpus_copy.glob("*.txt"))[0]
    assert "wrote 1 file to" in run("extract", one, "--out", tmp_path / "one").stderr
    assert "wrote 5 files to" in run("extract", corpus_copy, "--out", tmp_path / "all").stderr


def test_version_short_help_and_completion():
    from importlib.metadata import version

    assert run("--version").stdout.startswith(f"vnfacts {version('vnfacts')}")
    top = run("-h").stdout
    assert "--install-completion" in top and "--show-completion" in top
    for command in (["ingest"], ["query", "claims"], ["extract"], ["schedule"], ["feeds", "run"]):
        text = run(*command, "-h").stdout
        assert "Usage:" in text and "<bool>" not in text and "<list[Path]>" not in text and "<str>" not in text


def test_a_database_that_cannot_be_opened_is_one_clear_line():
    result = run("stats", "--db", "postgresql://nobody:secret@127.0.0.1:1/doesnotexist", ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot open the database")
    assert "secret" not in result.stderr and "Traceback" not in result.output
    served = run("serve", "--db", "postgresql://nobody@127.0.0.1:1/doesnotexist", ok=False)
    assert served.exit_code == 1 and "cannot open the database" in served.stderr
    bad = run("db", "upgrade", "--db", "nosuchdialect://x/y", ok=False)
    assert bad.exit_code == 1 and "not a database URL" in bad.stderr
