"""The ingest flow: idempotent re-runs, replaced files, bad files, interrupted runs.

These run the real Prefect flow (local mode, one temporary API for the session) with a
stand-in extractor, on SQLite and, when configured, PostgreSQL.
"""
from __future__ import annotations

import functools

import pytest
from sqlalchemy import select

from vnfacts.schemas.tables import Article, ArticleSource, ClaimRow, IngestError, SentenceRow
from vnfacts.store import db, load, queries

pytestmark = pytest.mark.usefixtures("prefect_harness", "fake_extractor")


def counts(url):
    with db.session(url) as s:
        return {m.__tablename__: load.count_rows(s, m) for m in (Article, ArticleSource, SentenceRow, ClaimRow)}


def test_ingesting_twice_adds_nothing_the_second_time(db_url, corpus_copy):
    from vnfacts.flows.ingest import run_flow

    first = run_flow([str(corpus_copy)], db_url)
    assert (first["new"], first["unchanged"], first["failed"]) == (5, 0, 0)
    assert first["claims"] > 0
    before = counts(db_url)
    second = run_flow([str(corpus_copy)], db_url)
    assert (second["new"], second["unchanged"], second["replaced"], second["failed"]) == (0, 5, 0, 0)
    assert counts(db_url) == before
    with db.session(db_url) as s:
        assert [r["status"] for r in queries.runs(s)] == ["completed", "completed"]


def test_a_changed_file_has_its_facts_replaced(db_url, corpus_copy):
    from vnfacts.flows.ingest import run_flow

    run_flow([str(corpus_copy)], db_url)
    f = sorted(corpus_copy.glob("*.txt"))[0]
    f.write_text(f.read_text(encoding="utf-8") + "\nNăm nay có thêm 77 HTX.\n", encoding="utf-8")
    summary = run_flow([str(corpus_copy)], db_url)
    assert (summary["new"], summary["unchanged"], summary["replaced"]) == (0, 4, 1)
    with db.session(db_url) as s:
        assert load.count_rows(s, Article) == 5
        assert "77 HTX" in [c["quote"] for c in queries.claims(s)]
        rows = s.exec(select(ClaimRow.quote, ClaimRow.start, ClaimRow.end, Article.text)
                      .join(Article, Article.id == ClaimRow.article_id)).all()
        assert all(text[a:b] == q for q, a, b, text in rows)


def test_bad_files_become_error_rows_and_the_run_goes_on(db_url, corpus_copy):
    from vnfacts.flows.ingest import run_flow

    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    summary = run_flow([str(corpus_copy), str(corpus_copy / "missing.txt")], db_url)
    assert (summary["new"], summary["failed"]) == (5, 3)
    with db.session(db_url) as s:
        errors = {e["locator"].rsplit("/", 1)[-1]: e["reason"] for e in queries.errors(s)}
    assert set(errors) == {"empty.txt", "image.txt", "missing.txt"}
    assert "empty" in errors["empty.txt"]
    again = run_flow([str(corpus_copy)], db_url)  # errors don't poison the next run
    assert (again["unchanged"], again["failed"]) == (5, 2)


