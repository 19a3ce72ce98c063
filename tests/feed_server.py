"""A real HTTP server on 127.0.0.1 for the feed tests: RSS/Atom feeds and article pages.

The pages are made from the sample corpus: each article's body sits in an ``<article>``
among navigation, ads, a "related" box and reader comments, as on a news site, so that
trafilatura has real boilerplate to remove. Routes are plain data the tests can change
between runs (update an entry in place, take a page down, make one slow):

    server = FeedServer().start()
    server.route("/feed.xml", body=rss(...), content_type="application/rss+xml")
    server.route("/bad", status=500, fail_times=1, body=page_html(...))   # 500 once, then OK
    server.route("/slow", delay=5)                                        # never answers in time
    server.url("/feed.xml"); server.hits["/feed.xml"]; server.stop()

Feeds and pages get ``ETag``/``Last-Modified`` and answer conditional requests with 304.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


# -- content ---------------------------------------------------------------------------

@dataclass
class CorpusArticle:
    name: str
    title: str
    date: dt.date | None
    paragraphs: list[str]


def corpus_articles() -> list[CorpusArticle]:
    """The sample corpus as (title, date, paragraphs); the date from the dateline when there is one."""
    import re

    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        title, rest = lines[0], lines[1:]
        if title.endswith(":") and rest:  # a rubric above the headline
            title, rest = f"{title} {rest[0]}", rest[1:]
        date = None
        if rest and len(rest[0]) < 60:
            m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", rest[0])
            if m:
                date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                rest = rest[1:]
        out.append(CorpusArticle(path.stem, title, date, rest))
    return out


NAV = """<header class="site-header"><div class="logo"><a href="/">Báo Kinh tế Hợp tác</a></div>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/htx">Hợp tác xã</a></li><li><a href="/nong-nghiep">Nông nghiệp</a></li>
<li><a href="/xa-hoi">Xã hội</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></nav>
<form class="search"><input name="q" placeholder="Tìm kiếm"></form></header>"""
ADS = """<aside class="ads banner"><div class="ad">QUẢNG CÁO – Vay vốn ưu đãi lãi suất 0% cho mọi hộ kinh doanh,
đăng ký ngay hôm nay! Gọi 1900 1234.</div><div class="ad">Khuyến mãi lớn: mua 1 tặng 1 tất cả sản phẩm OCOP.</div></aside>"""
RELATED = """<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/tin/1">Giá lúa hôm nay tăng nhẹ tại Đồng bằng sông Cửu Long</a></li>
<li><a href="/tin/2">Thời tiết Hà Nội cuối tuần: nắng nóng gay gắt</a></li>
<li><a href="/tin/3">Tỷ giá USD hôm nay biến động mạnh</a></li></ul></aside>"""
COMMENTS = """<section id="comments" class="comments"><h3>Bình luận (3)</h3>
<div class="comment"><b>Minh Anh</b>: Bài viết rất hay, cảm ơn tác giả đã chia sẻ thông tin hữu ích!</div>
<div class="comment"><b>Tuấn</b>: Mong nhà nước hỗ trợ thêm cho bà con nông dân ở quê tôi.</div>
<div class="comment"><b>Lan</b>: Hợp tác xã ở xã tôi làm ăn rất tốt, thu nhập tăng nhiều.</div>
<form><textarea name="c">Viết bình luận...</textarea><button>Gửi</button></form></section>"""
FOOTER = """<footer class="site-footer"><p>© 2024 Báo Kinh tế Hợp tác. Giấy phép số 123/GP-BTTTT.
Địa chỉ: 123 Phố Huế, Hà Nội. Điện thoại: 024 1234 5678.</p><p><a href="/gioi-thieu">Giới thiệu</a> |
<a href="/quang-cao">Liên hệ quảng cáo</a></p></footer>"""


def page_html(article: CorpusArticle, *, charset: str | None = "utf-8", author: str | None = "Minh Thu",
              meta_date: bool = True, extra: str = "") -> str:
    """A news page around ``article``; ``charset`` goes into ``<meta charset>`` (None: no meta)."""
    e = html.escape
    meta = []
    if charset:
        meta.append(f'<meta charset="{charset}">')
    meta.append(f'<meta property="og:title" content="{e(article.title)}">')
    if meta_date and article.date:
        meta.append(f'<meta property="article:published_time" content="{article.date.isoformat()}T08:00:00+07:00">')
    if author:
        meta.append(f'<meta name="author" content="{e(author)}">')
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in article.paragraphs)
    when = f'<div class="meta"><span class="date">{article.date.strftime("%d/%m/%Y")}</span></div>' if article.date else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{''.join(meta)}<title>{e(article.title)} | Báo Kinh tế Hợp tác</title></head>
<body>{NAV}{ADS}
<main><article class="article-detail">
<h1 class="title">{e(article.title)}</h1>{when}
<div class="article-body">
{paragraphs}
{extra}
</div></article>
{RELATED}{COMMENTS}</main>{ADS}{FOOTER}</body></html>"""


