"""The store on SQLite and PostgreSQL: round trips, idempotence, replacement, atomicity, queries."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select

from vnfacts.schemas.tables import Article, ArticleSource, ClaimRow, Entity, Mention, SentenceRow
from vnfacts.store import db, load, queries

TEXT = (
    "Liên minh HTX TP Hà Nội tổng kết năm 2023\n"
    "Toàn thành phố có 1.909 hợp tác xã, tăng 46 HTX so với cùng kỳ.\n"
    "Bí thư Thành ủy Hà Nội Hoàng Trung Hải phát biểu tại HTX Dịch vụ nông nghiệp Đồng Lạc.\n"
    "Phấn đấu đến năm 2025 có 2.000 hợp tác xã, doanh thu 98,4 tỷ đồng.\n"
)


def sample(make_facts, text=TEXT, **kw):
    args = dict(
        doc="000.txt", title="Liên minh HTX TP Hà Nội tổng kết năm 2023", published=dt.date(2023, 12, 30),
        province="Hà Nội", provinces=["Hà Nội"],
        officials=[("Hoàng Trung Hải", "Bí thư Thành ủy Hà Nội")],
        organisations=[("HTX Dịch vụ nông nghiệp Đồng Lạc", "cooperative"), ("Liên minh HTX TP Hà Nội", "alliance")],
        claims=[("1.909 hợp tác xã", {"value": 1909, "counted": "hợp tác xã", "indicator": "cooperatives",
                                       "province": "Hà Nội"}),
                ("46 HTX", {"value": 46, "counted": "hợp tác xã", "change": "increase", "province": "Hà Nội",
                            "indicator": "cooperatives"}),
                ("2.000 hợp tác xã", {"value": 2000, "modality": "target", "indicator": "cooperatives",
                                      "province": "Hà Nội"}),
                ("98,4 tỷ đồng", {"value": 98.4e9, "unit": "VND", "indicator": "revenue"})],
    )
    args.update(kw)
    return make_facts(text, **args)


def count(session, model):
    return load.count_rows(session, model)


def test_migrations_create_the_schema_and_upgrade_again_is_a_no_op(db_url):
    assert db.current_revision(db_url) == db.head_revision()
    tables = set(inspect(db.get_engine(db_url)).get_table_names())
    assert {"sources", "articles", "article_sources", "sentences", "entities", "mentions", "officials",
            "cooperatives", "claims", "ingest_runs", "ingest_errors"} <= tables
    db.upgrade(db_url)
    assert db.current_revision(db_url) == db.head_revision()


def test_saved_article_reads_back_as_the_same_facts(session, make_facts):
    facts = sample(make_facts)
    assert load.save_article(session, facts) == "new"
    aid = load.find_article_id(session, facts.source)
    assert load.read_article_facts(session, aid) == facts


def test_an_article_with_many_rows_reads_back_the_same_whichever_way_they_were_loaded(session, make_facts):
    from vnfacts.store import bulk

    lines = [f"Xã {i} có {i + 10} HTX." for i in range(3 * bulk.COPY_MIN_ROWS)]  # COPY on PostgreSQL
    facts = make_facts("\n".join(lines), claims=[(f"{i + 10} HTX", {"value": i + 10}) for i in range(len(lines))])
    assert load.save_article(session, facts) == "new"
    assert load.read_article_facts(session, load.find_article_id(session, facts.source)) == facts


def test_saving_the_same_article_twice_changes_nothing(session, make_facts):
    facts = sample(make_facts)
    load.save_article(session, facts)
    before = {m: count(session, m) for m in (Article, SentenceRow, ClaimRow, Entity, Mention)}
    assert load.save_article(session, facts) == "unchanged"
    assert {m: count(session, m) for m in before} == before


def test_changed_text_replaces_the_articles_facts(session, make_facts):
    load.save_article(session, sample(make_facts))
    aid = load.find_article_id(session, "/corpus/000.txt")
    changed = sample(make_facts, text=TEXT.replace("1.909", "1.910"),
                     claims=[("1.910 hợp tác xã", {"value": 1910, "province": "Hà Nội"})])
    assert load.save_article(session, changed) == "replaced"
    assert load.find_article_id(session, "/corpus/000.txt") == aid  # same article, new facts
    assert [c["value"] for c in queries.claims(session)] == [1910]
    assert count(session, Article) == 1
    assert load.read_article_facts(session, aid) == changed


def test_new_extractor_version_replaces_the_facts(session, make_facts):
    load.save_article(session, sample(make_facts))
    assert load.save_article(session, sample(make_facts, version="9.9.9")) == "replaced"
    assert {c["extractor_version"] for c in queries.claims(session)} == {"9.9.9"}


def test_a_failing_save_leaves_the_previous_facts_whole(session, make_facts, monkeypatch):
    facts = sample(make_facts)
    load.save_article(session, facts)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "_insert_children", boom)
    with pytest.raises(RuntimeError):
        load.save_article(session, sample(make_facts, text=TEXT + "Thêm một dòng.\n"))
    aid = load.find_article_id(session, facts.source)
    assert load.read_article_facts(session, aid) == facts


def test_the_same_text_under_a_second_locator_is_linked_not_duplicated(session, make_facts):
    load.save_article(session, sample(make_facts))
    twin = sample(make_facts, source="https://example.vn/tin/1")
    assert load.save_article(session, twin) == "unchanged"
    assert count(session, Article) == 1
    assert count(session, ArticleSource) == 2
    (art,) = queries.articles(session)
    assert queries.article(session, art["id"])["locators"] == ["/corpus/000.txt", "https://example.vn/tin/1"]


def test_a_linked_locator_whose_text_changes_gets_its_own_article(session, make_facts):
    load.save_article(session, sample(make_facts))
    load.save_article(session, sample(make_facts, source="https://example.vn/tin/1"))
    changed = sample(make_facts, source="https://example.vn/tin/1", text=TEXT + "Cập nhật.\n")
    assert load.save_article(session, changed) == "replaced"
    assert count(session, Article) == 2
    urls = {a["url"] for a in queries.articles(session)}
    assert urls == {None, "https://example.vn/tin/1"}


def test_stored_versions_is_the_ingest_cache_key(session, make_facts):
    facts = sample(make_facts)
    load.save_article(session, facts)
    assert load.stored_versions(session, [facts.source, "/nope"]) == {
        facts.source: (facts.content_hash, facts.extractor_version)}


def test_claims_filter_by_any_spelling_of_province_and_by_modality_and_year(session, make_facts):
    load.save_article(session, sample(make_facts))
    assert len(queries.claims(session, province="TP Hà Nội")) == 3
    assert len(queries.claims(session, province="thành phố Hà Nội")) == 3
    assert [c["quote"] for c in queries.claims(session, modality="target")] == ["2.000 hợp tác xã"]
    assert len(queries.claims(session, year_from=2023, year_to=2023)) == 4
    assert queries.claims(session, year_from=2024) == []
    assert [c["value"] for c in queries.claims(session, order_by="-value", limit=1)] == [98400000000]
    assert [c["quote"] for c in queries.claims(session, text="cùng kỳ")] == ["1.909 hợp tác xã", "46 HTX"]
    with pytest.raises(ValueError):
        queries.claims(session, order_by="nonsense")


def test_claim_keys_are_the_public_columns(session, make_facts):
    load.save_article(session, sample(make_facts))
    c = queries.claims(session)[0]
    for key in ("id", "article_id", "quote", "value", "value_max", "unit", "counted", "indicator",
                "qualifier", "modality", "change", "province"):
        assert key in c
    a = queries.articles(session)[0]
    for key in ("id", "path", "url", "title", "published"):
        assert key in a
    assert a["published"] == "2023-12-30" and a["n_claims"] == 4


def test_rows_written_through_the_driver_read_back_with_their_types(session, make_facts):
    """New articles skip the ORM on the way in; dates and links must still come back typed."""
    load.save_article(session, sample(make_facts))
    art = session.exec(select(Article)).scalars().one()
    assert art.published == dt.date(2023, 12, 30) and isinstance(art.ingested_at, dt.datetime)
    link = session.exec(select(ArticleSource)).scalars().one()
    assert link.article_id == art.id and isinstance(link.seen_at, dt.datetime)
    dates = session.exec(select(ClaimRow.article_date)).scalars().all()
    assert dates == [dt.date(2023, 12, 30)] * 4
    sentence_of = {s.id: s.index for s in session.exec(select(SentenceRow)).scalars()}
    claims = session.exec(select(ClaimRow).order_by(ClaimRow.id)).scalars().all()
    assert [sentence_of[c.sentence_id] for c in claims] == [c.sentence_index for c in claims]
    mentions = session.exec(select(Mention.surface, Entity.name).join(Entity, Entity.id == Mention.entity_id)).all()
    assert ("Hoàng Trung Hải", "Hoàng Trung Hải") in mentions


def test_every_stored_claim_quote_is_the_article_text_at_its_offsets(session, make_facts):
    load.save_article(session, sample(make_facts))
    rows = session.exec(select(ClaimRow.quote, ClaimRow.start, ClaimRow.end, Article.text)
                        .join(Article, Article.id == ClaimRow.article_id)).all()
    assert rows and all(text[s:e] == q for q, s, e, text in rows)


def test_claim_for_audit_carries_sentence_article_and_run(session, make_facts):
    run = load.begin_run(session, ["corpus"], "0.1.0")
    load.save_article(session, sample(make_facts), run_id=run.id)
    first = queries.claims(session)[0]
    audit = queries.claim(session, first["id"])
    assert audit["sentence"]["text"].startswith("Toàn thành phố có 1.909")
    s = audit["sentence"]
    assert s["text"][audit["start"] - s["start"]:audit["end"] - s["start"]] == audit["quote"]
    assert audit["article"]["title"].startswith("Liên minh HTX")
    assert audit["run"]["id"] == run.id
    assert queries.claim(session, 10_000) is None


def test_officials_and_cooperatives_leave_alliances_out_unless_asked(session, make_facts):
    load.save_article(session, sample(make_facts))
    assert [(o["name"], o["title"]) for o in queries.officials(session, province="Hà Nội")] == [
        ("Hoàng Trung Hải", "Bí thư Thành ủy Hà Nội")]
    assert [c["name"] for c in queries.cooperatives(session)] == ["HTX Dịch vụ nông nghiệp Đồng Lạc"]
    assert [c["name"] for c in queries.cooperatives(session, kind="alliance")] == ["Liên minh HTX TP Hà Nội"]


def test_stats_count_tables_and_group_claims(session, make_facts):
    load.save_article(session, sample(make_facts))
    s = queries.stats(session)
    assert s["tables"]["articles"] == 1 and s["tables"]["claims"] == 4
    assert {"province": "Hà Nội", "count": 3} in s["claims_by_province"]
    assert {"indicator": "cooperatives", "count": 3} in s["claims_by_indicator"]


def test_errors_and_runs_are_recorded(session):
    run = load.begin_run(session, ["corpus"], "0.1.0")
    load.record_error(session, run_id=run.id, locator="/x/bad.txt", reason="empty file")
    load.end_run(session, run.id, {"files": 1, "failed": 1})
    assert queries.errors(session)[0]["reason"] == "empty file"
    r = queries.runs(session)[0]
    assert r["status"] == "completed" and r["n_failed"] == 1 and r["ended_at"]


def test_url_resolution_prefers_flag_then_environment_then_default(monkeypatch):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.resolve_url(None) == "sqlite:///vnfacts.db"
    monkeypatch.setenv(db.ENV_VAR, "postgresql://u@h/d")
    assert db.resolve_url(None) == "postgresql+psycopg://u@h/d"
    assert db.resolve_url("data/x.db") == "sqlite:///data/x.db"


def test_extraction_warnings_are_stored_with_their_article_and_read_back(session, make_facts):
    from vnfacts.schemas.facts import ExtractionWarning

    facts = sample(make_facts)
    facts.warnings = [ExtractionWarning(extractor="claims", sentence_index=2, error="ValueError: rule tripped")]
    load.save_article(session, facts)
    aid = load.find_article_id(session, facts.source)
    assert load.read_article_facts(session, aid).warnings == facts.warnings
    (row,) = queries.warnings(session)
    assert (row["article_id"], row["sentence_index"], row["extractor"]) == (aid, 2, "claims")
    changed = sample(make_facts, text=TEXT + "Thêm một dòng.\n")
    changed.warnings = []
    load.save_article(session, changed)  # replaced: its old warnings go with its old facts
    assert queries.warnings(session) == []
