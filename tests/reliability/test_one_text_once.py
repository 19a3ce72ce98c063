"""The same text is stored once, however many runs read it at the same moment (issue 15,
points 3 and 10: concurrent runs, no spurious error rows).

The race is forced, not hoped for: each thread looks the text up (nothing there yet),
then waits at a barrier until the other has looked too, and only then writes. Runs on
SQLite and, with ``VNFACTS_TEST_POSTGRES_URL``, PostgreSQL (the ``db_url`` fixture).
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from vnfacts.flows.ingest import Item, Tally, load_items
from vnfacts.schemas.tables import Article, ArticleSource, ClaimRow, IngestError, Source
from vnfacts.store import bulk, load
from vnfacts.store import db as store_db

TEXT = "Tỉnh Nam Định có 120 HTX nông nghiệp.\nNăm 2024 thành lập thêm 15 HTX."


def _after_looking_wait_for_the_other(monkeypatch, parties: int = 2) -> threading.Barrier:
    """Every thread's first "is this text stored?" lookup is followed by a wait for the others."""
    barrier, looked, scalar = threading.Barrier(parties, timeout=20), threading.local(), bulk.scalar

    def lookup_then_wait(conn, sql, params):
        found = scalar(conn, sql, params)
        if "content_hash" in sql and not getattr(looked, "done", False):
            looked.done = True
            barrier.wait()
        return found

    monkeypatch.setattr(bulk, "scalar", lookup_then_wait)
    return barrier


