"""Observations: claims that state the same number merged into one data point of a series
(``vnfacts.store.observations``), kept current as articles come and go, and served by
``vnfacts series``, ``/api/series``, the chart and the observation page."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import build_facts
from sqlalchemy import select

from vnfacts.extractors.indicators import series_key
from vnfacts.schemas.tables import ObservationClaimRow, ObservationRow
from vnfacts.store import load, observations, queries


def coop(quote: str, value: float, *, period: str = "2021", province: str | None = "Thái Nguyên",
         qualifier: str = "exact", modality: str = "actual", counted: str = "hợp tác xã", **kw) -> tuple:
    return quote, {"value": value, "counted": counted, "indicator": "cooperatives", "province": province,
                   "period": period, "qualifier": qualifier, "modality": modality, **kw}


def article(text: str, *claims: tuple, doc: str = "a.txt", source: str | None = None,
            published: dt.date = dt.date(2021, 12, 30)):
    return build_facts(text, doc=doc, source=source, published=published, province="Thái Nguyên",
                       claims=list(claims))


def series_rows(session, indicator: str = "cooperatives", **kw) -> list[dict]:
    return observations.series(session, indicator=indicator, **kw)


def snapshot(session) -> dict[int, tuple]:
    """Every observation row and its claims, by id."""
    links: dict[int, list[int]] = {}
    for oid, cid in session.execute(select(ObservationClaimRow.observation_id, ObservationClaimRow.claim_id)):
        links.setdefault(oid, []).append(cid)
    return {o.id: (o.key, o.value, o.qualifier, o.conflict, o.n_claims, sorted(links.get(o.id, [])))
            for o in session.execute(select(ObservationRow)).scalars()}


# -- what is the same number (pure) ------------------------------------------------------

def claim(cid: int, value: float, qualifier: str = "exact", value_max: float | None = None) -> dict:
    return {"id": cid, "value": value, "value_max": value_max, "qualifier": qualifier}


@pytest.mark.parametrize("a, b", [
    (claim(1, 580), claim(2, 580, "more_than")),
    (claim(1, 583), claim(2, 580, "more_than")),
    (claim(1, 42150), claim(2, 42000, "approx")),
    (claim(1, 479), claim(2, 500, "approx")),
    (claim(1, 1909), claim(2, 1909)),
    (claim(1, 35), claim(2, 30, "range", 40)),
])
def test_values_a_rounding_or_qualifier_can_explain_are_one_observation(a, b):
    assert len(observations.group_claims([a, b])) == 1


@pytest.mark.parametrize("a, b", [
    (claim(1, 580), claim(2, 620)),
    (claim(1, 583), claim(2, 588)),
    (claim(1, 620), claim(2, 580, "more_than")),
    (claim(1, 45000), claim(2, 42000, "approx")),
])
def test_values_no_rounding_explains_are_separate(a, b):
    assert len(observations.group_claims([a, b])) == 2


def test_an_observation_shows_its_most_precise_claim():
    groups = observations.group_claims([claim(1, 580, "more_than"), claim(2, 583), claim(3, 580, "approx")])
    assert [[c["id"] for c in g] for g in groups] == [[2, 1, 3]]


@pytest.mark.parametrize("counted, after, key", [
    ("hợp tác xã", "", "cooperatives"),
    ("HTX nông nghiệp", "", "cooperatives.agriculture"),
    ("hợp tác xã phi nông nghiệp", "", "cooperatives.non_agriculture"),
    ("HTX thành viên", "", "cooperatives.members"),
    ("hợp tác xã", " hoạt động trong lĩnh vực nông nghiệp, 4 HTX", "cooperatives.agriculture"),
    ("hợp tác xã", " ở lĩnh vực phi nông nghiệp.", "cooperatives.non_agriculture"),
    ("HTX trên địa bàn", "", "cooperatives"),
    ("hợp tác xã yếu kém", "", "cooperatives.weak"),
    # a clause right after the noun that picks some out is a part; "đang hoạt động" is how the total is told
    ("HTX", " đang hoạt động, 45 HTX ngừng hoạt động", "cooperatives"),
    ("HTX", " ngừng hoạt động, 6 HTX giải thể", "cooperatives.inactive"),
    ("hợp tác xã", " được thành lập mới thuộc lĩnh vực tiểu thủ công nghiệp", "cooperatives.new"),
    ("HTX", " thực hiện ký kết hợp đồng với các doanh nghiệp", "cooperatives.contracted"),
    ("HTX", " hoạt động hiệu quả.", "cooperatives.good"),
    ("HTX", " xây dựng và 5 HTX dịch vụ khác", "cooperatives.construction"),
    ("HTX", " tham gia chuỗi liên kết", "cooperatives.tham_gia_chuoi"),
    ("hợp tác xã", ", với 17.356 xã viên", "cooperatives"),
    ("hợp tác xã", " (HTX). Trong đó", "cooperatives"),
])
def test_a_sub_type_the_counted_noun_names_is_its_own_series(counted, after, key):
    assert series_key("cooperatives", counted, after) == key


@pytest.mark.parametrize("attrs, states", [
    ({}, True),
    ({"change": "increase"}, False),  # "tăng 15 HTX" is a change, not a level
    ({"period": None}, False),
    ({"unit": "lần"}, False),
    ({"unit": "percent", "indicator": "cooperatives_growth"}, False),
    ({"unit": "percent", "indicator": "cooperatives_share"}, True),
])
def test_only_levels_with_a_period_state_observations(attrs, states):
    fields = {"series": attrs.get("indicator", "cooperatives"), "province": "Thái Nguyên",
              "period": attrs.get("period", "2021"), "modality": "actual", "unit": attrs.get("unit", "count"),
              "change": attrs.get("change")}
    assert (observations.observation_key(**fields) is not None) is states


def test_period_bounds_come_from_the_edtf_library():
    assert observations.period_bounds("2019") == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert observations.period_bounds("2016/2020") == (dt.date(2016, 1, 1), dt.date(2020, 12, 31))
    assert observations.period_bounds("2022-01/2022-08-02") == (dt.date(2022, 1, 1), dt.date(2022, 8, 2))
    assert observations.period_bounds(None) == (None, None)


@pytest.mark.parametrize("period", ["2019", "2020-02", "2021-02", "2019-12-31", "2016/2020", "2022-01/2022-08-02",
                                    "2015-06/2015-06-30", "2019-21", "2019?", "2015/..", "2024-02-30"])
def test_period_bounds_read_fast_agree_with_the_edtf_library(period):
    import time as t

    from edtf import parse_edtf

    try:
        parsed = parse_edtf(period)
        lo, hi = parsed.lower_strict(), parsed.upper_strict()
        expected = (dt.date(*t.struct_time(lo)[:3]), dt.date(*t.struct_time(hi)[:3]))
    except Exception:
        expected = (None, None)
    assert observations.period_bounds(period) == expected


# -- in the store (SQLite and PostgreSQL) ------------------------------------------------

TEXT = "Thái Nguyên có 580 HTX\nNăm 2021, toàn tỉnh Thái Nguyên có 580 hợp tác xã.\n"


def test_the_same_article_under_two_names_is_one_observation_with_two_sources(session):
    facts = article(TEXT, coop("580 hợp tác xã", 580), source="/corpus/a.txt")
    load.save_article(session, facts)
    load.save_article(session, facts.model_copy(update={"source": "https://outlet.example.vn/a", "doc": "b"}))
    [row] = series_rows(session)
    assert (row["value"], row["n_claims"], row["n_articles"], row["n_sources"]) == (580, 1, 1, 2)


def test_headline_and_body_stating_one_number_are_one_observation(session):
    load.save_article(session, article(TEXT, coop("580 HTX", 580), coop("580 hợp tác xã", 580)))
    [row] = series_rows(session)
    assert (row["n_claims"], row["n_articles"], row["conflict"]) == (2, 1, False)
    assert len(row["claim_ids"]) == 2


def test_two_outlets_580_and_more_than_580_are_one_observation(session):
    load.save_article(session, article(TEXT, coop("580 hợp tác xã", 580)))
    other = "Thái Nguyên: hơn 580 HTX năm 2021\n"
    load.save_article(session, article(other, coop("hơn 580 HTX", 580, qualifier="more_than"), doc="b.txt"))
    [row] = series_rows(session, provinces=["Thái Nguyên"])
    assert (row["value"], row["qualifier"], row["n_claims"], row["n_articles"]) == (580, "exact", 2, 2)


def test_580_and_620_for_one_place_and_period_are_a_conflict_both_kept(session):
    load.save_article(session, article(TEXT, coop("580 hợp tác xã", 580)))
    load.save_article(session, article("Thái Nguyên có 620 HTX\n", coop("620 HTX", 620), doc="b.txt"))
    rows = series_rows(session)
    assert [(r["value"], r["conflict"]) for r in rows] == [(580, True), (620, True)]


def test_totals_and_parts_are_separate_series(session):
    text = "Thái Nguyên có 580 HTX, trong đó 379 HTX nông nghiệp và 29 HTX thành viên.\n"
    load.save_article(session, article(text, coop("580 HTX", 580), coop("379 HTX nông nghiệp", 379,
                                                                        counted="HTX nông nghiệp"),
                                       coop("29 HTX thành viên", 29, counted="HTX thành viên")))
    assert [r["value"] for r in series_rows(session)] == [580]
    assert [r["value"] for r in series_rows(session, indicator="cooperatives.agriculture")] == [379]
    assert [r["value"] for r in series_rows(session, indicator="cooperatives.members")] == [29]
    assert not any(r["conflict"] for r in series_rows(session))


def test_changes_are_not_observations(session):
    text = "Thái Nguyên có 580 HTX, tăng 15 HTX.\n"
    load.save_article(session, article(text, coop("580 HTX", 580), coop("15 HTX", 15, change="increase")))
    assert [r["value"] for r in series_rows(session)] == [580]


def test_adding_an_article_rewrites_only_the_observations_its_claims_touch(session):
    load.save_article(session, article(TEXT, coop("580 hợp tác xã", 580)))
    hn = "Hà Nội có 1.909 HTX\n"
    load.save_article(session, article(hn, coop("1.909 HTX", 1909, province="Hà Nội"), doc="hn.txt"))
    before = snapshot(session)
    ha_noi = {i for i, row in before.items() if "|Hà Nội|" in row[0]}
    load.save_article(session, article("Thái Nguyên có 620 HTX\n", coop("620 HTX", 620), doc="b.txt"))
    after = snapshot(session)
    assert {i: after[i] for i in ha_noi} == {i: before[i] for i in ha_noi}  # same ids, same rows
    assert sorted(r[1] for i, r in after.items() if i not in ha_noi) == [580, 620]
    assert all(r[3] for i, r in after.items() if i not in ha_noi)  # 580 and 620 now conflict


def test_replacing_an_article_updates_its_old_and_new_keys(session):
    facts = article(TEXT, coop("580 hợp tác xã", 580), source="/corpus/a.txt")
    load.save_article(session, facts)
    load.save_article(session, article("Thái Nguyên có 620 HTX\n", coop("620 HTX", 620), doc="b.txt"))
    assert all(r["conflict"] for r in series_rows(session))
    changed = article(TEXT + "Năm 2022 có 600 HTX.\n", coop("580 hợp tác xã", 580, period="2020"),
                      coop("600 HTX", 600, period="2022"), source="/corpus/a.txt")
    assert load.save_article(session, changed) == "replaced"
    rows = series_rows(session)
    assert [(r["period"], r["value"], r["conflict"]) for r in rows] == [
        ("2020", 580, False), ("2021", 620, False), ("2022", 600, False)]


def test_a_rebuild_gives_what_ingest_kept_current(session):
    load.save_article(session, article(TEXT, coop("580 HTX", 580), coop("580 hợp tác xã", 580)))
    load.save_article(session, article("Thái Nguyên có 620 HTX\n", coop("620 HTX", 620), doc="b.txt"))
    load.save_article(session, article("Hà Nội có 1.909 HTX\n", coop("1.909 HTX", 1909, province="Hà Nội"),
                                       doc="hn.txt"))
    kept = sorted(v[:5] + (tuple(v[5]),) for v in snapshot(session).values())
    counts = observations.rebuild(session)
    assert sorted(v[:5] + (tuple(v[5]),) for v in snapshot(session).values()) == kept
    assert (counts["observations"], counts["conflicts"], counts["level_claims"]) == (3, 2, 4)


def test_period_filters_select_claims_whose_period_overlaps(session):
    text = "Có 500 HTX năm 2015, 560 HTX giai đoạn 2016-2020 và 580 HTX năm 2021, 9 HTX nào đó.\n"
    load.save_article(session, article(text, coop("500 HTX", 500, period="2015"),
                                       coop("560 HTX", 560, period="2016/2020"), coop("580 HTX", 580),
                                       coop("9 HTX", 9, period=None)))

    def values(**kw):
        return sorted(c["value"] for c in queries.claims(session, **kw))

    assert values(period_from=2019, period_to=2021) == [560, 580]
    assert values(period_from=2021) == [580]
    assert values(period_to=2015) == [500]
    assert values(period_from=2017, period_to=2017) == [560]
    assert values() == [9, 500, 560, 580]  # no period filter: claims with no period too
    assert [r["value"] for r in series_rows(session, period_from=2019, period_to=2021)] == [560, 580]


def test_a_2015_figure_in_a_2020_article_lands_in_2015(session):
    from vnfacts.extractors.pipeline import extract_text

    text = ("Hà Tĩnh: kinh tế tập thể sau 5 năm\n"
            "Ngày 15/8/2020, UBND tỉnh Hà Tĩnh tổng kết kinh tế tập thể.\n"
            "Đến ngày 30/6/2015, toàn tỉnh có 833 hợp tác xã.\n")
    facts = extract_text(text, doc="ht.txt")
    [c] = [c for c in facts.claims if c.value == 833]
    assert c.period == "2015-06-30"
    start, end, series, key = observations.claim_columns(c, facts.text)
    assert (start, end, series) == (dt.date(2015, 6, 30), dt.date(2015, 6, 30), "cooperatives")
    assert key is not None and "|2015-06-30|" in key
    load.save_article(session, facts)
    [row] = [r for r in series_rows(session, provinces=["Hà Tĩnh"]) if r["value"] == 833]
    assert (row["period"], row["period_start"], row["period_end"]) == ("2015-06-30", "2015-06-30", "2015-06-30")
    assert series_rows(session, provinces=["Hà Tĩnh"], period_from=2020) == []


# -- the command line and the web ----------------------------------------------------------

@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from web_sample import build_sample_db

    from vnfacts.store import db

    url = build_sample_db(f"sqlite:///{tmp_path_factory.mktemp('obs') / 'sample.db'}")
    db.dispose_engines()
    return url


def cli(*args: str) -> str:
    from typer.testing import CliRunner

    from vnfacts.cli.main import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def test_series_command_prints_a_tidy_table_as_json_and_csv(sample_db):
    rows = json.loads(cli("series", "--indicator", "HTX", "--province", "Thái Nguyên", "--format", "json",
                          "--db", sample_db))
    assert [(r["period"], r["modality"], r["value"]) for r in rows] == [
        ("2022-06-15", "actual", 752), ("2024", "actual", 812)]  # the 2025 target counts effective ones: its own
    assert set(rows[0]) == set(observations.OBSERVATION_COLUMNS)
    table = list(csv.DictReader(io.StringIO(cli("series", "--indicator", "cooperatives", "--modality", "target",
                                                "--format", "csv", "--db", sample_db))))
    assert [(r["province"], r["period"], r["value"]) for r in table] == [("Hà Nội", "2025", "2000")]
    good = json.loads(cli("series", "--indicator", "cooperatives.good", "--format", "json", "--db", sample_db))
    assert [(r["province"], r["period"], r["modality"], r["value"]) for r in good] == [
        ("Thái Nguyên", "2025", "target", 850)]  # "850 HTX hoạt động hiệu quả": a part, never mixed with totals
    assert table[0]["claim_ids"].isdigit() and table[0]["conflict"] == "False"
    years = json.loads(cli("series", "--indicator", "HTX", "--period-from", "2021", "--period-to", "2022",
                           "--format", "json", "--db", sample_db))
    assert sorted(r["value"] for r in years) == [752, 1700]


def test_indicators_command_lists_keys_with_claims_and_observations(sample_db):
    rows = {r["key"]: r for r in json.loads(cli("indicators", "--format", "json", "--db", sample_db))}
    assert rows["cooperatives"]["claims"] == 9 and rows["cooperatives"]["observations"] == 7
    assert (rows["cooperatives.good"]["claims"], rows["cooperatives.good"]["observations"]) == (1, 1)
    assert "HTX" in rows["cooperatives"]["aliases"] and rows["cooperatives"]["label"].startswith("Cooperatives")
    assert (rows["members"]["claims"], rows["members"]["observations"]) == (2, 0)  # no period: no observation


def test_query_claims_takes_period_filters(sample_db):
    rows = json.loads(cli("query", "claims", "--period-from", "2024", "--format", "json", "--db", sample_db))
    assert sorted(r["value"] for r in rows) == [812, 850, 2000]


@pytest.fixture(scope="module")
def client(sample_db):
    from fastapi.testclient import TestClient

    from vnfacts.web.app import create_app

    with TestClient(create_app(sample_db), raise_server_exceptions=False) as c:
        yield c


def test_api_series_answers_the_observations_as_json_and_csv(client, sample_db):
    from vnfacts.store import db

    r = client.get("/api/series", params={"indicator": "hợp tác xã", "province": "Thái Nguyên"})
    assert r.status_code == 200
    with db.session(sample_db) as s:
        assert r.json() == observations.series(s, indicator="cooperatives", provinces=["Thái Nguyên"])
    spec = client.get("/api/openapi.json").json()
    assert spec["paths"]["/api/series"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array", "items": {"$ref": "#/components/schemas/Observation"}, "title": "Response Api Series Api Series Get"}
    text = client.get("/api/series", params={"indicator": "HTX", "format": "csv", "from": "2025"}).text
    assert [r["value"] for r in csv.DictReader(io.StringIO(text))] == ["2000"]
    assert client.get("/api/series", params={"indicator": "HTX", "from": "2025", "to": "2020"}).status_code == 400
    assert client.get("/api/series", params={"province": "Atlantis"}).status_code == 400


def test_chart_page_offers_provinces_with_data_and_downloads(client):
    html = client.get("/chart", params={"indicator": "HTX"}).text
    for name in ("Hà Nội", "Thái Nguyên", "Quảng Ninh"):
        assert f'value="{name}"' in html
    assert 'value="Đà Nẵng"' not in html
    assert "/api/series?indicator=cooperatives" in html and "format=csv" in html
    assert '<a href="/observations/' in html


def test_an_observation_page_lists_its_claims_with_their_sentences(client):
    [row] = client.get("/api/series", params={"indicator": "HTX", "province": "Hà Nội", "from": "2023",
                                              "to": "2023"}).json()
    html = client.get(f"/observations/{row['id']}").text
    assert '<mark class="span">1.909 hợp tác xã</mark>' in html
    assert f'href="/claims/{row["claim_ids"][0]}"' in html
    assert client.get("/observations/999999").status_code == 404
    from pydantic import TypeAdapter

    from vnfacts.web import models

    detail = TypeAdapter(models.ObservationDetail).validate_python(client.get(f"/api/observations/{row['id']}").json())
    assert [c.quote for c in detail.claims] == ["1.909 hợp tác xã"] and detail.others == []


def test_claims_api_and_page_take_period_filters(client):
    rows = client.get("/api/claims", params={"period_from": "2024", "indicator": "HTX"}).json()
    assert sorted(r["value"] for r in rows) == [812, 850, 2000]
    assert client.get("/api/claims", params={"period_from": "2024", "period_to": "2020"}).status_code == 400
    html = client.get("/indicators", params={"period_from": "2024", "period_to": "2024"}).text
    assert "<strong>1</strong> claim" in html and 'name="period_from" value="2024"' in html


def test_indicators_page_lists_the_keys_with_their_counts(client):
    html = client.get("/indicators").text
    assert "<code>cooperatives</code>" in html and '/chart?indicator=cooperatives">7</a>' in html


def test_upgrading_a_database_from_before_observations_builds_them(tmp_path):
    import sqlalchemy as sa

    from vnfacts.store import db

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db.upgrade(url, "0006")
    with db.get_engine(url).begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO articles (locator, doc, content_hash, extractor_version, boilerplate, text, ingested_at) "
            "VALUES ('a.txt', 'a.txt', 'h', 'v', '[]', 'Có 379 HTX nông nghiệp.', '2024-01-01 00:00:00')"))
        conn.execute(sa.text(
            'INSERT INTO claims (article_id, sentence_index, start, "end", quote, value, unit, counted, indicator, '
            "qualifier, modality, province, period, section, extractor, extractor_version) VALUES "
            "(1, 0, 3, 10, '379 HTX', 379, 'count', 'HTX nông nghiệp', 'cooperatives', 'exact', 'actual', "
            "'Lâm Đồng', '2022', 'body', 'claims', 'v')"))
    db.upgrade(url)
    with db.session(url) as s:
        [row] = observations.series(s, indicator="cooperatives.agriculture")
    db.dispose_engines()
    assert (row["province"], row["period"], row["period_start"], row["value"]) == ("Lâm Đồng", "2022", "2022-01-01", 379)
