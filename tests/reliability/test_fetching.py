"""Fetching feeds and pages from servers that lie, stall or point inside (issue: reliability,
points 4, 6, 9 and 10).

Every test runs a real HTTP server on 127.0.0.1 (``tests/feed_server.py``). The feed
tests allow private addresses (``$VNFACTS_ALLOW_PRIVATE_ADDRESSES``, set by the
``feed_server`` fixture); the SSRF tests take that away again and allow only the feed's
own server, so that the internal server they aim at must see no request at all.
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace

import pytest
from feed_server import FeedServer, encode_cp1258, page_html, rss
from sqlalchemy import select

from vnfacts.schemas.feed_tables import Feed
from vnfacts.schemas.tables import Article, ExtractionWarningRow, IngestError, IngestRun
from vnfacts.store import db

pytest_plugins = ["conftest_feeds"]


def rows(db_url, model):
    with db.session(db_url) as s:
        return list(s.exec(select(model).order_by(model.id)).scalars())


def host_port(server: FeedServer) -> str:
    return server.base.split("://", 1)[1]


# -- point 4: a declared charset that decodes into mojibake -----------------------------

def test_a_windows_1258_page_declared_iso_8859_1_decodes_as_vietnamese_with_a_note():
    from vnfacts.sources.page import decode_page

    words = "Hợp tác xã Đồng Lạc có 1.909 thành viên, doanh thu tăng 46% so với năm trước. " * 3
    data = encode_cp1258(f"<html><body><p>{words}</p></body></html>")
    as_declared = data.decode("cp1252")  # what the declaration alone gives: no error, mojibake
    assert words not in as_declared and "xaÞ" in as_declared

    decoded = decode_page(data, "text/html; charset=iso-8859-1")

    assert words in decoded.text
    assert (decoded.codec, decoded.how) == ("cp1258", "corrected")
    assert "iso-8859-1" in decoded.note and "cp1258" in decoded.note


def test_utf8_declared_iso_8859_1_is_decoded_as_utf8_and_a_french_page_is_left_alone():
    from vnfacts.sources.page import decode_page

    words = "Liên minh Hợp tác xã Việt Nam tổng kết năm, kinh tế tập thể phát triển. " * 3
    html = f"<html><body><p>{words}</p></body></html>"
    utf8 = html.encode("utf-8")
    decoded = decode_page(utf8, "text/html; charset=iso-8859-1")
    assert words in decoded.text and decoded.codec == "utf-8"

    french = ("<p>" + "Ça a été très bien, déjà vu où ça se passe, garçon. " * 5 + "</p>").encode("cp1252")
    kept = decode_page(french, "text/html; charset=iso-8859-1")
    assert (kept.codec, kept.how, kept.note) == ("cp1252", "http", None)


def test_a_windows_1258_feed_declared_iso_8859_1_gives_vietnamese_titles_and_says_so():
    from vnfacts.sources.feed import parse_feed

    titles = ["Hợp tác xã Đồng Lạc có 1.909 thành viên", "Liên minh Hợp tác xã Việt Nam tổng kết năm",
              "Phát triển kinh tế tập thể ở Hà Tĩnh"]
    xml = rss([{"link": f"http://e.vn/{i}", "title": t} for i, t in enumerate(titles)])
    data = encode_cp1258(xml.replace('encoding="utf-8"', 'encoding="iso-8859-1"'))

    parsed = parse_feed(data, "http://e.vn/rss", {"Content-Type": "application/rss+xml; charset=iso-8859-1"})

    assert [e.title for e in parsed.entries] == titles
    assert "declared charset 'iso-8859-1'" in parsed.problem


@pytest.mark.usefixtures("fake_extractor")
def test_a_page_with_a_wrong_charset_is_stored_as_vietnamese_with_a_decode_warning(db_url, feed_server, site,
                                                                                    fast, add_feeds):
    a = site[2]
    feed_server.route("/a/wrong.html", page_html(a, charset=None), encoding="cp1258",
                      content_type="text/html; charset=iso-8859-1")
    feed_server.route("/wrong.xml", rss([{"link": feed_server.url("/a/wrong.html"), "title": a.title}]),
                      content_type="application/rss+xml")
    add_feeds(feed_server.url("/wrong.xml"))
    from vnfacts.flows.feeds import run_feeds

    summary = run_feeds(db_url, options=fast)

    assert (summary["new"], summary["failed"]) == (1, 0)
    [article] = rows(db_url, Article)
    assert article.text.startswith(a.title + "\n") and a.paragraphs[0] in article.text
    [warning] = [w for w in rows(db_url, ExtractionWarningRow) if w.extractor == "decode"]
    assert warning.article_id == article.id and "iso-8859-1" in warning.error


# -- point 6: a server that trickles its headers ---------------------------------------

class TrickleServer:
    """Accepts, reads the request, then sends a status line and headers one byte at a time."""

    def __init__(self, every: float = 0.05):
        self.every, self.requests = every, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.stopping = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.xml"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.requests += 1
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"." * 100_000:
                if self.stopping.wait(self.every):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self) -> None:
        self.stopping.set()
        self.sock.close()


@pytest.fixture
def trickle():
    server = TrickleServer()
    yield server
    server.close()


def test_a_request_to_a_server_that_trickles_its_headers_ends_at_the_total_deadline(trickle, monkeypatch):
    from vnfacts.sources.fetch import FetchConfig, Fetcher, FetchError

    with Fetcher(FetchConfig(timeout=0.5, total_timeout=1.0, retries=0, allow_private=True)) as fetcher:
        t0 = time.monotonic()
        with pytest.raises(FetchError) as caught:
            fetcher.get(trickle.url)
        elapsed = time.monotonic() - t0

    assert elapsed <= 1.0 * 1.5
    assert "total deadline of 1 s" in caught.value.reason and caught.value.retryable


@pytest.mark.usefixtures("fake_extractor")
def test_a_feed_run_against_a_trickling_server_ends_within_the_deadline_and_records_it(db_url, feed_server, site,
                                                                                       fast, add_feeds, trickle):
    from vnfacts.flows.feeds import run_feeds

    good = feed_server.url("/rss.xml")
    add_feeds(trickle.url, good)
    options = replace(fast, retries=0, timeout=0.5, total_timeout=1.5)

    t0 = time.monotonic()
    summary = run_feeds(db_url, options=options)
    polling = time.monotonic() - t0

    assert trickle.requests == 1
    assert summary["new"] == 3  # the good feed's articles are stored all the same
    feeds = {f.url: f for f in rows(db_url, Feed)}
    assert feeds[trickle.url].last_status == "failed" and "total deadline" in feeds[trickle.url].last_error
    assert any(e.locator == trickle.url and "total deadline" in e.reason for e in rows(db_url, IngestError))
    assert [r.status for r in rows(db_url, IngestRun)] == ["completed"]
    # the whole run (three pages fetched and stored besides) is not held by the stalled feed
    assert polling <= 1.5 * 1.5 + 3.0


@pytest.mark.usefixtures("fake_extractor")
def test_a_failed_feed_is_recorded_before_the_other_feeds_pages_are_fetched(db_url, feed_server, site, fast,
                                                                           add_feeds, trickle):
    from vnfacts.flows.feeds import fetch_all, run_feeds

    add_feeds(trickle.url, feed_server.url("/rss.xml"))
    seen_while_fetching = []

    def fetch(jobs, options):
        seen_while_fetching.append({f.url: f.last_status for f in rows(db_url, Feed)})
        return fetch_all(jobs, options)

    run_feeds(db_url, options=replace(fast, retries=0, total_timeout=1.0), fetch=fetch)

    assert seen_while_fetching and seen_while_fetching[0][trickle.url] == "failed"


def test_a_run_that_stops_before_its_feeds_are_read_records_each_feed_and_is_not_left_running(db_url, add_feeds):
    from vnfacts.flows.feeds import FeedOptions, run_feeds

    add_feeds("http://feeds.example.vn/a.xml", "http://feeds.example.vn/b.xml")

    def dies(refs, options):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_feeds(db_url, options=FeedOptions(), poll=dies)

    assert [r.status for r in rows(db_url, IngestRun)] == ["failed"]
    for feed in rows(db_url, Feed):
        assert feed.last_status == "failed" and "stopped before this feed was read" in feed.last_error


# -- point 9: no reaching inside --------------------------------------------------------

@pytest.fixture
def internal():
    """The server a hostile feed aims at: a database port, an admin page ..."""
    server = FeedServer().start()
    server.route("/secret", "<html><body>internal</body></html>")
    yield server
    server.stop()


@pytest.mark.usefixtures("fake_extractor")
def test_a_feed_pointing_at_private_addresses_fetches_nothing_internal(db_url, feed_server, site, fast, add_feeds,
                                                                      internal, monkeypatch):
    from vnfacts.flows.feeds import run_feeds
    from vnfacts.sources.guard import ALLOW_PRIVATE_ENV

    port = internal.base.rsplit(":", 1)[1]
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, host_port(feed_server))  # the feed's server only
    links = [f"http://127.0.0.1:{port}/secret", f"http://2130706433:{port}/secret", f"http://0x7f000001:{port}/secret",
             f"http://127.1:{port}/secret", f"http://localhost:{port}/secret", f"http://[::ffff:127.0.0.1]:{port}/secret",
             feed_server.url("/moved")]
    feed_server.route("/moved", b"", status=302, headers={"Location": f"http://localhost:{port}/secret"})
    feed_server.route("/hostile.xml", rss([{"link": link, "title": f"Bài {i}"} for i, link in enumerate(links)]),
                      content_type="application/rss+xml")
    add_feeds(feed_server.url("/hostile.xml"))

    summary = run_feeds(db_url, options=fast)

    assert internal.hits == {}  # not one request reached the internal server
    assert feed_server.hits.get("/moved") == 1  # the redirect was asked for, and not followed
    assert (summary["new"], summary["failed"]) == (0, len(links))
    errors = {e.locator: e.reason for e in rows(db_url, IngestError)}
    assert len(errors) == len(links)
    assert all("refused to connect" in reason and "loopback" in reason for reason in errors.values())
    assert rows(db_url, Article) == []


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "[::1]", "[::ffff:127.0.0.1]",
                                  "localhost", "0.0.0.0", "10.0.0.1", "192.168.1.1", "172.16.0.1", "100.64.0.1",
                                  "169.254.169.254", "[fe80::1]", "[fd00::1]", "224.0.0.1"])
def test_every_spelling_of_a_private_address_is_refused_before_connecting(host, monkeypatch):
    from vnfacts.sources.fetch import FetchConfig, Fetcher, FetchError
    from vnfacts.sources.guard import ALLOW_PRIVATE_ENV

    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    with Fetcher(FetchConfig(timeout=0.5, retries=0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(f"http://{host}:9/x")

    assert caught.value.url == f"http://{host}:9/x"
    assert "refused to connect" in caught.value.reason and not caught.value.retryable


def test_a_proxy_in_the_environment_opens_no_way_around_the_guard(feed_server, internal, monkeypatch):
    """Through ``$HTTP_PROXY`` the only connection would be the proxy's: none is used."""
    from vnfacts.sources.fetch import FetchConfig, Fetcher, FetchError
    from vnfacts.sources.guard import ALLOW_PRIVATE_ENV

    monkeypatch.delenv(ALLOW_PRIVATE_ENV)
    monkeypatch.setenv("HTTP_PROXY", feed_server.base)  # the feed server answers proxy requests by path
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with Fetcher(FetchConfig(retries=0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(internal.url("/secret"))

    assert "refused to connect" in caught.value.reason
    assert feed_server.hits == {} and internal.hits == {}


def test_public_addresses_are_not_refused():
    from ipaddress import ip_address

    from vnfacts.sources.guard import address_kind

    for public in ("8.8.8.8", "203.113.131.1", "2001:4860:4860::8888", "14.225.0.1"):
        assert address_kind(ip_address(public)) is None, public
    assert address_kind(ip_address("::ffff:10.1.2.3")) == "private"
    assert address_kind(ip_address("169.254.169.254")) == "cloud metadata"


def test_the_setting_lets_private_addresses_through(feed_server, monkeypatch):
    from vnfacts.sources.fetch import FetchConfig, Fetcher
    from vnfacts.sources.guard import ALLOW_PRIVATE_ENV

    feed_server.route("/ok", "<html>ok</html>")
    with Fetcher(FetchConfig(retries=0, allow_private=True)) as fetcher:
        assert fetcher.get(feed_server.url("/ok")).status == 200
    monkeypatch.delenv(ALLOW_PRIVATE_ENV)
    with Fetcher(FetchConfig(retries=0, allow_hosts=(host_port(feed_server),))) as fetcher:
        assert fetcher.get(feed_server.url("/ok")).status == 200
    assert feed_server.hits["/ok"] == 2


# -- point 10: IPv6 links ---------------------------------------------------------------

def test_an_ipv6_link_keeps_its_brackets():
    from vnfacts.sources.urls import canonical_url, host_of

    assert canonical_url("http://[2001:db8::1]:8080/a") == "http://[2001:db8::1]:8080/a"
    assert canonical_url("HTTP://[2001:DB8::1]:80/a?utm_source=x") == "http://[2001:db8::1]/a"
    assert canonical_url(canonical_url("https://[::1]/")) == "https://[::1]/"
    assert host_of("http://[2001:db8::1]:8080/a") == "[2001:db8::1]:8080"
