"""Feed ingestion against a real HTTP server on 127.0.0.1: feeds, pages, faults, de-duplication.

The pages are the sample corpus wrapped in a news site's navigation, ads and comments
(``tests/feed_server.py``). The run goes through ``flows.feeds.run_feeds`` with the
stand-in extractor (so these tests hold whatever state the extractors are in); one test
runs the Prefect flow itself and the CLI. Timeouts and backoff are tiny (``fast``).
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from feed_server import atom, corpus_articles, encode_cp1258, page_html, rss, rss10
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from vnfacts.schemas.feed_tables import Feed, FeedEntryRow
from vnfacts.schemas.tables import Article, ArticleSource, IngestError, IngestRun
from vnfacts.store import db, load

pytest_plugins = ["conftest_feeds"]


def run(db_url, fast, **kw):
    from vnfacts.flows.feeds import run_feeds

    return run_feeds(db_url, options=fast, **kw)


def rows(db_url, model, *where):
    with db.session(db_url) as s:
        return list(s.exec(select(model).where(*where).order_by(model.id)).scalars())


def feed_stats(summary, url):
    return next(f for f in summary["feeds"] if f["url"] == url)


def entry(server, a, **kw):
    when = dt.datetime.combine(a.date or dt.date(2024, 1, 1), dt.time(8), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return {"link": server.url(f"/a/{a.name}.html"), "title": a.title, "date": when, "guid": f"urn:test:{a.name}", **kw}


# -- the pure parts ----------------------------------------------------------------------

def test_canonical_url_drops_case_tracking_fragment_and_default_port():
    from vnfacts.sources.urls import canonical_url

    assert canonical_url("HTTPS://Example.VN:443/Tin/Bai-1.html?utm_source=rss&b=2&a=1&fbclid=x#binh-luan") \
        == "https://example.vn/Tin/Bai-1.html?a=1&b=2"
    assert canonical_url("http://example.vn") == "http://example.vn/"
    assert canonical_url("/a/b.html?UTM_medium=x", base="http://Example.vn:8080/rss") == "http://example.vn:8080/a/b.html"
    assert canonical_url("http://example.vn/a%7eb") == canonical_url("http://example.vn/a~b")


@settings(max_examples=200, deadline=None)
@given(path=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
       keys=st.lists(st.sampled_from(["id", "utm_source", "p", "utm_campaign", "fbclid", "q"]), max_size=4),
       frag=st.text(max_size=5))
def test_canonical_url_is_idempotent_and_ignores_tracking(path, keys, frag):
    from urllib.parse import quote

    from vnfacts.sources.urls import canonical_url

    query = "&".join(f"{k}=v{i}" for i, k in enumerate(keys))
    url = f"HTTP://News.Example.VN/{quote(path)}?{query}#{quote(frag)}"
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "utm_" not in once and "fbclid" not in once and "#" not in once
    assert once.startswith("http://news.example.vn/")


def test_windows_1258_decodes_to_nfc_whatever_declares_it():
    from vnfacts.sources.page import decode_html

    words = "Hợp tác xã Đồng Lạc có 1.909 thành viên, doanh thu tăng 46%"
    html = f"<html><head>{{meta}}</head><body><p>{words}</p></body></html>"
    data = encode_cp1258(html.format(meta=""))
    meta_data = encode_cp1258(html.format(meta='<meta charset="windows-1258">'))
    assert words not in data.decode("cp1258")  # cp1258 writes tones as combining marks
    assert words in unicodedata.normalize("NFC", data.decode("cp1258"))
    text, codec, how = decode_html(data, "text/html; charset=windows-1258")
    assert (codec, how) == ("cp1258", "http") and words in text
    text, codec, how = decode_html(meta_data, "text/html")
    assert (codec, how) == ("cp1258", "meta") and words in text
    # a wrong HTTP charset (utf-8) is passed over for the page's own declaration
    text, codec, how = decode_html(meta_data, "text/html; charset=utf-8")
    assert how == "meta" and words in text
    assert unicodedata.is_normalized("NFC", text)
    # UTF-8 without any declaration, and ISO-8859-1 labels meaning windows-1252
    assert decode_html(html.format(meta="").encode("utf-8"))[1:] == ("utf-8", "utf-8")
    assert decode_html("<p>café – “x”</p>".encode("cp1252"), "text/html; charset=ISO-8859-1")[0] == "<p>café – “x”</p>"


def test_undeclared_non_utf8_bytes_are_detected():
    from vnfacts.sources.page import decode_html

    text = "Thời gian qua, Liên minh Hợp tác xã Việt Nam đã có nhiều hoạt động cụ thể. " * 20
    data = encode_cp1258(f"<html><body><p>{text}</p></body></html>")
    decoded, codec, how = decode_html(data)
    assert how == "detected" and codec != "utf-8"
    assert "\ufffd" not in decoded


def test_feeds_of_every_kind_parse_and_relative_links_resolve(feed_server, site):
    from vnfacts.sources.feed import parse_feed

    base = feed_server.url("/feeds/x.xml")
    items = [{"link": "/a/one.html?utm_source=rss", "title": "Một", "guid": "g1",
              "date": dt.datetime(2019, 8, 12, 20, 0, tzinfo=dt.UTC)},
             {"link": "http://127.0.0.1/a/two.html", "title": "Hai"}]
    for body, version in ((rss(items), "rss20"), (rss(items, version="0.91"), "rss091u"),
                          (atom(items), "atom10"), (rss10(items), "rss10")):
        parsed = parse_feed(body.encode(), base)
        assert parsed.version == version and parsed.problem is None
        urls = [e.url for e in parsed.entries]
        assert urls[0] == feed_server.url("/a/one.html") and urls[1] == "http://127.0.0.1/a/two.html"
    # 20:00 GMT on 12 August is 13/08/2019 in Hà Nội
    assert parse_feed(rss(items).encode(), base).entries[0].date == dt.date(2019, 8, 13)


def test_malformed_feed_is_read_and_the_problem_reported():
    from vnfacts.sources.feed import FeedError, parse_feed

    broken = rss([{"link": "http://h/a.html", "title": "A &nbsp; tin"}, {"link": "http://h/b.html", "title": "B"}])
    broken = broken.replace("&amp;nbsp;", "&nbsp;").replace("</channel></rss>", "")  # bad entity, unclosed
    parsed = parse_feed(broken.encode(), "http://h/rss")
    assert [e.url for e in parsed.entries] == ["http://h/a.html", "http://h/b.html"]
    assert parsed.problem and "malformed" in parsed.problem
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(b"<html><body>Trang chu</body></html>", "http://h/rss")


def test_fetcher_retries_5xx_not_404_names_itself_and_limits_each_host(feed_server):
    from vnfacts.sources.fetch import FetchConfig, Fetcher, FetchError

    feed_server.route("/flaky", "ok", fail_times=2, fail_status=503)
    feed_server.route("/slow", "ok", delay=0.2)
    sleeps = []
    with Fetcher(FetchConfig(retries=2, backoff=0.01, per_host=2), sleep=sleeps.append) as f:
        r = f.get(feed_server.url("/flaky"))
        assert (r.status, r.attempts, sleeps) == (200, 3, [0.01, 0.02])
        with pytest.raises(FetchError) as e:
            f.get(feed_server.url("/missing"))
        assert (e.value.status, e.value.retryable, e.value.reason) == (404, False, "HTTP 404 Not Found")
        assert feed_server.count("/missing") == 1
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: f.get(feed_server.url("/slow")), range(6)))
    assert feed_server.peak_in_flight == 2 and f.limits.peak == {f"127.0.0.1:{feed_server.url('').rsplit(':', 1)[1]}": 2}
    assert all(ua.startswith("vnfacts/") for ua in feed_server.user_agents)


def test_page_text_has_the_corpus_shape_without_the_site_around_it():
    from vnfacts.sources.page import article_text, read_page

    a = corpus_articles()[0]
    page = read_page(page_html(a).encode(), "http://h/a.html", "text/html")
    assert (page.title, page.date, page.author) == (a.title, a.date, "Minh Thu")
    text = article_text(page.title, page.date, page.paragraphs, page.author)
    assert text.startswith(f"{a.title}\n\n13/08/2019\n\n{a.paragraphs[0]}\n")
    assert text.rstrip().endswith("Tác giả: Minh Thu")
    for boilerplate in ("QUẢNG CÁO", "Bình luận", "Viết bình luận", "Trang chủ", "Giấy phép số 123", "Thời tiết Hà Nội"):
        assert boilerplate not in text


# -- the run ---------------------------------------------------------------------------

@pytest.mark.usefixtures("fake_extractor")
def test_new_entries_are_stored_with_their_page_url_title_and_date(db_url, feed_server, site, fast, add_feeds):
    rss_url, atom_url = feed_server.url("/rss.xml"), feed_server.url("/atom.xml")
    add_feeds(rss_url, atom_url, names=["rss", "atom"])
    s = run(db_url, fast)
    assert (s["new"], s["failed"], s["files"]) == (5, 0, 5)
    assert (feed_stats(s, rss_url)["new"], feed_stats(s, atom_url)["new"]) == (3, 2)
    assert feed_stats(s, atom_url)["linked"] == 1  # the middle article is in both feeds
    arts = rows(db_url, Article)
    assert sorted(a.url for a in arts) == sorted(feed_server.url(f"/a/{a.name}.html") for a in site)
    first = next(a for a in arts if a.url.endswith(f"{site[0].name}.html"))
    assert first.text.startswith(f"{site[0].title}\n\n13/08/2019\n\n")
    assert first.doc == f"{site[0].name}.html" and first.path is None
    assert first.title == site[0].title  # the stand-in extractor takes the first line
    assert "QUẢNG CÁO" not in first.text and "Bình luận" not in first.text
    feeds = {f.url: f for f in rows(db_url, Feed)}
    assert feeds[rss_url].last_status == "ok" and feeds[rss_url].new_articles_last_run == 3
    assert feeds[rss_url].etag and feeds[rss_url].last_modified
    assert all(ua.startswith("vnfacts/") for ua in feed_server.user_agents)
    [r] = rows(db_url, IngestRun)
    assert (r.status, r.n_new, json.loads(r.paths)) == ("completed", 5, [rss_url, atom_url])


@pytest.mark.usefixtures("fake_extractor")
def test_second_run_gets_304s_and_stores_nothing(db_url, feed_server, site, fast, add_feeds):
    add_feeds(feed_server.url("/rss.xml"), feed_server.url("/atom.xml"))
    run(db_url, fast)
    before = {p: n for p, n in feed_server.hits.items()}
    s = run(db_url, fast)
    assert (s["new"], s["replaced"], s["unchanged"], s["failed"], s["files"]) == (0, 0, 0, 0, 0)
    assert [f["status"] for f in s["feeds"]] == ["not-modified", "not-modified"]
    assert feed_server.statuses[-2:] == [("/rss.xml", 304), ("/atom.xml", 304)] or \
        sorted(feed_server.statuses[-2:]) == [("/atom.xml", 304), ("/rss.xml", 304)]
    pages = {p: n for p, n in feed_server.hits.items() if p.startswith("/a/")}
    assert pages == {p: n for p, n in before.items() if p.startswith("/a/")}  # no page fetched again
    assert len(rows(db_url, Article)) == 5


@pytest.mark.usefixtures("fake_extractor")
def test_an_entry_updated_in_place_replaces_its_article(db_url, feed_server, site, fast, add_feeds):
    rss_url = feed_server.url("/rss.xml")
    add_feeds(rss_url)
    run(db_url, fast)
    a = site[1]
    a.paragraphs.append("Cập nhật: đến nay toàn tỉnh đã có 77 HTX mới thành lập.")
    feed_server.update(f"/a/{a.name}.html", page_html(a))
    entries = [entry(feed_server, x) for x in site[:3]]
    entries[1]["title"] = a.title + " (cập nhật)"
    entries[1]["date"] = entries[1]["date"] + dt.timedelta(hours=3)
    feed_server.update("/rss.xml", rss(entries))
    s = run(db_url, fast)
    assert (s["new"], s["replaced"], s["failed"], s["files"]) == (0, 1, 0, 1)
    assert feed_stats(s, rss_url)["updated"] == 1
    [art] = [x for x in rows(db_url, Article) if x.url.endswith(f"{a.name}.html")]
    assert "77 HTX" in art.text and len(rows(db_url, Article)) == 3


@pytest.mark.usefixtures("fake_extractor")
def test_malformed_feed_is_used_and_its_problem_logged(db_url, feed_server, site, fast, add_feeds):
    entries = [entry(feed_server, x) for x in site[:2]]
    entries[0]["title"] = "Tin &nbsp; mới"
    body = rss(entries).replace("&amp;nbsp;", "&nbsp;").replace("</channel></rss>", "")
    feed_server.route("/broken.xml", body, content_type="application/rss+xml")
    url = feed_server.url("/broken.xml")
    add_feeds(url)
    s = run(db_url, fast)
    assert (s["new"], s["failed"]) == (2, 0)
    assert feed_stats(s, url)["status"] == "malformed"
    [feed] = rows(db_url, Feed)
    assert feed.last_status == "malformed" and "malformed feed" in feed.last_error


@pytest.mark.usefixtures("fake_extractor")
def test_404_timeout_no_body_and_a_dead_feed_are_error_rows_and_the_run_goes_on(db_url, feed_server, site, fast,
                                                                                 add_feeds):
    entries = [entry(feed_server, x) for x in site[:2]]
    entries.append({"link": feed_server.url("/a/gone.html"), "title": "Bài đã gỡ"})
    entries.append({"link": feed_server.url("/a/slow.html"), "title": "Trang chậm"})
    entries.append({"link": feed_server.url("/a/empty.html"), "title": "Trang trống"})
    feed_server.route("/a/slow.html", page_html(site[2]), delay=5)
    feed_server.route("/a/empty.html", "<html><body><nav>Trang chủ</nav><p>Đang cập nhật.</p></body></html>")
    feed_server.route("/mixed.xml", rss(entries), content_type="application/rss+xml")
    feed_server.route("/down.xml", "", status=503, conditional=False)
    mixed, down = feed_server.url("/mixed.xml"), feed_server.url("/down.xml")
    add_feeds(down, mixed)
    s = run(db_url, fast)
    assert (s["new"], s["failed"]) == (2, 4)
    errors = {e.locator: e.reason for e in rows(db_url, IngestError)}
    assert errors[feed_server.url("/a/gone.html")] == "HTTP 404 Not Found"
    assert errors[feed_server.url("/a/slow.html")].startswith("timed out")
    assert errors[feed_server.url("/a/empty.html")].startswith("no extractable article body")
    assert errors[down] == "feed unavailable: HTTP 503 Service Unavailable after 2 attempts"
    assert feed_server.count("/down.xml", 503) == 2  # retried once
    assert feed_stats(s, down)["status"] == "failed" and feed_stats(s, mixed)["errors"] == 3
    [run_row] = rows(db_url, IngestRun)
    assert run_row.status == "completed" and run_row.n_failed == 4
    feeds = {f.url: f for f in rows(db_url, Feed)}
    # the timed-out page will be retried: the feed is read again next run, not answered by a 304
    assert feeds[mixed].last_status == "partial" and feeds[mixed].etag is None
    feed_server.routes["/a/slow.html"].delay = 0
    s = run(db_url, fast)
    assert (s["new"], s["failed"]) == (1, 1)  # the slow page now; the dead feed again; 404/empty not retried
    assert feed_server.count("/a/gone.html") == 1
    assert rows(db_url, Feed, Feed.url == mixed)[0].etag is not None


@pytest.mark.usefixtures("fake_extractor")
def test_a_500_that_succeeds_on_retry_is_stored(db_url, feed_server, site, fast, add_feeds):
    feed_server.routes[f"/a/{site[0].name}.html"].fail_times = 1
    add_feeds(feed_server.url("/rss.xml"))
    s = run(db_url, fast)
    assert (s["new"], s["failed"]) == (3, 0)
    assert feed_server.count(f"/a/{site[0].name}.html", 500) == 1
    assert feed_server.count(f"/a/{site[0].name}.html", 200) == 1


@pytest.mark.usefixtures("fake_extractor")
def test_windows_1258_pages_are_stored_as_nfc_unicode(db_url, feed_server, site, fast, add_feeds):
    a, b = site[3], site[4]
    feed_server.route("/a/cp1258-http.html", page_html(a, charset=None), encoding="cp1258",
                      content_type="text/html; charset=windows-1258")
    feed_server.route("/a/cp1258-meta.html", page_html(b, charset="windows-1258"), encoding="cp1258",
                      content_type="text/html")
    feed_server.route("/vn.xml", rss([{"link": feed_server.url("/a/cp1258-http.html"), "title": a.title},
                                      {"link": feed_server.url("/a/cp1258-meta.html"), "title": b.title}]),
                      content_type="application/rss+xml")
    add_feeds(feed_server.url("/vn.xml"))
    s = run(db_url, fast)
    assert (s["new"], s["failed"]) == (2, 0)
    texts = {x.url.rsplit("/", 1)[1]: x.text for x in rows(db_url, Article)}
    for name, art in (("cp1258-http.html", a), ("cp1258-meta.html", b)):
        text = texts[name]
        assert unicodedata.is_normalized("NFC", text)
        assert text.startswith(art.title + "\n")
        assert art.paragraphs[0] in text and art.paragraphs[-1] in text


@pytest.mark.usefixtures("fake_extractor")
def test_the_same_article_in_two_feeds_or_republished_is_stored_once(db_url, feed_server, site, fast, add_feeds):
    a = site[0]
    feed_server.route("/a/republished.html", page_html(a))  # same page under another URL
    one = [{"link": feed_server.url(f"/a/{a.name}.html?utm_source=rss&utm_medium=feed#top"), "title": a.title}]
    two = [{"link": feed_server.url(f"/a/{a.name}.html"), "title": a.title, "id": "tag:two,1"},
           {"link": feed_server.url("/a/republished.html"), "title": a.title, "id": "tag:two,2"}]
    feed_server.route("/one.xml", rss(one), content_type="application/rss+xml")
    feed_server.route("/two.xml", atom(two), content_type="application/atom+xml")
    ids = add_feeds(feed_server.url("/one.xml"), feed_server.url("/two.xml"))
    s = run(db_url, fast)
    assert (s["new"], s["unchanged"], s["failed"]) == (1, 1, 0)
    [art] = rows(db_url, Article)
    assert art.url == feed_server.url(f"/a/{a.name}.html")
    links = rows(db_url, ArticleSource)
    assert sorted(x.locator for x in links) == sorted([art.url, feed_server.url("/a/republished.html")])
    feeds = {f.id: f for f in rows(db_url, Feed)}
    assert {x.source_id for x in links} == {feeds[ids[0]].source_id, feeds[ids[1]].source_id}
    entries = rows(db_url, FeedEntryRow)
    assert len(entries) == 3 and {e.article_id for e in entries} == {art.id}
    assert {e.feed_id for e in entries} == set(ids)
    assert feed_server.count(f"/a/{a.name}.html") == 1  # one fetch for the two feeds
    # a third feed naming the stored URL links it without fetching the page again
    feed_server.route("/three.xml", rss(one), content_type="application/rss+xml")
    add_feeds(feed_server.url("/three.xml"))
    s = run(db_url, fast)
    assert (s["new"], s["files"], feed_stats(s, feed_server.url("/three.xml"))["linked"]) == (0, 0, 1)
    assert feed_server.count(f"/a/{a.name}.html") == 1


@pytest.mark.usefixtures("fake_extractor")
def test_a_run_that_dies_midway_loses_nothing_and_the_next_one_finishes(db_url, feed_server, site, fast,
                                                                        add_feeds):
    from dataclasses import replace

    from vnfacts.flows.feeds import run_feeds
    from vnfacts.flows.ingest import load_items

    add_feeds(feed_server.url("/rss.xml"), feed_server.url("/atom.xml"))
    calls = []

    def dying_store(results, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt("killed")
        return load_items(results, **kw)

    with pytest.raises(KeyboardInterrupt):
        run_feeds(db_url, options=replace(fast, batch_size=1), store=dying_store)
    assert len(rows(db_url, Article)) == 2
    assert all(f.etag is None for f in rows(db_url, Feed))  # validators not saved: feeds are read again
    assert rows(db_url, IngestRun)[0].status == "failed"
    s = run(db_url, fast)
    assert (s["new"], s["failed"]) == (3, 0)
    assert [f["status"] for f in s["feeds"]] == ["ok", "ok"]
    assert len(rows(db_url, Article)) == 5 and len(rows(db_url, ArticleSource)) == 5
    with db.session(db_url) as sess:
        assert load.count_rows(sess, FeedEntryRow) == 6


# -- the Prefect flow and the command line ----------------------------------------------

@pytest.mark.usefixtures("fake_extractor", "prefect_harness")
def test_cli_add_list_run_remove(db_url, feed_server, site, tmp_path):
    from typer.testing import CliRunner

    from vnfacts.cli.main import app

    runner = CliRunner()
    rss_url = feed_server.url("/rss.xml")
    r = runner.invoke(app, ["feeds", "add", rss_url + "?utm_source=x", "--name", "HTX", "--db", db_url])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["feeds", "add", "not a url", "--db", db_url])
    assert r.exit_code == 1 and "not a feed URL" in r.output
    runner.invoke(app, ["feeds", "add", feed_server.url("/atom.xml"), "--db", db_url])
    r = runner.invoke(app, ["feeds", "run", "--db", db_url, "--timeout", "2", "--backoff", "0.01"])
    assert r.exit_code == 0, r.output
    assert "feeds run" in r.output and "HTX" in r.output and "5 new" in r.output
    r = runner.invoke(app, ["feeds", "list", "--format", "json", "--db", db_url])
    listed = json.loads(r.stdout)
    assert [(f["name"], f["url"], f["last_status"], f["new_articles_last_run"], f["articles"]) for f in listed] == [
        ("HTX", rss_url, "ok", 3, 3), (None, feed_server.url("/atom.xml"), "ok", 2, 3)]
    r = runner.invoke(app, ["feeds", "run", "--db", db_url])
    assert r.exit_code == 0 and "not-modified" in r.output and "0 new" in r.output
    r = runner.invoke(app, ["feeds", "list", "--db", db_url])
    assert r.exit_code == 0 and "not-modified" in r.output
    with db.session(db_url) as s:
        [run_row] = [x for x in s.exec(select(IngestRun).order_by(IngestRun.id)).scalars()][:1]
        assert run_row.flow_run_id  # it ran as a Prefect flow
    r = runner.invoke(app, ["feeds", "remove", "HTX", "--db", db_url])
    assert r.exit_code == 0
    r = runner.invoke(app, ["feeds", "remove", "HTX", "--db", db_url])
    assert r.exit_code == 1 and "no feed" in r.output
    assert len(rows(db_url, Article)) == 5  # articles stay


def test_schedule_needs_a_prefect_server(monkeypatch):
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from typer.testing import CliRunner

    from vnfacts.cli.main import app

    with temporary_settings(updates={PREFECT_API_URL: None}):
        r = CliRunner().invoke(app, ["schedule", "--db", "sqlite:///x.db"])
    assert r.exit_code == 1 and "prefect server start" in r.output
