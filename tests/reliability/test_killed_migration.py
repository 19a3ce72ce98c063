"""A migration killed part-way never bricks a SQLite database (issue 15, point 1).

A subprocess creates the schema and SIGKILLs itself right after its Nth DDL statement
(through a ``before_cursor_execute`` listener, so the kill lands between two statements
of one migration); afterwards ``db upgrade``, ``ingest`` and ``stats`` must work. A
database bricked by an older vnfacts (tables there, no ``alembic_version``) is recognised
and repaired by ``db upgrade``.
"""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnfacts.cli.main import app
from vnfacts.store import db as store_db

ROOT = Path(__file__).resolve().parents[2]

_KILLER = textwrap.dedent("""
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from vnfacts.store import db

    target, seen = int(sys.argv[2]), [0]

    @event.listens_for(Engine, "after_cursor_execute")
    def _maybe_die(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("CREATE", "ALTER", "DROP")):
            seen[0] += 1
            if seen[0] == target:
                os.kill(os.getpid(), signal.SIGKILL)

    db.upgrade(sys.argv[1])
    print(seen[0])
""")


def _upgrade_and_die_after(url: str, n_ddl: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _KILLER, url, str(n_ddl)], capture_output=True, text=True,
                          timeout=120)


def _works_afterwards(url: str, corpus: Path) -> None:
    runner = CliRunner()
    for args in (["db", "upgrade", "--db", url], ["ingest", str(corpus), "--db", url], ["stats", "--db", url]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert store_db.current_revision(url) == store_db.head_revision()


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = sorted((ROOT / "corpus").glob("*.txt"))[0]
    (corpus / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    return corpus


def test_the_whole_schema_takes_dozens_of_ddl_statements(tmp_path):
    done = _upgrade_and_die_after(f"sqlite:///{tmp_path / 'full.db'}", 10_000)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 30  # so the kill points below fall inside migrations


@pytest.mark.parametrize("n_ddl", [1, 3, 12, 25, 33])
def test_a_schema_creation_killed_after_any_ddl_statement_leaves_a_usable_database(tmp_path, small_corpus, n_ddl):
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    killed = _upgrade_and_die_after(url, n_ddl)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    try:
        _works_afterwards(url, small_corpus)
    finally:
        store_db.dispose_engines()


def _bricked_at(path: Path, revision: str) -> str:
    """A database at ``revision`` whose ``alembic_version`` was lost, as an older vnfacts left it."""
    url = f"sqlite:///{path}"
    store_db.upgrade(url, revision)
    store_db.dispose_engines()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE alembic_version")
    return url


@pytest.mark.parametrize("revision", ["0001", "0004", "head"])
def test_db_upgrade_recognises_a_schema_without_its_version_and_repairs_it(tmp_path, small_corpus, revision):
    url = _bricked_at(tmp_path / "bricked.db", revision)
    try:
        _works_afterwards(url, small_corpus)
    finally:
        store_db.dispose_engines()


def test_a_half_created_next_revision_of_empty_tables_is_dropped_and_made_again(tmp_path, small_corpus):
    path = tmp_path / "half.db"
    url = _bricked_at(path, "0003")
    with sqlite3.connect(path) as conn:  # 0004's table, created by a killed upgrade, still empty
        conn.execute("CREATE TABLE extraction_warnings (id INTEGER PRIMARY KEY, article_id INTEGER)")
    try:
        _works_afterwards(url, small_corpus)
        with sqlite3.connect(path) as conn:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(extraction_warnings)")}
        assert {"extractor", "error", "sentence_index"} <= columns
    finally:
        store_db.dispose_engines()


def test_a_database_it_cannot_recognise_is_refused_with_a_reason_not_damaged(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, something_else TEXT)")
        conn.execute("INSERT INTO articles VALUES (1, 'keep me')")
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", str(path)])
    store_db.dispose_engines()
    assert result.exit_code == 1
    assert "recognise" in result.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT something_else FROM articles").fetchall() == [("keep me",)]
