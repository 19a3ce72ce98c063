"""An ingest killed mid-way (SIGKILL, no clean-up) loses nothing and half-stores nothing;
the next run stores the rest, each article exactly once."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnfacts.extractors.pipeline import extract_file

ROOT = Path(__file__).parents[1]
N = 40


@pytest.fixture
def many_articles(tmp_path):
    """N distinct articles: the sample corpus, each copy made new by a line of its own."""
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(N):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"{i:03d}.txt").write_text(text + f"\nBản sao số {i}.\n", encoding="utf-8")
    return folder


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return con.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_a_killed_ingest_leaves_whole_articles_and_the_next_run_finishes(many_articles, tmp_path):
    db = tmp_path / "k.db"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    cmd = [sys.executable, "-m", "vnfacts", "ingest", str(many_articles), "--db", f"sqlite:///{db}",
           "--batch-size", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while stored_articles(db) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the run, its Prefect server, everything: no clean-up
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    first = stored_articles(db)
    assert 3 <= first < N, f"the kill should land mid-way (stored {first} of {N}, exit {proc.returncode})"

    with sqlite3.connect(db) as con:  # every stored article is whole: all its sentences and claims
        stored = con.execute("""select a.path, (select count(*) from sentences s where s.article_id = a.id),
                                       (select count(*) from claims c where c.article_id = a.id)
                                from articles a""").fetchall()
    for path, n_sentences, n_claims in stored:
        facts = extract_file(path)
        assert (n_sentences, n_claims) == (len(facts.sentences), len(facts.claims)), path

    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == N
        assert con.execute("select count(distinct content_hash) from articles").fetchone()[0] == N
        statuses = [r[0] for r in con.execute("select status from ingest_runs order by id")]
        per_article = con.execute("select min(n), max(n) from (select count(*) n from claims group by article_id)"
                                  ).fetchone()
    assert statuses == ["interrupted", "completed"]
    assert per_article[0] > 0