def _store_at_once(db_url, facts_list) -> list[Tally]:
    runs = []
    with store_db.session(db_url) as s:
        for _ in facts_list:
            runs.append(load.begin_run(s, ["x"], "v").id)
    tallies = [Tally() for _ in facts_list]
    failures: list[BaseException] = []

    def store(i):
        facts = facts_list[i]
        item = Item(path=facts.source, locator=facts.source, source="/corpus")
        try:
            load_items([("facts", item, facts)], db=db_url, run_id=runs[i], sources={}, tally=tallies[i])
        except BaseException as e:  # pragma: no cover - shown by the assertion below
            failures.append(e)

    threads = [threading.Thread(target=store, args=(i,)) for i in range(len(facts_list))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures, failures
    return tallies


def _rows(db_url, model) -> list:
    with store_db.session(db_url) as s:
        return list(s.exec(sa.select(model)).scalars())


def test_one_text_read_from_two_places_at_once_is_one_article_with_two_locators(db_url, make_facts, monkeypatch):
    _after_looking_wait_for_the_other(monkeypatch)
    first = make_facts(TEXT, source="/corpus/a.txt", claims=[("120 HTX", {"value": 120})])
    second = make_facts(TEXT, source="https://baomoi.example/b.html", claims=[("120 HTX", {"value": 120})])

    tallies = _store_at_once(db_url, [first, second])

    assert len(_rows(db_url, Article)) == 1
    assert sorted(r.locator for r in _rows(db_url, ArticleSource)) == ["/corpus/a.txt", "https://baomoi.example/b.html"]
    assert len(_rows(db_url, ClaimRow)) == 1  # counted once
    assert _rows(db_url, IngestError) == []
    assert sorted(k for t in tallies for k in ("new", "unchanged") for _ in range(t.counts[k])) == ["new", "unchanged"]


def test_one_file_stored_by_two_runs_at_once_is_one_article_and_no_error_row(db_url, make_facts, monkeypatch):
    _after_looking_wait_for_the_other(monkeypatch)
    facts = make_facts(TEXT, source="/corpus/a.txt")

    tallies = _store_at_once(db_url, [facts, facts])

    assert len(_rows(db_url, Article)) == 1
    assert [r.locator for r in _rows(db_url, ArticleSource)] == ["/corpus/a.txt"]
    assert _rows(db_url, IngestError) == [] and all(t.counts["failed"] == 0 for t in tallies)


def test_the_database_itself_refuses_a_second_copy_of_a_text(session, make_facts):
    load.save_article(session, make_facts(TEXT, source="/corpus/a.txt"))
    twin = session.get(Article, 1)
    copy = {c.name: getattr(twin, c.name) for c in Article.__table__.columns if c.name != "id"}
    with pytest.raises(IntegrityError):
        session.connection().execute(sa.insert(Article.__table__).values(copy))
    session.rollback()


def test_a_file_changed_to_a_text_stored_elsewhere_joins_that_article(session, make_facts):
    load.save_article(session, make_facts(TEXT, source="/corpus/a.txt"))
    load.save_article(session, make_facts("Một văn bản khác có 3 HTX.", source="/corpus/b.txt"))

    assert load.save_article(session, make_facts(TEXT, source="/corpus/b.txt")) == "replaced"

    articles = list(session.exec(sa.select(Article)).scalars())
    assert [a.content_hash for a in articles] == [make_facts(TEXT).content_hash]
    assert {r.locator: r.article_id for r in session.exec(sa.select(ArticleSource)).scalars()} == {
        "/corpus/a.txt": articles[0].id, "/corpus/b.txt": articles[0].id}


def test_two_first_runs_on_one_folder_share_its_source_row(db_url, monkeypatch):
    barrier, select_first, looked = threading.Barrier(2, timeout=20), load.select, threading.local()

    def look_then_wait(*args):  # both look before either creates it
        stmt = select_first(*args)
        if args and args[0] is Source and not getattr(looked, "done", False):
            looked.done = True
            barrier.wait()
        return stmt

    monkeypatch.setattr(load, "select", look_then_wait)
    ids, failures = [], []

    def first_use():
        try:
            with store_db.session(db_url) as s:
                ids.append(load.get_source(s, "/corpus").id)
        except BaseException as e:  # pragma: no cover - shown by the assertion below
            failures.append(e)

    threads = [threading.Thread(target=first_use) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures, failures
    assert len(set(ids)) == 1 and len(_rows(db_url, Source)) == 1


# -- the migration that brings the constraint --------------------------------------------

def _insert_article(conn, locator: str, text_hash: str) -> int:
    now = dt.datetime(2024, 1, 1)
    aid = conn.execute(sa.text(
        "INSERT INTO articles (locator, path, doc, content_hash, extractor_version, boilerplate, text, ingested_at) "
        "VALUES (:l, :l, 'a.txt', :h, 'v', '[]', 'text', :now) RETURNING id"), {"l": locator, "h": text_hash,
                                                                               "now": now}).scalar_one()
    conn.execute(sa.text("INSERT INTO article_sources (article_id, locator, seen_at) VALUES (:a, :l, :now)"),
                 {"a": aid, "l": locator, "now": now})
    conn.execute(sa.text('INSERT INTO sentences (article_id, "index", start, "end", text, paragraph, section) '
                         "VALUES (:a, 0, 0, 4, :t, 0, 'body')"),
                 {"a": aid, "t": "text"})
    return aid


def test_the_migration_merges_texts_stored_twice_into_the_oldest_then_forbids_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'dups.db'}"
    store_db.upgrade(url, "0006")
    engine = store_db.get_engine(url)
    with engine.begin() as conn:
        oldest = _insert_article(conn, "/corpus/a.txt", "h1")
        _insert_article(conn, "https://x.example/a", "h1")
        other = _insert_article(conn, "/corpus/b.txt", "h2")
    try:
        store_db.upgrade(url)
        with engine.connect() as conn:
            assert [r[0] for r in conn.execute(sa.text("SELECT id FROM articles ORDER BY id"))] == [oldest, other]
            assert dict(conn.execute(sa.text("SELECT locator, article_id FROM article_sources")).all()) == {
                "/corpus/a.txt": oldest, "https://x.example/a": oldest, "/corpus/b.txt": other}
            assert {r[0] for r in conn.execute(sa.text("SELECT article_id FROM sentences"))} == {oldest, other}
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _insert_article(conn, "/corpus/c.txt", "h1")
    finally:
        store_db.dispose_engines()


def test_merging_texts_stored_twice_leaves_their_observations_counting_the_kept_claims(tmp_path):
    url = f"sqlite:///{tmp_path / 'dups-obs.db'}"
    store_db.upgrade(url, "0008")
    engine = store_db.get_engine(url)
    with engine.begin() as conn:
        ids = [_insert_article(conn, loc, "h1") for loc in ("/corpus/a.txt", "https://x.example/a")]
        claims = [conn.execute(sa.text(
            'INSERT INTO claims (article_id, sentence_index, start, "end", quote, value, unit, counted, indicator, '
            "qualifier, modality, province, period, section, extractor, extractor_version) VALUES "
            "(:a, 0, 0, 4, '5 HTX', 5, 'count', 'HTX', 'cooperatives', 'exact', 'actual', 'Lâm Đồng', '2022', "
            "'body', 'claims', 'v') RETURNING id"), {"a": a}).scalar_one() for a in ids]
        obs = conn.execute(sa.text(
            "INSERT INTO observations (key, indicator, province, period, modality, unit, value, qualifier, conflict, "
            "n_claims, n_articles, claim_id) VALUES ('k', 'cooperatives', 'Lâm Đồng', '2022', 'actual', 'count', 5, "
            "'exact', false, 2, 2, :c) RETURNING id"), {"c": claims[1]}).scalar_one()
        for c in claims:
            conn.execute(sa.text("INSERT INTO observation_claims (observation_id, claim_id) VALUES (:o, :c)"),
                         {"o": obs, "c": c})
    try:
        store_db.upgrade(url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT claim_id FROM observation_claims")).scalars().all() == [claims[0]]
            assert conn.execute(sa.text("SELECT n_claims, n_articles, claim_id FROM observations")).one() == (
                1, 1, claims[0])
    finally:
        store_db.dispose_engines()


# -- two first runs on one empty database ------------------------------------------------

@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path):
    """An empty database (no schema yet): a SQLite file, or a fresh PostgreSQL schema."""
    import os
    import uuid

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        store_db.dispose_engines()
        return
    base = os.environ.get("VNFACTS_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("VNFACTS_TEST_POSTGRES_URL is not set")
    from conftest import _pg_schema_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(store_db.resolve_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(base, schema)
    finally:
        store_db.dispose_engines()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


_FIRST_RUN = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from alembic.runtime.migration import MigrationContext
    from vnfacts.store import db

    meeting, current, looked = Path(sys.argv[2]), MigrationContext.get_current_heads, []

    def look_then_wait(self):  # both processes find no schema before either creates it
        found = current(self)
        if not looked:
            looked.append(True)
            (meeting / str(os.getpid())).touch()
            deadline = time.monotonic() + 20
            while len(list(meeting.iterdir())) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
        return found

    MigrationContext.get_current_heads = look_then_wait
    db.upgrade(sys.argv[1])
""")


def test_two_first_runs_migrate_an_empty_database_once_without_tripping_on_each_other(empty_db_url, tmp_path):
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    runs = [subprocess.Popen([sys.executable, "-c", _FIRST_RUN, empty_db_url, str(meeting)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [(r.wait(120), r.stderr.read() if r.stderr else "") for r in runs]
    assert len(list(meeting.iterdir())) == 2  # both did look before either migrated
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert store_db.current_revision(empty_db_url) == store_db.head_revision()
