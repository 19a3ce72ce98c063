"""How fast the web interface answers on a 10,000-article database (a script, not a test).

    python bench/web_latency.py                       # builds /tmp/vnfacts-bench.db once
    python bench/web_latency.py --articles 10000 --requests 50 --rebuild

The database is synthesised quickly: each article glues together three of the hand-made
sample articles (tests/web_sample.py) with their facts, under a random province and date,
with varied numbers, and is written with bulk inserts into a schema made by the store's
migrations (so the store's indexes are there). The app then runs in uvicorn on a free port
and each URL is requested ``--requests`` times over HTTP; the script prints the median and
95th percentile, and flags any URL whose p95 is over the 200 ms budget.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PROVINCES = ["Hà Nội", "Thái Nguyên", "Quảng Ninh", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Nghệ An",
             "Thanh Hóa", "Lâm Đồng", "Đắk Lắk", "Bắc Giang", "Sơn La", "An Giang", "Bình Định", "Quảng Nam",
             "Lào Cai", "Hà Tĩnh", "Nam Định", "Thái Bình"]
BUDGET_MS = 200.0


def build(url: str, n_articles: int, seed: int = 7) -> None:
    from sqlalchemy import insert
    from web_sample import sample_facts

    from vnfacts.schemas.tables import (
        Article,
        ArticleSource,
        ClaimRow,
        CooperativeRow,
        Entity,
        IngestRun,
        Mention,
        OfficialRow,
        SentenceRow,
        Source,
    )
    from vnfacts.store import db

    rng = random.Random(seed)
    db.upgrade(url)
    engine = db.get_engine(url)
    templates = sample_facts()
    now = dt.datetime.now(dt.UTC)
    ids = {"sentence": 0, "entity": 0, "claim": 0, "mention": 0}
    batch: dict = {k: [] for k in ("articles", "sources", "sentences", "entities", "mentions", "officials",
                                   "coops", "claims")}
    tables = {"articles": Article, "sources": ArticleSource, "sentences": SentenceRow, "entities": Entity,
              "mentions": Mention, "officials": OfficialRow, "coops": CooperativeRow, "claims": ClaimRow}

    def flush(conn):
        for key in ("articles", "sources", "sentences", "entities", "mentions", "officials", "coops", "claims"):
            if batch[key]:
                conn.execute(insert(tables[key]), batch[key])
                batch[key].clear()

    def nid(kind):
        ids[kind] += 1
        return ids[kind]

    with engine.begin() as conn:
        conn.execute(insert(Source), [{"id": 1, "kind": "folder", "location": "/bench", "created_at": now}])
        conn.execute(insert(IngestRun), [{"id": 1, "started_at": now, "ended_at": now, "status": "completed",
                                          "extractor_version": "bench", "n_files": n_articles}])
        for aid in range(1, n_articles + 1):
            province = rng.choice(PROVINCES)
            date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(365 * 11))
            parts = rng.sample(templates, 3)
            text, offset, sent_index = "", 0, 0
            pieces = []
            for part in parts:
                pieces.append((offset, sent_index, part))
                text += part.text + "\n"
                offset = len(text)
                sent_index += len(part.sentences)
            text += f"Bản tin số {aid}.\n"
            locator = f"/bench/{aid:05d}.txt"
            batch["articles"].append({
                "id": aid, "locator": locator, "path": locator, "doc": f"{aid:05d}.txt", "source_id": 1,
                "content_hash": f"{aid:064x}", "extractor_version": "bench", "title": parts[0].metadata.title,
                "title_start": 0, "title_end": len(parts[0].metadata.title or ""), "published": date,
                "province": province, "boilerplate": "[]", "text": text, "ingested_at": now, "run_id": 1})
            batch["sources"].append({"article_id": aid, "locator": locator, "source_id": 1, "seen_at": now})
            for off, base, part in pieces:
                sids = {}
                for s in part.sentences:
                    sid = nid("sentence")
                    sids[s.index] = sid
                    batch["sentences"].append({"id": sid, "article_id": aid, "index": base + s.index,
                                               "start": s.start + off, "end": s.end + off, "text": s.text,
                                               "paragraph": 0, "section": "body"})
                groups = ([("province", p) for p in part.provinces] + [("official", o) for o in part.officials]
                          + [("cooperative", g) for g in part.organisations])
                for kind, ent in groups:
                    eid = nid("entity")
                    name = province if kind == "province" else ent.name
                    batch["entities"].append({"id": eid, "article_id": aid, "type": kind, "name": name})
                    for m in ent.mentions:
                        batch["mentions"].append({"entity_id": eid, "article_id": aid, "start": m.start + off,
                                                  "end": m.end + off, "surface": m.text,
                                                  "sentence_index": base + (m.sentence_index or 0)})
                    if kind == "official":
                        batch["officials"].append({"entity_id": eid, "article_id": aid, "name": ent.name,
                                                   "title": ent.title})
                    elif kind == "cooperative":
                        batch["coops"].append({"entity_id": eid, "article_id": aid, "name": ent.name,
                                               "kind": ent.kind, "province": province})
                for c in part.claims:
                    factor = rng.uniform(0.6, 1.6)
                    batch["claims"].append({
                        "article_id": aid, "sentence_id": sids.get(c.sentence_index),
                        "sentence_index": base + c.sentence_index, "start": c.start + off, "end": c.end + off,
                        "quote": c.quote, "value": round(c.value * factor, 1 if c.unit == "percent" else 0),
                        "value_max": None if c.value_max is None else round(c.value_max * factor, 1),
                        "unit": c.unit, "counted": c.counted, "indicator": c.indicator, "qualifier": c.qualifier,
                        "modality": c.modality, "change": c.change, "province": province, "article_date": date,
                        "section": "body", "extractor": c.extractor, "extractor_version": "bench", "run_id": 1})
            if aid % 1000 == 0:
                flush(conn)
        flush(conn)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.dispose_engines()


def serve(url: str):
    import uvicorn

    from vnfacts.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/vnfacts-bench.db", help="SQLite file to build (or reuse)")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--rebuild", action="store_true", help="build the database even if the file exists")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()

    import httpx

    path = Path(args.db)
    url = f"sqlite:///{path}"
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        t0 = time.perf_counter()
        build(url, args.articles)
        print(f"built {path} with {args.articles} articles in {time.perf_counter() - t0:.1f} s")
    from sqlalchemy import create_engine, text
    eng = create_engine(url)
    with eng.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()  # noqa: S608 (fixed names)
                  for t in ("articles", "sentences", "claims", "entities", "mentions")}
    eng.dispose()
    print("rows:", ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    server, thread, base = serve(url)
    q = quote
    urls = [
        "/indicators",
        f"/indicators?province={q('TP Hà Nội')}",
        f"/indicators?province={q('Thái Nguyên')}&indicator=HTX&from=2018&to=2022",
        "/indicators?modality=target&sort=-value",
        "/indicators?qualifier=approx&sort=province&page=3",
        f"/indicators?text={q('thành viên')}",
        f"/indicators?province={q('Hà Nội')}&page=20",
        f"/api/claims?province={q('Hà Nội')}&indicator=cooperatives&from=2020",
        "/api/claims?modality=target&limit=100",
        f"/api/claims?text={q('hợp tác xã')}&from=2019&to=2021",
        "/api/claims?sort=-value&limit=500",
        "/chart?indicator=cooperatives",
        "/claims/12345",
        "/articles/4321",
        "/api/articles/4321",
    ]
    results = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for u in urls:
            for _ in range(3):  # warm-up
                r = client.get(u)
                r.raise_for_status()
            times = []
            for _ in range(args.requests):
                t0 = time.perf_counter()
                r = client.get(u)
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            results.append({"url": u, "median_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
                            "bytes": len(r.content), "total": r.headers.get("x-total-count")})
    server.should_exit = True
    thread.join(timeout=10)

    width = max(len(r["url"]) for r in results)
    print(f"\n{'URL':<{width}}  {'median':>8}  {'p95':>8}  (ms, {args.requests} requests each)")
    slow = 0
    for r in results:
        flag = "" if r["p95_ms"] < BUDGET_MS else "  OVER BUDGET"
        slow += bool(flag)
        print(f"{r['url']:<{width}}  {r['median_ms']:>8.1f}  {r['p95_ms']:>8.1f}{flag}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"\n{len(results) - slow}/{len(results)} URLs answer within {BUDGET_MS:.0f} ms at p95")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
