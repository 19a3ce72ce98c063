"""Each article has a time budget; one that outlasts it is an error row and the run goes on
(issue 15, point 5). The slow article is an injected extractor that never finishes on a
marked text, and swallows ``Exception`` as the real extractors' per-sentence guards do.
"""
from __future__ import annotations

import signal
import threading
import time

import pytest
import sqlalchemy as sa

from vnfacts.flows import budget
from vnfacts.flows.ingest import Item, extract_items, run_flow
from vnfacts.schemas.tables import Article, IngestError
from vnfacts.store import db as store_db

SLOW = "BÀI CHẬM"


def _never_ending_on_slow(fake, monkeypatch):
    quick = fake.extract_text

    def extract_text(text, **kw):
        while SLOW in text:  # pure Python, no sleep: what a runaway rule looks like
            try:
                sum(range(1000))
            except Exception:  # a sentence guard: must not swallow the budget
                pass
        return quick(text, **kw)

    monkeypatch.setattr(fake, "extract_text", extract_text)


@pytest.fixture
def deadline():
    """Fail (not hang) a test whose run never finishes: the budget gives this alarm back."""
    def overdue(*_):
        pytest.fail("the run did not finish within 20 s: no time budget stopped the slow article")

    previous = signal.signal(signal.SIGALRM, overdue)
    signal.setitimer(signal.ITIMER_REAL, 20)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Tiêu đề A\n\nTỉnh có 12 HTX.", encoding="utf-8")
    (folder / "b.txt").write_text(f"{SLOW}\n\nTỉnh có 7 HTX.", encoding="utf-8")
    (folder / "c.txt").write_text("Tiêu đề C\n\nTỉnh có 30 HTX.", encoding="utf-8")
    return folder


def test_an_article_over_its_budget_is_an_error_row_naming_the_file_and_the_run_goes_on(
        corpus, tmp_path, fake_extractor, monkeypatch, deadline):
    _never_ending_on_slow(fake_extractor, monkeypatch)
    monkeypatch.setenv(budget.ENV_VAR, "0.3")
    url = f"sqlite:///{tmp_path / 'budget.db'}"
    t0 = time.perf_counter()
    summary = run_flow([str(corpus)], db=url, prefect=False)
    assert time.perf_counter() - t0 < 30
    assert (summary["new"], summary["failed"]) == (2, 1)
    with store_db.session(url) as s:
        errors = list(s.exec(sa.select(IngestError)).scalars())
        assert len(list(s.exec(sa.select(Article)).scalars())) == 2
    store_db.dispose_engines()
    assert [e.locator for e in errors] == [str(corpus / "b.txt")]
    assert "took longer than 0.3 s" in errors[0].reason and budget.ENV_VAR in errors[0].reason


def test_the_budget_holds_off_the_main_thread_too(corpus, fake_extractor, monkeypatch):
    _never_ending_on_slow(fake_extractor, monkeypatch)
    monkeypatch.setenv(budget.ENV_VAR, "0.3")
    items = [Item(path=str(p), locator=str(p), source=str(corpus)) for p in sorted(corpus.glob("*.txt"))]
    results: list = []
    worker = threading.Thread(target=lambda: results.extend(extract_items(items, {})), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert [r[0] for r in results] == ["facts", "error", "facts"]
    assert "took longer than" in results[1][2]


def _spend_less_than_the_budget_then_wait_past_it() -> None:
    with budget.time_budget(0.05):
        pass
    time.sleep(0.2)  # past the budget: nothing may go off now


def test_an_article_within_its_budget_is_never_interrupted_later():
    _spend_less_than_the_budget_then_wait_past_it()  # main thread: the alarm
    failures: list = []

    def in_a_thread():
        try:
            _spend_less_than_the_budget_then_wait_past_it()
        except BaseException as e:  # pragma: no cover - shown below
            failures.append(e)

    t = threading.Thread(target=in_a_thread)
    t.start()
    t.join()
    assert failures == []


def test_an_outer_alarm_is_given_back_with_the_time_it_had_left():
    fired: list = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5)
        with budget.time_budget(1):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 4 < remaining <= 5
        assert signal.getsignal(signal.SIGALRM) is not None and fired == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("raw", "seconds"), [("", 60.0), ("2.5", 2.5), ("0", None), ("soon", 60.0)])
def test_the_budget_is_read_from_the_environment(monkeypatch, raw, seconds):
    monkeypatch.setenv(budget.ENV_VAR, raw)
    assert budget.article_seconds() == seconds
