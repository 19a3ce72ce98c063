"""``%`` and ``_`` typed in a text filter are searched as themselves, on SQLite and
PostgreSQL, by the statements the CLI, the exports and the web share (issue: reliability,
point 11). They were LIKE wildcards: ``--text %`` matched every claim, ``--text _`` every
non-empty one.
"""
from __future__ import annotations

from conftest import fake_extract_text

from vnfacts.store import load, queries

TEXTS = {
    "a.txt": "Quảng Ninh: kinh tế tập thể đóng góp 2,5% GRDP\nTỉnh có 395 HTX và 12 % thành viên mới.\n",
    "b.txt": "Hà Nội có 1909 HTX\nThành phố có 46 HTX mới, tăng mạnh.\n",
    "c_d.txt": "Thái Nguyên có 752 HTX\nToàn tỉnh có 20 HTX kiểu mới.\n",
}


def test_percent_and_underscore_are_literal_in_every_text_filter(session):
    for doc, text in TEXTS.items():
        load.save_article(session, fake_extract_text(text, doc=doc, source=f"/corpus/{doc}"))

    every = queries.claims(session)
    percent = queries.claims(session, text="%")
    assert every and percent and len(percent) < len(every)
    assert {c["article_id"] for c in percent} == {a["id"] for a in queries.articles(session, text="Quảng Ninh")}
    assert queries.claims(session, text="_") == []
    assert queries.claims(session, text="19_9") == []
    assert [a["doc"] for a in queries.articles(session, text="%")] == ["a.txt"]
    assert [a["doc"] for a in queries.articles(session, text="_")] == ["c_d.txt"]
    assert queries.count_claims(session, text="%") == len(percent)