def rss(entries: list[dict], *, title: str = "Hợp tác xã - RSS", link: str = "http://127.0.0.1/",
        version: str = "2.0") -> str:
    """RSS 2.0 (or 0.91/0.92 by ``version``); entries: link, title, guid?, date?, description?"""
    e = html.escape
    items = []
    for x in entries:
        date = f"<pubDate>{format_datetime(x['date'])}</pubDate>" if x.get("date") else ""
        guid = f"<guid isPermaLink=\"false\">{e(x['guid'])}</guid>" if x.get("guid") else ""
        author = f"<author>{e(x['author'])}</author>" if x.get("author") else ""
        items.append(f"<item><title>{e(x['title'])}</title><link>{e(x['link'])}</link>{guid}{date}{author}"
                     f"<description>{e(x.get('description', x['title']))}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="{version}"><channel><title>{e(title)}</title>'
            f"<link>{e(link)}</link><description>Tin hợp tác xã</description>{''.join(items)}</channel></rss>")


def rss10(entries: list[dict], *, title: str = "HTX RDF") -> str:
    e = html.escape
    items = "".join(
        f'<item rdf:about="{e(x["link"])}"><title>{e(x["title"])}</title><link>{e(x["link"])}</link>'
        + (f"<dc:date>{x['date'].isoformat()}</dc:date>" if x.get("date") else "") + "</item>"
        for x in entries)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="http://127.0.0.1/"><title>{e(title)}</title><link>http://127.0.0.1/</link>'
            f"<description>x</description></channel>{items}</rdf:RDF>")


def atom(entries: list[dict], *, title: str = "Hợp tác xã - Atom") -> str:
    """Atom 1.0; entries: link, title, id?, date?, updated?, author?"""
    e = html.escape
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC).isoformat()
    items = []
    for x in entries:
        updated = (x.get("updated") or x.get("date"))
        items.append(
            f"<entry><title>{e(x['title'])}</title><link rel=\"alternate\" href=\"{e(x['link'])}\"/>"
            f"<id>{e(x.get('id') or x['link'])}</id>"
            + (f"<published>{x['date'].isoformat()}</published>" if x.get("date") else "")
            + f"<updated>{(updated.isoformat() if updated else now)}</updated>"
            + (f"<author><name>{e(x['author'])}</name></author>" if x.get("author") else "")
            + f"<summary>{e(x.get('description', x['title']))}</summary></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{e(title)}</title><id>urn:vnfacts:test</id><updated>{now}</updated>{''.join(items)}</feed>")


def encode_cp1258(text: str) -> bytes:
    """Text as a Vietnamese Windows-1258 page stores it: base letters (â, ê, ô, ơ, ư, ă, đ and
    the few precomposed ones the code page has) followed by combining tone marks."""
    import unicodedata

    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", c)
        base, marks = decomposed[0], list(decomposed[1:])
        for m in marks:
            composed = unicodedata.normalize("NFC", base + m)
            if len(composed) == 1:
                try:
                    composed.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base = composed
                marks.remove(m)
                break
        out += (base + "".join(marks)).encode("cp1258", "xmlcharrefreplace")  # else &#NNN; as sites do
    return bytes(out)


# -- the server ------------------------------------------------------------------------

