"""Latency of the queries the web and the CLI make, on a large database (a script, not a test).

    python bench/queries.py --db URL [--repeat 30] [--grow-to 50000]

Times the store's and the web's own query functions (``vnfacts.store.queries``,
``vnfacts.web.queries``), not HTTP or templates (``bench/web_latency.py`` does those):

- claims by province and indicator (the indicators page and ``vnfacts query claims``):
  a page of 50 and the count of all matches, newest first and by value;
- claims of one indicator over a span of years; the filter form's facets;
- an indicator's series for five provinces: the chart's observations, and the older
  claims-based ``/api/chart``;
- an article page: the article, its sentences, claims and entity mentions;
- a claim's audit page.

Each query runs ``--repeat`` times with parameters drawn from what the database holds
(provinces, indicators and articles seen in it); the script prints median, p95 and max,
and flags a p95 over the 200 ms budget.

``--grow-to N`` first copies the database's articles with all their rows (new ids, new
locators and content hashes) until it holds about N articles, in SQL on the server: a
10,000-article database loaded through ``ingest`` becomes a 50,000-article one whose rows
have the same shape and spread, without extracting 40,000 more articles; the observations
are then rebuilt (``store.observations.rebuild``), as ``vnfacts observations rebuild`` does.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET_MS = 200.0

# tables copied by --grow-to, parents first, and the columns that point at copied rows
GROW = [("articles", {"id": "articles"}), ("article_sources", {"id": "article_sources", "article_id": "articles"}),
        ("sentences", {"id": "sentences", "article_id": "articles"}),
        ("entities", {"id": "entities", "article_id": "articles"}),
        ("mentions", {"id": "mentions", "article_id": "articles", "entity_id": "entities"}),
        ("officials", {"id": "officials", "article_id": "articles", "entity_id": "entities"}),
        ("cooperatives", {"id": "cooperatives", "article_id": "articles", "entity_id": "entities"}),
        ("claims", {"id": "claims", "article_id": "articles", "sentence_id": "sentences"}),
        ("events", {"id": "events", "article_id": "articles"}),
        ("event_participants", {"id": "event_participants", "article_id": "articles", "event_id": "events"})]
UNIQUE_TEXT = {"articles": ("content_hash", "path"), "article_sources": ("locator",)}


def grow(url: str, target: int) -> None:
    """Copy every article and its rows, shifting ids by the table's max id, until ~``target`` articles."""
    import sqlalchemy as sa

    from vnfacts.store.db import get_engine, is_sqlite

    engine = get_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
        copies = max(0, -(-target // max(1, n)) - 1)
        base = {t: conn.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {t}")).scalar_one() for t, _ in GROW
                if t in meta.tables}
        for k in range(1, copies + 1):
            t0 = time.perf_counter()
            shift = {t: k * m for t, m in base.items()}  # copy k's ids: (k * max, (k + 1) * max]
            for table, refs in GROW:
                if table not in meta.tables:
                    continue
                cols = [c.name for c in meta.tables[table].c]
                exprs = []
                for c in cols:
                    q = engine.dialect.identifier_preparer.quote(c)
                    if c in refs:
                        exprs.append(f"{q} + {shift[refs[c]]}")
                    elif c in UNIQUE_TEXT.get(table, ()):
                        cat = f"{q} || '#{k}'"
                        # 'g' is no hex digit: a copy's hash never equals a real one (unique since 0009)
                        exprs.append(cat if c != "content_hash" else
                                     (f"substr({q}, 1, 58) || 'g{k:05d}'" if is_sqlite(url)
                                      else f"left({q}, 58) || 'g{k:05d}'"))
                    else:
                        exprs.append(q)
                ids = f"id <= {base['articles']}" if table == "articles" else f"article_id <= {base['articles']}"
                names = ", ".join(engine.dialect.identifier_preparer.quote(c) for c in cols)
                conn.execute(sa.text(f"INSERT INTO {table} ({names}) SELECT {', '.join(exprs)} FROM {table} WHERE {ids}"))
            print(f"copy {k}/{copies}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        if not is_sqlite(url):
            for table, _ in GROW:
                if table in meta.tables:
                    conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                         f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
            sa.text("VACUUM" if is_sqlite(url) else "VACUUM ANALYZE"))


def cases(session, rng: random.Random) -> dict[str, Callable[[], object]]:
    from sqlalchemy import func, select

    from vnfacts.schemas.tables import Article, ClaimRow
    from vnfacts.store import observations, queries
    from vnfacts.web import queries as web

    pairs = session.exec(select(ClaimRow.province, ClaimRow.indicator, func.count()).where(
        ClaimRow.province.is_not(None), ClaimRow.indicator.is_not(None)).group_by(
        ClaimRow.province, ClaimRow.indicator).order_by(func.count().desc()).limit(40)).all()
    indicators = [i for i, _ in session.exec(select(ClaimRow.indicator, func.count()).where(
        ClaimRow.indicator.is_not(None)).group_by(ClaimRow.indicator).order_by(func.count().desc()).limit(10)).all()]
    max_article = session.exec(select(func.max(Article.id))).scalar_one()
    max_claim = session.exec(select(func.max(ClaimRow.id))).scalar_one()
    provinces = sorted({p for p, _, _ in pairs})

    def pair() -> tuple[str, str]:
        p, i, _ = rng.choice(pairs)
        return p, i

    def claims_by_province_indicator(order: str) -> Callable[[], object]:
        return lambda: web.claims_page(session, dict(zip(("province", "indicator"), pair())),
                                       order_by=order, limit=50, offset=0)

    def article_page() -> object:
        aid = rng.randint(1, max_article)
        return queries.article(session, aid), web.article_layers(session, aid)

    def audit_page() -> object:
        cid = rng.randint(1, max_claim)
        c = queries.claim(session, cid)
        return c and web.sentences_around(session, c["article_id"], 0)

    return {
        "claims: province+indicator, newest": claims_by_province_indicator("-date"),
        "claims: province+indicator, by value": claims_by_province_indicator("-value"),
        "claims: indicator, 2018-2020": lambda: web.claims_page(
            session, {"indicator": rng.choice(indicators), "year_from": 2018, "year_to": 2020},
            order_by="-date", limit=50, offset=0),
        "claims: CLI query (all rows of a pair)": lambda: queries.claims(session, **dict(zip(
            ("province", "indicator"), pair()))),
        "facets (filter form)": lambda: web.facets(session),
        "series: indicator x 5 provinces (chart)": lambda: observations.series(
            session, indicator=rng.choice(indicators), provinces=rng.sample(provinces, min(5, len(provinces)))),
        "claims chart, /api/chart (claims, not data)": lambda: web.chart_points(
            session, indicator=rng.choice(indicators), provinces=rng.sample(provinces, min(5, len(provinces))),
            unit=None),
        "article page": article_page,
        "claim audit page": audit_page,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--grow-to", type=int, default=0)
    args = ap.parse_args()

    from sqlalchemy import func, select

    from vnfacts.schemas.tables import Article, ClaimRow
    from vnfacts.store import db

    url = db.resolve_url(args.db)
    if args.grow_to:
        grow(url, args.grow_to)
        from vnfacts.store import observations

        with db.session(url) as s:
            built = observations.rebuild(s)
        print(f"observations rebuilt: {built}")
    rng = random.Random(3)
    with db.session(url) as session:
        n_articles = session.exec(select(func.count()).select_from(Article)).scalar_one()
        n_claims = session.exec(select(func.count()).select_from(ClaimRow)).scalar_one()
        print(f"{n_articles} articles, {n_claims} claims ({url.split('@')[-1]}); {args.repeat} runs each\n")
        print(f"{'query':42} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
        over = []
        for name, fn in cases(session, rng).items():
            fn()  # warm the caches once
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t0) * 1000)
                session.rollback()
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            flag = "  OVER" if p95 > BUDGET_MS else ""
            if flag:
                over.append(name)
            print(f"{name:42} {statistics.median(times):10.1f} {p95:8.1f} {times[-1]:8.1f}{flag}")
    print(f"\nbudget: p95 < {BUDGET_MS:.0f} ms: " + ("met" if not over else f"over for {', '.join(over)}"))


if __name__ == "__main__":
    main()
