"""End to end with the real extractors on the bundled corpus.

Written to hold however good extraction gets: the database gives back exactly what
extraction produced (gold export == ``extract --out``), every stored claim's quote is the
article text at its offsets, and every article is stored once. The lead tightens these
(claim counts, scores) as the extractors land.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from vnfacts.cli.main import app
from vnfacts.schemas.tables import Article, ClaimRow, Mention
from vnfacts.store import db

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT.parent / "shared" / "gold"
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


@pytest.fixture
def ingested_real(db_url, corpus_copy, prefect_harness):
    run("ingest", corpus_copy, "--db", db_url)
    return db_url


def test_real_ingest_stores_each_article_once_with_quotes_at_their_offsets(ingested_real, corpus_copy):
    with db.session(ingested_real) as s:
        assert sorted(s.exec(select(Article.doc)).scalars()) == sorted(p.name for p in corpus_copy.glob("*.txt"))
        claims = s.exec(select(ClaimRow.quote, ClaimRow.start, ClaimRow.end, Article.text)
                        .join(Article, Article.id == ClaimRow.article_id)).all()
        assert all(text[a:b] == q for q, a, b, text in claims)
        mentions = s.exec(select(Mention.surface, Mention.start, Mention.end, Article.text)
                          .join(Article, Article.id == Mention.article_id)).all()
        assert all(text[a:b] == q for q, a, b, text in mentions)


def test_real_gold_export_equals_extract_out(ingested_real, corpus_copy, tmp_path):
    run("extract", corpus_copy, "--out", tmp_path / "extracted")
    run("export", "--format", "gold", "--out", tmp_path / "exported", "--db", ingested_real)
    names = sorted(p.name for p in (tmp_path / "extracted").glob("*.json"))
    assert names == sorted(p.name for p in (tmp_path / "exported").glob("*.json")) and len(names) == 5
    for name in names:
        assert (tmp_path / "extracted" / name).read_text(encoding="utf-8") == \
            (tmp_path / "exported" / name).read_text(encoding="utf-8")


@pytest.mark.skipif(not SCORER.exists(), reason="shared/eval/score.py is not beside the repository")
def test_the_scorer_reads_what_extract_writes(corpus_copy, tmp_path):
    run("extract", corpus_copy, "--out", tmp_path / "pred")
    done = subprocess.run([sys.executable, str(SCORER), "--gold", str(GOLD), "--pred", str(tmp_path / "pred"),
                           "--json"], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)


def test_one_csv_writer_streams_what_to_csv_writes():
    from vnfacts.store.export import csv_chunks, to_csv

    rows = [{"id": 1, "value": 98.4, "quote": 'a "b", c', "unit": None, "extra": "x"},
            {"id": 2, "value": 1909, "quote": "hợp tác xã\nmới", "unit": "count"}]
    columns = ["id", "value", "quote", "unit"]
    chunks = list(csv_chunks([rows[:1], [], rows[1:]], columns))
    assert chunks[0] == "id,value,quote,unit\n" and len(chunks) == 4
    assert "".join(chunks) == to_csv(rows, columns)
    assert to_csv(rows, columns).splitlines()[1] == '1,98.4,"a ""b"", c",'
    assert to_csv([]) == "\n"


def test_the_statement_builders_are_what_the_queries_run(tmp_path):
    from sqlalchemy import Select

    from vnfacts.store import queries

    url = f"sqlite:///{tmp_path / 's.db'}"
    db.upgrade(url)
    with db.session(url) as s:
        for filters in ({}, {"indicator": "HTX"}, {"text": "x", "order_by": "-value"}):
            stmt = queries.claims_statement(**filters)
            assert isinstance(stmt, Select)
            assert str(stmt) == str(queries.claims_statement(**filters))
            assert queries.count_claims(s, **filters) == queries.count_rows(s, stmt) == len(queries.claims(s, **filters))
        assert isinstance(queries.articles_statement(province="Hà Nội"), Select)