@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0          # seconds before answering (a page that never answers in time)
    fail_times: int = 0         # answer ``fail_status`` this many times first
    fail_status: int = 500
    conditional: bool = True    # ETag/Last-Modified, 304 on a match
    last_modified: dt.datetime = field(default_factory=lambda: dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC))
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def _bytes(body: str | bytes, encoding: str) -> bytes:
    if isinstance(body, bytes):
        return body
    return encode_cp1258(body) if encoding.lower().replace("-", "") in ("cp1258", "windows1258") else body.encode(encoding)


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.statuses: list[tuple[str, int]] = []     # (path, status) of every answer
        self.user_agents: set[str] = set()
        self.in_flight = 0
        self.peak_in_flight = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # routes
    def route(self, path: str, body: str | bytes = b"", *, encoding: str = "utf-8", **kw) -> Route:
        r = Route(body=_bytes(body, encoding), **kw)
        self.routes[path] = r
        return r

    def update(self, path: str, body: str | bytes, *, encoding: str = "utf-8", **kw) -> Route:
        """Change a route's content in place: a new ETag and a later Last-Modified."""
        r = self.routes[path]
        r.body = _bytes(body, encoding)
        r.last_modified = r.last_modified + dt.timedelta(hours=1)
        for k, v in kw.items():
            setattr(r, k, v)
        return r

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    @property
    def base(self) -> str:
        return self.url("")

    def count(self, path: str, status: int | None = None) -> int:
        return sum(1 for p, s in self.statuses if p == path and (status is None or s == status))

    # lifecycle
    def start(self) -> FeedServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                path = urlsplit(self.path).path
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                    server.user_agents.add(self.headers.get("User-Agent", ""))
                    server.in_flight += 1
                    server.peak_in_flight = max(server.peak_in_flight, server.in_flight)
                try:
                    self._answer(path)
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _send(self, path, status, body=b"", headers=None):
                server.statuses.append((path, status))
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def _answer(self, path):
                r = server.routes.get(path)
                if r is None:
                    self._send(path, 404, b"<html><body><h1>404 Not Found</h1></body></html>",
                               {"Content-Type": "text/html; charset=utf-8"})
                    return
                if r.delay:
                    if server._stopping.wait(r.delay):
                        return
                if r.fail_times > 0:
                    r.fail_times -= 1
                    self._send(path, r.fail_status, b"<html><body>Server error</body></html>",
                               {"Content-Type": "text/html"})
                    return
                headers = {"Content-Type": r.content_type, **r.headers}
                if r.status == 200 and r.conditional:
                    lm = format_datetime(r.last_modified, usegmt=True)
                    headers.update({"ETag": r.etag, "Last-Modified": lm})
                    inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
                    if (inm and inm == r.etag) or (not inm and ims and ims == lm):
                        self._send(path, 304, b"", {"ETag": r.etag, "Last-Modified": lm})
                        return
                self._send(path, r.status, r.body, headers)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def serve_forever_in_process(port_file: str) -> None:  # pragma: no cover - used by a subprocess
    """Run a server with the standard site and write its base URL to ``port_file``."""
    server = FeedServer().start()
    build_site(server)
    Path(port_file).write_text(server.base)
    while True:
        time.sleep(3600)


def build_site(server: FeedServer, *, n: int | None = None) -> list[CorpusArticle]:
    """Pages ``/a/<name>.html`` for the corpus and ``/rss.xml`` + ``/atom.xml`` listing them."""
    articles = corpus_articles()[:n]
    entries = []
    for a in articles:
        server.route(f"/a/{a.name}.html", page_html(a))
        when = dt.datetime.combine(a.date or dt.date(2024, 1, 1), dt.time(8, 0), tzinfo=dt.timezone(dt.timedelta(hours=7)))
        entries.append({"link": server.url(f"/a/{a.name}.html"), "title": a.title, "date": when,
                        "guid": f"urn:test:{a.name}"})
    half = len(entries) // 2 + 1
    server.route("/rss.xml", rss(entries[:half]), content_type="application/rss+xml; charset=utf-8")
    server.route("/atom.xml", atom(entries[half - 1:]), content_type="application/atom+xml")
    return articles
