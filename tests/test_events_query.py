"""Events once stored: the claims they tell kept with them, ``query events``/``audit event``,
the Activity and event pages and ``/api/events`` (SQLite and, when configured, PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import build_facts
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from vnfacts.schemas.facts import ArticleFacts, Event

NGHE_AN = ("Liên minh HTX tỉnh Nghệ An tổ chức Đại hội\n"
           "Sáng 12/9, Liên minh HTX tỉnh Nghệ An tổ chức Đại hội đại biểu với 180 đại biểu.\n"
           "Chủ tịch Liên minh HTX tỉnh Nguyễn Văn Hùng phát biểu tại Đại hội.\n"
           "Toàn tỉnh có 1.200 HTX.\n")
THAI_NGUYEN = ("Thái Nguyên ra mắt HTX Chè Tân Hương\n"
               "Liên minh HTX tỉnh Thái Nguyên tổ chức lễ ra mắt HTX Chè Tân Hương với 12 thành viên.\n"
               "HTX Chè La Bằng được thành lập năm 2012.\n")


def event(facts: ArticleFacts, quote: str, type: str, **kw) -> Event:
    start = facts.text.index(quote, facts.text.index("\n"))  # in the body, not the headline
    sentence = next(s.index for s in facts.sentences if s.start <= start < s.end)
    return Event(start=start, end=start + len(quote), quote=quote, type=type, sentence_index=sentence, **kw)


def nghe_an(text: str = NGHE_AN) -> ArticleFacts:
    facts = build_facts(text, doc="nghe-an.txt", title=text.splitlines()[0], published=dt.date(2023, 9, 15),
                        province="Nghệ An", officials=[("Nguyễn Văn Hùng", "Chủ tịch Liên minh HTX tỉnh")],
                        claims=[("180 đại biểu", {"value": 180, "counted": "đại biểu", "indicator": "participants"}),
                                ("1.200 HTX", {"value": 1200, "counted": "HTX", "indicator": "cooperatives"})])
    facts.events = [event(facts, "Đại hội đại biểu", "congress", date="2023-09-12", province="Nghệ An",
                          officials=["Nguyễn Văn Hùng"], claim_indexes=[0])]
    return ArticleFacts.model_validate(facts.model_dump())


def thai_nguyen() -> ArticleFacts:
    facts = build_facts(THAI_NGUYEN, doc="thai-nguyen.txt", title=THAI_NGUYEN.splitlines()[0],
                        published=dt.date(2021, 5, 1), province="Thái Nguyên",
                        claims=[("12 thành viên", {"value": 12, "counted": "thành viên", "indicator": "members"})])
    facts.events = [event(facts, "lễ ra mắt", "founding", province="Thái Nguyên", claim_indexes=[0]),
                    event(facts, "thành lập", "founding", date="2012", province="Thái Nguyên")]
    return ArticleFacts.model_validate(facts.model_dump())


def store(url: str) -> None:
    from vnfacts.store import db, load

    with db.session(url) as s:
        run = load.begin_run(s, ["/corpus"], "test")
        for facts in (nghe_an(), thai_nguyen()):
            load.save_article(s, facts, run_id=run.id)
        load.end_run(s, run.id, {"new": 2})


@pytest.fixture
def stored(db_url):
    store(db_url)
    return db_url


@pytest.fixture
def session(stored):
    from vnfacts.store import db

    with db.session(stored) as s:
        yield s


# -- store -----------------------------------------------------------------------------

def test_the_claims_an_event_tells_are_stored_read_back_and_replaced_with_its_article(session):
    from vnfacts.schemas.tables import EventClaimRow
    from vnfacts.store import load, queries

    article_id = load.find_article_id(session, "/corpus/nghe-an.txt")
    back = load.read_article_facts(session, article_id)
    assert back.events == nghe_an().events and back.events[0].claim_indexes == [0]
    changed = nghe_an(NGHE_AN.replace("180 đại biểu.", "180 đại biểu và 1.200 HTX."))
    changed.events[0].claim_indexes = [0, 1]
    assert load.save_article(session, changed) == "replaced"
    assert load.read_article_facts(session, article_id).events[0].claim_indexes == [0, 1]
    assert load.count_rows(session, EventClaimRow) == 3  # 2 for this article, 1 for Thái Nguyên's
    (row,) = queries.events(session, article_id=article_id)
    assert [c["quote"] for c in queries.event(session, row["id"])["claims"]] == ["180 đại biểu", "1.200 HTX"]


def test_events_come_newest_first_an_undated_one_at_its_articles_date(session):
    from vnfacts.store import queries

    assert [(e["type"], e["date"], e["published"]) for e in queries.events(session)] == [
        ("congress", "2023-09-12", "2023-09-15"), ("founding", None, "2021-05-01"), ("founding", "2012", "2021-05-01")]


@pytest.mark.parametrize("filters, quotes", [
    ({"type": "founding"}, ["lễ ra mắt", "thành lập"]),
    ({"province": "tỉnh Thái Nguyên"}, ["lễ ra mắt", "thành lập"]),
    ({"year_from": 2022}, ["Đại hội đại biểu"]),
    ({"year_to": 2015}, ["thành lập"]),  # its own year, not its article's
    ({"year_from": 2021, "year_to": 2021}, ["lễ ra mắt"]),  # undated: its article's year
    ({"official": "văn hùng"}, ["Đại hội đại biểu"]),
    ({"type": "visit"}, []),
])
def test_events_filter_by_type_province_years_and_official(session, filters, quotes):
    from vnfacts.store import queries

    assert [e["quote"] for e in queries.events(session, **filters)] == quotes
    assert queries.count_events(session, **filters) == len(quotes)


def test_event_counts_say_what_was_done_when_and_where(session):
    from vnfacts.store import queries

    counts = queries.event_counts(session)
    assert counts["by_type"] == [{"type": "founding", "count": 2}, {"type": "congress", "count": 1}]
    assert counts["by_year"] == [{"year": "2023", "count": 1}, {"year": "2021", "count": 1},
                                 {"year": "2012", "count": 1}]
    assert {"province": "Thái Nguyên", "count": 2} in counts["by_province"]


# -- command line ----------------------------------------------------------------------

def cli(*args, code: int = 0):
    from vnfacts.cli.main import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == code, result.output + repr(result.exception)
    return result


def test_query_events_prints_json_csv_and_a_table(stored):
    rows = json.loads(cli("query", "events", "--type", "Founding", "--format", "json", "--db", stored).stdout)
    assert [(r["quote"], r["claim_ids"] != []) for r in rows] == [("lễ ra mắt", True), ("thành lập", False)]
    csv_out = cli("query", "events", "--official", "Hùng", "--format", "csv", "--db", stored).stdout.splitlines()
    assert csv_out[0].startswith("id,article_id,type,date,") and len(csv_out) == 2
    assert "Nguyễn Văn Hùng" in csv_out[1]
    table = cli("query", "events", "--from", "2021", "--to", "2021", "--db", stored).stdout
    assert "~2021-05-01" in table and "Đại hội" not in table
    assert "did you mean founding" in cli("query", "events", "--type", "fonding", "--db", stored, code=1).stderr


def test_audit_event_shows_its_sentence_participants_and_claims_and_audit_id_stays_a_claim(stored):
    rows = json.loads(cli("query", "events", "--type", "congress", "--format", "json", "--db", stored).stdout)
    text = cli("audit", "event", rows[0]["id"], "--db", stored).stdout
    assert "Sáng 12/9, Liên minh HTX tỉnh Nghệ An tổ chức Đại hội đại biểu" in text
    assert "Nguyễn Văn Hùng" in text and "180 đại biểu" in text and "congress" in text
    data = json.loads(cli("audit", "event", rows[0]["id"], "--format", "json", "--db", stored).stdout)
    s = data["sentence"]
    assert s["text"][data["start"] - s["start"]:data["end"] - s["start"]] == "Đại hội đại biểu"
    claim_id = data["claims"][0]["id"]
    assert "180 đại biểu" in cli("audit", claim_id, "--db", stored).stdout
    assert cli("audit", "claim", claim_id, "--db", stored).stdout == cli("audit", claim_id, "--db", stored).stdout
    assert "no event 9999" in cli("audit", "event", 9999, "--db", stored, code=1).stderr
    assert "not a claim id" in cli("audit", "evnt", "--db", stored, code=1).stderr


# -- web -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from vnfacts.store import db
    from vnfacts.web.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('events') / 'web.db'}"
    db.upgrade(url)
    store(url)
    db.dispose_engines()
    with TestClient(create_app(url), raise_server_exceptions=False) as c:
        yield c


def test_activity_page_shows_a_timeline_with_counts_and_filters(client):
    page = client.get("/activity")
    assert page.status_code == 200
    html = page.text
    assert html.index("September 2023") < html.index("May 2021") < html.index("<h3>2012</h3>")
    assert "<mark class=\"span\">Đại hội đại biểu</mark>" in html and "Founding · thành lập" in html
    assert 'href="/entities/officials/Nguy%E1%BB%85n%20V%C4%83n%20H%C3%B9ng"' in html
    founding = client.get("/activity", params={"type": "founding", "from": "2021"}).text
    assert "lễ ra mắt" in founding and "<mark class=\"span\">Đại hội đại biểu</mark>" not in founding
    assert client.get("/activity", params={"type": "parade"}).status_code == 400


def test_event_page_marks_its_words_and_links_its_claims_and_officials(client):
    (row,) = client.get("/api/events", params={"type": "congress"}).json()
    html = client.get(f"/events/{row['id']}").text
    assert '<mark class="span" id="span">Đại hội đại biểu</mark>' in html
    assert re.search(rf'href="/claims/{row["claim_ids"][0]}"[^>]*>180 đại biểu</a>', html)
    assert "/entities/officials/Nguy%E1%BB%85n%20V%C4%83n%20H%C3%B9ng" in html
    assert client.get("/events/9999").status_code == 404


def test_an_officials_page_lists_the_events_they_took_part_in(client):
    html = client.get("/entities/officials/Nguyễn Văn Hùng").text
    assert "Events they took part in (1)" in html and "/events/" in html


def test_api_events_filters_pages_and_fits_its_openapi_models(client):
    from pydantic import TypeAdapter

    from vnfacts.web import models

    r = client.get("/api/events", params={"province": "Thái Nguyên", "limit": 1})
    assert r.status_code == 200 and r.headers["x-total-count"] == "2"
    (first,) = TypeAdapter(list[models.Event]).validate_python(r.json())
    assert first.quote == "lễ ra mắt"
    second = client.get("/api/events", params={"province": "Thái Nguyên", "limit": 1, "offset": 1}).json()
    assert [e["quote"] for e in second] == ["thành lập"]
    audit = client.get(f"/api/events/{first.id}").json()
    models.EventAudit.model_validate(audit)
    assert [c["quote"] for c in audit["claims"]] == ["12 thành viên"]
    spec = client.get("/api/openapi.json").json()
    assert spec["paths"]["/api/events/{event_id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"] == {"$ref": "#/components/schemas/EventAudit"}
    for bad in ({"type": "x"}, {"from": "20x1"}, {"sort": "value"}, {"limit": "0"}):
        assert client.get("/api/events", params=bad).status_code == 400
    assert client.get("/api/events/9999").status_code == 404