class Killed(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing on the way catches it."""


def test_an_interrupted_run_stores_whole_articles_and_the_next_run_completes(db_url, corpus_copy):
    from vnfacts.flows.ingest import load_items, run_flow, run_ingest

    calls = []

    def crashing_save(session, facts, **kw):
        calls.append(facts.doc)
        if len(calls) == 3:
            raise Killed()
        return load.save_article(session, facts, **kw)

    with pytest.raises(Killed):
        run_ingest([str(corpus_copy)], db_url, batch_size=2, store=functools.partial(load_items, save=crashing_save))
    assert counts(db_url)["articles"] == 2
    summary = run_flow([str(corpus_copy)], db_url)
    assert (summary["new"], summary["unchanged"]) == (3, 2)
    with db.session(db_url) as s:
        docs = s.exec(select(Article.doc)).scalars().all()
        assert sorted(docs) == sorted(p.name for p in corpus_copy.glob("*.txt"))
        assert s.exec(select(IngestError)).first() is None


def test_discover_finds_txt_files_once_in_order(tmp_path):
    from vnfacts.flows.ingest import batches, discover

    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.md").write_text("x")
    items, missing = discover([tmp_path, tmp_path / "a.txt", tmp_path / "nope"])
    assert [i.path.rsplit("/", 1)[-1] for i in items] == ["a.txt", "b.txt"]
    assert missing == [(str(tmp_path / "nope"), "no such file or folder")]
    assert [len(b) for b in batches(list(range(5)), 2)] == [2, 2, 1]


@pytest.mark.parametrize("prefect", [True, False], ids=["orchestrated", "in-process"])
def test_a_transient_database_error_is_retried_and_the_run_completes(db_url, corpus_copy, monkeypatch, prefect):
    from sqlalchemy.exc import OperationalError

    from vnfacts.flows.ingest import run_flow

    real, calls = load.save_article, []

    def flaky(session, facts, **kw):
        calls.append(facts.doc)
        if len(calls) == 2:
            raise OperationalError("INSERT ...", {}, Exception("server closed the connection unexpectedly"))
        return real(session, facts, **kw)

    monkeypatch.setattr(load, "save_article", flaky)
    summary = run_flow([str(corpus_copy)], db_url, prefect=prefect)
    assert summary["failed"] == 0 and summary["new"] + summary["unchanged"] == 5
    assert counts(db_url)["articles"] == 5


# -- in-process (no Prefect server) and orchestrated runs -------------------------------

def stored(url) -> dict:
    """What a run leaves behind, without ids, times and run numbers."""
    from vnfacts.schemas.tables import Entity

    with db.session(url) as s:
        arts = sorted((a.path, a.content_hash, a.title, a.province, a.text) for a in s.exec(select(Article)).scalars())
        claims = sorted((c.quote, c.start, c.end, c.value, c.unit, c.indicator, c.modality, c.province)
                        for c in s.exec(select(ClaimRow)).scalars())
        ents = sorted((e.type, e.name) for e in s.exec(select(Entity)).scalars())
        errors = sorted(e["locator"] for e in queries.errors(s))
    return {"articles": arts, "claims": claims, "entities": ents, "errors": errors}


def test_in_process_and_orchestrated_runs_store_the_same(tmp_path, corpus_copy):
    from vnfacts.flows.ingest import run_flow

    (corpus_copy / "empty.txt").write_bytes(b"")
    local, orchestrated = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'prefect.db'}"
    a = run_flow([str(corpus_copy)], local, batch_size=2, prefect=False)
    b = run_flow([str(corpus_copy)], orchestrated, batch_size=2, prefect=True)
    strip = ("run_id", "seconds")
    assert {k: v for k, v in a.items() if k not in strip} == {k: v for k, v in b.items() if k not in strip}
    assert (a["new"], a["failed"]) == (5, 1)
    assert stored(local) == stored(orchestrated) and stored(local)["claims"]
    with db.session(local) as s, db.session(orchestrated) as t:
        assert [r["flow_run_id"] for r in queries.runs(s)] == [None]  # no flow run: nothing was orchestrated
        assert queries.runs(t)[0]["flow_run_id"]                       # a tracked Prefect flow run


def test_the_in_process_run_never_talks_to_a_prefect_api(db_url, corpus_copy, monkeypatch):
    import prefect.client.orchestration as orchestration

    from vnfacts.flows.ingest import run_flow

    def no_api(*a, **kw):
        raise AssertionError("the in-process path must not need a Prefect API")

    monkeypatch.setattr(orchestration, "get_client", no_api)
    summary = run_flow([str(corpus_copy)], db_url, prefect=False)
    assert (summary["new"], summary["failed"]) == (5, 0)
    again = run_flow([str(corpus_copy)], db_url, prefect=False)
    assert (again["new"], again["unchanged"]) == (0, 5)


def test_progress_moves_with_each_article_from_the_first(db_url, corpus_copy, fake_extractor, monkeypatch):
    from vnfacts.flows.ingest import on_progress, run_flow

    timeline = []
    real = fake_extractor.extract_text

    def extract(text, **kw):
        timeline.append(("extract", kw["source"]))
        return real(text, **kw)

    monkeypatch.setattr(fake_extractor, "extract_text", extract)
    with on_progress(lambda event, locator: timeline.append((event, locator))):
        run_flow([str(corpus_copy)], db_url, batch_size=64, prefect=False)  # one batch of 5
    files = sorted(str(p.resolve()) for p in corpus_copy.glob("*.txt"))
    reading = [e for e in timeline if e[0] in ("extract", "read")]
    # each article is reported as soon as it is read, before the next one is extracted
    assert reading == [e for f in files for e in (("extract", f), ("read", f))]
    assert [e for e in timeline if e[0] == "new"] == [("new", f) for f in files]
