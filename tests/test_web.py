"""The web interface through FastAPI's test client: pages, JSON API, errors, read-only, escaping."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from fastapi.testclient import TestClient
from web_sample import build_sample_db


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    build_sample_db(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="module")
def client(db_file):
    from vnfacts.web.app import create_app

    with TestClient(create_app(f"sqlite:///{db_file}"), raise_server_exceptions=False) as c:
        yield c


def claim_id(client, quote: str) -> int:
    rows = client.get("/api/claims", params={"text": quote, "limit": 100}).json()
    return next(r["id"] for r in rows if r["quote"] == quote)


# -- JSON API ---------------------------------------------------------------------------

def test_api_claims_has_the_cli_keys_and_filters(client, db_file):
    from vnfacts.store import db, queries

    r = client.get("/api/claims", params={"province": "TP Hà Nội", "indicator": "cooperatives", "from": "2022"})
    assert r.status_code == 200
    rows = r.json()
    with db.session(f"sqlite:///{db_file}") as s:
        expected = queries.claims(s, province="Hà Nội", indicator="cooperatives", year_from=2022, limit=100)
    db.dispose_engines()
    assert rows == expected and rows  # same dicts, same keys as the CLI's --format json
    assert set(rows[0]) == set(queries.CLAIM_COLUMNS)
    assert {row["province"] for row in rows} == {"Hà Nội"}
    assert all(row["article_date"] >= "2022" for row in rows)
    assert r.headers["x-total-count"] == str(len(rows))


@pytest.mark.parametrize("params, check", [
    ({"modality": "target"}, lambda r: r["modality"] == "target"),
    ({"modality": "fact"}, lambda r: r["modality"] == "actual"),
    ({"qualifier": "approx"}, lambda r: r["qualifier"] == "approx"),
    ({"from": "2022", "to": "2023"}, lambda r: "2022" <= r["article_date"][:4] <= "2023"),
    ({"text": "thành viên"}, lambda r: True),
    ({"unit": "VND"}, lambda r: r["unit"] == "VND"),
    ({"province": "Thái Nguyên", "indicator": "cooperatives", "modality": "target"},
     lambda r: (r["province"], r["modality"]) == ("Thái Nguyên", "target")),
])
def test_api_claims_filters(client, params, check):
    rows = client.get("/api/claims", params=params).json()
    assert rows and all(check(r) for r in rows)
    assert client.get("/api/claims", params=params).headers["x-total-count"] == str(len(rows))


def test_total_count_equals_the_store_query_for_every_filter(db_file):
    from sqlmodel import Session

    from vnfacts.store import queries
    from vnfacts.web import queries as wq
    from vnfacts.web.readonly import readonly_engine

    engine = readonly_engine(f"sqlite:///{db_file}")
    with Session(engine) as s:
        for f in ({}, {"province": "Hà Nội"}, {"text": "HTX"}, {"text": "htx"}, {"text": "Thành"},
                  {"text": "zzz"}, {"indicator": "HTX", "year_from": 2022}, {"modality": "target"}):
            every = queries.claims(s, **f)
            assert queries.count_claims(s, **f) == len(every), f
            for limit, offset in ((2, 0), (3, 2), (50, 0), (5, 100)):
                rows, total = wq.claims_page(s, f, order_by="-date", limit=limit, offset=offset)
                assert total == len(every)
                assert rows == queries.claims(s, **f, order_by="-date", limit=limit, offset=offset)
    engine.dispose()


def test_api_sort_limit_offset(client):
    values = [r["value"] for r in client.get("/api/claims", params={"sort": "-value", "unit": "count"}).json()]
    assert values == sorted(values, reverse=True)
    page = client.get("/api/claims", params={"limit": 2, "offset": 1, "sort": "id"}).json()
    every = client.get("/api/claims", params={"sort": "id"}).json()
    assert page == every[1:3]


def test_api_claim_article_and_entities(client):
    cid = claim_id(client, "1.909 hợp tác xã")
    c = client.get(f"/api/claims/{cid}").json()
    assert c["sentence"]["text"].startswith("Toàn thành phố có 1.909")
    assert c["article"]["title"] == "Liên minh HTX TP Hà Nội tổng kết năm 2023"
    assert c["run"]["status"] == "completed"
    a = client.get(f"/api/articles/{c['article_id']}").json()
    assert a["text"][c["start"]:c["end"]] == "1.909 hợp tác xã"
    arts = client.get("/api/articles", params={"province": "Hà Nội"}).json()
    assert {x["province"] for x in arts} == {"Hà Nội"} and len(arts) == 3
    officials = client.get("/api/officials", params={"province": "Thái Nguyên"}).json()
    assert [o["name"] for o in officials] == ["Đặng Xuân Trường"]
    coops = client.get("/api/cooperatives", params={"name": "La Bằng"}).json()
    assert len(coops) == 2
    assert client.get("/api/stats").json()["tables"]["articles"] == 6
    provinces = {p["name"]: p for p in client.get("/api/provinces").json()}
    assert provinces["Hà Nội"]["articles"] == 3
    chart = client.get("/api/chart", params={"indicator": "HTX", "province": ["Hà Nội", "Thái Nguyên"]}).json()
    assert chart["indicator"] == "cooperatives"
    assert [c["value"] for c in chart["series"]["Thái Nguyên"] if c["modality"] == "actual"] == [752, 812]


def test_downloads_hold_every_matching_claim(client):
    every = client.get("/api/claims", params={"province": "Hà Nội", "sort": "id"}).json()
    r = client.get("/api/claims.csv", params={"province": "Hà Nội"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [int(x["id"]) for x in rows] == [c["id"] for c in every]
    assert rows[0]["quote"] == every[0]["quote"]
    j = client.get("/api/claims.json", params={"province": "Hà Nội"})
    assert json.loads(j.text) == every


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/claims", "/api/claims/{claim_id}", "/api/articles/{article_id}", "/api/claims.csv"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/claims"]["get"]["parameters"]}
    assert {"province", "indicator", "modality", "from", "to", "qualifier", "text", "limit", "offset"} <= names
    assert "/indicators" not in spec["paths"]
    assert client.get("/api").status_code == 200


def test_openapi_schemas_are_the_answers(client):
    """Every API answer has a real schema in /api/openapi.json, and every answer fits it
    exactly (the models forbid extra keys, so a query gaining a key fails here)."""
    from pydantic import TypeAdapter

    from vnfacts.web import models

    spec = client.get("/api/openapi.json").json()
    cid = claim_id(client, "1.909 hợp tác xã")
    aid = client.get(f"/api/claims/{cid}").json()["article_id"]
    answers = {
        "/api/claims": (list[models.Claim], {"province": "Hà Nội"}),
        "/api/claims/{claim_id}": (models.ClaimAudit, None),
        "/api/articles": (list[models.ArticleListed], {}),
        "/api/articles/{article_id}": (models.Article, None),
        "/api/officials": (list[models.Official], {}),
        "/api/cooperatives": (list[models.Cooperative], {"kind": "alliance"}),
        "/api/provinces": (list[models.Province], {}),
        "/api/stats": (models.Stats, {}),
        "/api/chart": (models.Chart, {"indicator": "HTX", "province": ["Hà Nội", "Thái Nguyên"]}),
        "/api/series": (list[models.Observation], {"indicator": "HTX"}),
    }
    for path, (model, params) in answers.items():
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok, path
        url = path.replace("{claim_id}", str(cid)).replace("{article_id}", str(aid))
        body = client.get(url, params=params).json()
        assert body, path
        TypeAdapter(model).validate_python(body, strict=False)
    claim = spec["components"]["schemas"]["Claim"]
    assert {"value", "quote", "indicator", "modality", "article_date"} <= set(claim["properties"])
    assert spec["paths"]["/api/claims/{claim_id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/ClaimAudit"}


@pytest.mark.parametrize("url", [
    "/api/claims?from=20x3", "/api/claims?to=99", "/api/claims?from=2024&to=2020", "/api/claims?modality=maybe",
    "/api/claims?qualifier=roughly", "/api/claims?limit=-1", "/api/claims?limit=abc", "/api/claims?sort=nope",
    "/api/claims?article_id=x", "/api/claims.csv?from=abc", "/api/articles?sort=nope", "/api/cooperatives?kind=x",
    "/api/claims?text=" + "x" * 500,
])
def test_bad_filters_are_400_with_a_message(client, url):
    r = client.get(url)
    assert r.status_code == 400, r.text
    assert r.json()["detail"]


@pytest.mark.parametrize("url", ["/api/claims/999999", "/api/articles/999999", "/api/claims/abc"])
def test_unknown_ids_are_404_in_the_api(client, url):
    r = client.get(url)
    assert r.status_code == 404 and r.json()["detail"]


# -- pages --------------------------------------------------------------------------------

def test_indicators_page_filters_sorts_paginates(client):
    r = client.get("/indicators", params={"province": "TP Hà Nội"})
    assert r.status_code == 200 and 'lang="vi"' in r.text
    assert "<strong>6</strong> claims" in r.text and "Thái Nguyên</a>" not in r.text
    assert re.search(r'href="/api/claims\.csv\?province=TP\+H', r.text)
    assert 'href="/api/claims.json?' in r.text
    for c in ("1\u202f909", "≈", "hợp tác xã", "2023-12-30", "/claims/"):
        assert c in r.text
    r = client.get("/indicators", params={"per_page": 25, "page": 1, "sort": "value"})
    assert r.status_code == 200
    assert client.get("/indicators", params={"page": 999}).status_code == 200


@pytest.mark.parametrize("params", [{"from": "abc"}, {"modality": "x"}, {"per_page": "0"}, {"page": "-3"},
                                    {"sort": "colour"}, {"from": "2025", "to": "2020"}])
def test_indicators_page_bad_filter_is_400_with_message(client, params):
    r = client.get("/indicators", params=params)
    assert r.status_code == 400
    assert 'class="alert"' in r.text and "Bad filter" in r.text


def test_claim_page_marks_the_span(client):
    cid = claim_id(client, "1.909 hợp tác xã")
    r = client.get(f"/claims/{cid}")
    assert r.status_code == 200
    assert '<mark class="span actual" id="span">1.909 hợp tác xã</mark>' in r.text
    assert "Toàn thành phố có " in r.text and "Bí thư Thành ủy" in r.text  # the sentences around
    for words in ("Liên minh HTX TP Hà Nội tổng kết năm 2023", "2023-12-30", "https://kinhtetapthe.example.vn/ha-noi-2023",
                  "/corpus/sample", "vnfacts.claims", "#1 · completed", "span holds the quote"):
        assert words in r.text
    assert re.search(rf'href="/articles/\d+\?claim={cid}#s1"', r.text)


def test_article_page_highlights_facts_entities_boilerplate(client):
    cid = claim_id(client, "1.909 hợp tác xã")
    aid = client.get(f"/api/claims/{cid}").json()["article_id"]
    r = client.get(f"/articles/{aid}", params={"claim": cid})
    assert r.status_code == 200
    body = r.text.split('<article class="fulltext"', 1)[1].split("</article>", 1)[0]
    assert f'<a class="hl claim fact focus" title="fact: 1\u202f909 hợp tác xã · cooperatives · Hà Nội · claim #{cid}" ' \
           f'href="/claims/{cid}" id="c{cid}">1.909 hợp tác xã</a>' in body
    assert 'class="hl claim target"' in body
    assert 'title="official: Hoàng Trung Hải (Bí thư Thành ủy Hà Nội)">Hoàng Trung Hải</span>' in body
    assert 'class="hl ent ent-cooperative"' in body and 'class="hl ent ent-alliance"' in body
    assert '<span class="boilerplate" title="boilerplate (not extracted)">Ảnh: Văn Điệp – TTXVN</span>' in body
    assert 'id="s1"' in body
    # the text is all there, in order, once the markup is taken out
    from html import unescape
    assert unescape(re.sub(r"<[^>]+>", "", body.split(">", 1)[1])) == client.get(f"/api/articles/{aid}").json()["text"]
    assert "Facts in this article (4)" in r.text


def test_article_text_is_escaped(client):
    rows = client.get("/api/claims", params={"text": "in đậm"}).json()
    aid = rows[0]["article_id"]
    for url in (f"/articles/{aid}", f"/claims/{rows[0]['id']}", "/indicators", "/articles"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<b>in đậm</b>" not in html
    html = client.get(f"/articles/{aid}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;in đậm&lt;/b&gt;" in html


def test_chart_is_inline_svg_of_observations_with_links_to_their_pages(client):
    r = client.get("/chart", params={"indicator": "HTX", "province": ["Hà Nội", "Thái Nguyên"]})
    assert r.status_code == 200
    svg = r.text.split("<svg class=\"chart\"", 1)[1].split("</svg>", 1)[0]
    facts = re.findall(r'<a href="/observations/(\d+)" class="pt fact">', svg)
    targets = re.findall(r'<a href="/observations/(\d+)" class="pt target">', svg)
    # 1 700, 1 909, 12 | 752, 812; target 2 000 (850 HTX "hoạt động hiệu quả" is cooperatives.good)
    assert len(facts) == 5 and len(targets) == 1
    assert 'data-province="Hà Nội"' in svg and 'data-province="Thái Nguyên"' in svg
    assert "3 facts, 1 target<" in r.text and "2 facts, 0 targets<" in r.text  # plurals said right
    assert client.get("/chart").status_code == 200  # defaults: the commonest indicator, top provinces
    assert client.get("/chart", params={"scale": "log"}).status_code == 200
    assert client.get("/chart", params={"scale": "cubic"}).status_code == 400


def test_entity_pages(client):
    r = client.get("/entities")
    assert r.status_code == 200 and "Hoàng Trung Hải" in r.text and "HTX Chè La Bằng" in r.text
    r = client.get("/entities/officials/Hoàng Trung Hải")
    assert r.status_code == 200 and "Bí thư Thành ủy Hà Nội" in r.text
    assert "Liên minh HTX TP Hà Nội tổng kết năm 2023" in r.text and "/claims/" in r.text
    r = client.get("/entities/cooperatives/HTX Chè La Bằng")
    assert r.status_code == 200 and "Appears in 2 articles" in r.text and "same sentence" in r.text
    r = client.get("/entities/provinces/TP Hà Nội")
    assert r.status_code == 200 and "cooperatives" in r.text and "Hoàng Trung Hải" in r.text
    assert client.get("/entities/officials", params={"q": "Trường"}).text.count("/entities/officials/") >= 1
    assert client.get("/entities/cooperatives").status_code == 200
    assert client.get("/articles", params={"province": "Thái Nguyên"}).status_code == 200


@pytest.mark.parametrize("url", ["/claims/999999", "/articles/999999", "/claims/abc", "/entities/officials/Nobody",
                                 "/entities/cooperatives/HTX Không Có", "/entities/provinces/Atlantis", "/nothing"])
def test_unknown_pages_are_404_pages(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html") and "Not found" in r.text


def test_assets_are_local(client):
    html = client.get("/indicators").text + client.get("/chart").text + client.get("/articles/1").text
    assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://kinhtetapthe.example.vn', ""))
    assert client.get("/static/style.css").status_code == 200


# -- read-only ---------------------------------------------------------------------------

def test_the_app_cannot_write(db_file):
    import sqlalchemy as sa
    from sqlmodel import Session

    from vnfacts.schemas.tables import Article
    from vnfacts.web.app import create_app

    app = create_app(f"sqlite:///{db_file}")
    engine = app.state.engine
    with pytest.raises(sa.exc.OperationalError, match="readonly|read-only|query_only"):
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE articles SET title = 'x'"))
    with Session(engine) as s:
        s.get(Article, 1).title = "changed"
        with pytest.raises(sa.exc.OperationalError):
            s.commit()
    with pytest.raises(sa.exc.OperationalError):
        with engine.connect() as conn:
            conn.execute(sa.text("CREATE TABLE evil (x int)"))
    assert "mode=ro" in app.state.database
    engine.dispose()
    with TestClient(app) as c:
        for method in ("post", "put", "delete", "patch"):
            assert c.request(method, "/api/claims/1").status_code == 405


def test_no_route_changes_anything(client, db_file):
    before = db_file.read_bytes()
    for url in ("/indicators?text=x", "/api/claims.csv", "/chart", "/articles/1", "/entities", "/api/stats"):
        client.get(url)
    assert db_file.read_bytes() == before


def test_missing_database_is_a_clear_error(tmp_path):
    from vnfacts.web.app import create_app
    from vnfacts.web.readonly import DatabaseMissing

    with pytest.raises(DatabaseMissing, match="no database"):
        create_app(f"sqlite:///{tmp_path / 'none.db'}")
    assert not (tmp_path / "none.db").exists()


def test_readonly_url_for_postgres_keeps_its_options():
    from vnfacts.web.readonly import readonly_url

    url = readonly_url("postgresql://u:p@h/db?options=-csearch_path%3Dt_1")
    assert url.startswith("postgresql+psycopg://u:p@h/db?")
    assert "default_transaction_read_only" in url and "search_path" in url


def test_highlight_nests_overlapping_spans_and_escapes():
    from vnfacts.web.highlight import Layer, render

    text = "a <b> c & d"
    html = render(text, [Layer(0, 7, "i"), Layer(4, 11, "u", {"title": '"q"'}), Layer(50, 60, "s")])
    assert html == '<i>a &lt;b<u title="&#34;q&#34;">&gt; c</u></i><u title="&#34;q&#34;"> &amp; d</u>'


def test_cli_serve_uses_the_cli_database_setting(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from vnfacts.cli.main import app
    from vnfacts.web import serve as web_serve

    seen = {}
    monkeypatch.setattr(web_serve, "serve", lambda db, host, port: seen.update(db=db, host=host, port=port))
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--db", "x.db"])
    assert result.exit_code == 0, result.output
    assert seen == {"db": "x.db", "host": "127.0.0.1", "port": 8123}
    monkeypatch.setenv("VNFACTS_DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    monkeypatch.undo()  # the real server: a missing database is a one-line error, not a traceback
    monkeypatch.setenv("VNFACTS_DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1 and "no database" in result.output
