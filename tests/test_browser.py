"""End to end in real headless Chromium (Debian's ``chromium``; Playwright drives the system browser).

A researcher opens the indicators page, filters by a province, opens a claim, sees the
highlighted span and follows the link to the article. Screenshots go to
``test-artifacts/`` (gitignored) so a person can look at the pages CI saw.

Never ``playwright install``: the browser is ``/usr/bin/chromium`` (``.ci/run`` installs it).
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("VNFACTS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install -y chromium chromium-driver; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn
    from web_sample import build_sample_db

    from vnfacts.web.app import create_app

    url = build_sample_db(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    port = _free_port()
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_filter_open_claim_see_span_follow_to_article(server, page):
    page.goto(f"{server}/indicators")
    assert page.locator("table.claims tbody tr").count() > 5
    shot(page, "01-indicators")

    page.fill("input[name=province]", "TP Hà Nội")  # any spelling
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "province=TP" in page.url
    provinces = page.locator("table.claims tbody tr td:nth-child(5)").all_inner_texts()
    assert provinces and set(p.strip() for p in provinces) == {"Hà Nội"}
    shot(page, "02-indicators-ha-noi")

    row = page.locator("table.claims tbody tr", has_text="1.909 hợp tác xã")
    row.locator("a.audit").click()
    page.wait_for_url("**/claims/*")
    mark = page.locator(".context p.current mark")
    assert mark.count() == 1 and mark.inner_text() == "1.909 hợp tác xã"
    assert mark.is_visible()
    assert "Liên minh HTX TP Hà Nội tổng kết năm 2023" in page.inner_text("body")
    shot(page, "03-claim")

    page.click("text=Open the article at this sentence")
    page.wait_for_url("**/articles/*")
    assert page.url.endswith("#s1")
    target = page.locator(".sent:target")
    assert target.count() == 1 and "1.909 hợp tác xã" in target.inner_text()
    assert page.locator("a.hl.claim.focus").inner_text() == "1.909 hợp tác xã"
    assert page.locator("article.fulltext .boilerplate").first.inner_text().startswith("Ảnh:")
    assert page.locator("article.fulltext .hl.ent-official").first.get_attribute("title").startswith("official: Hoàng Trung Hải")
    shot(page, "04-article")


def test_article_text_with_markup_is_shown_as_text(server, page):
    page.goto(f"{server}/indicators?text=in đậm")
    page.locator("table.claims a.audit").first.click()
    page.wait_for_url("**/claims/*")
    page.click("text=Open the article at this sentence")
    page.wait_for_url("**/articles/*")
    assert "<script>alert('xss')</script>" in page.inner_text("article.fulltext")
    assert page.locator("article.fulltext script, article.fulltext b").count() == 0
    assert page.dialogs == []
    shot(page, "05-article-markup-as-text")


def test_chart_points_link_to_observations_and_their_claims(server, page):
    page.goto(f"{server}/chart?indicator=HTX&province=Hà Nội&province=Thái Nguyên")
    svg = page.locator("svg.chart")
    assert svg.is_visible()
    assert page.locator("svg.chart a.pt.fact").count() >= 3
    assert page.locator("svg.chart a.pt.target").count() == 1  # 2 000 in Hà Nội (850 effective HTX: cooperatives.good)
    shot(page, "06-chart")
    page.locator("svg.chart a.pt.target").first.click()
    page.wait_for_url("**/observations/*")
    assert page.locator(".badge.target").first.is_visible()
    page.locator("ol.observation-claims a", has_text="claim #").first.click()
    page.wait_for_url("**/claims/*")
    assert page.locator(".badge.target").first.is_visible()


def test_entities_and_errors(server, page):
    page.goto(f"{server}/entities")
    shot(page, "07-entities")
    page.click("text=Hoàng Trung Hải")
    page.wait_for_url("**/entities/officials/*")
    assert "Bí thư Thành ủy Hà Nội" in page.inner_text("body")
    shot(page, "08-official")
    response = page.goto(f"{server}/claims/999999")
    assert response.status == 404
    shot(page, "09-not-found")
    response = page.goto(f"{server}/indicators?from=20x3")
    assert response.status == 400 and "from" in page.inner_text(".alert")
    shot(page, "10-bad-filter")
