"""Writing facts out: the gold annotation format, JSON lines, CSV.

``vnfacts extract --out`` and ``vnfacts export --format gold`` both write through
:func:`write_gold`, so the two can only differ if the database changed the facts, which
is exactly what the side-by-side test checks.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from vnfacts.schemas.facts import ArticleFacts
from vnfacts.schemas.gold import to_gold


def gold_name(doc: str) -> str:
    """``000_x.txt`` -> ``000_x.json`` (FORMAT.md: the article's file name, ``.json`` for ``.txt``)."""
    return f"{Path(doc).stem if doc.endswith('.txt') else Path(doc).name}.json"


def gold_json(facts: ArticleFacts) -> str:
    return json.dumps(to_gold(facts), ensure_ascii=False, indent=2) + "\n"


def write_gold(facts: ArticleFacts, out_dir: str | Path) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / gold_name(facts.doc)
    path.write_text(gold_json(facts), encoding="utf-8")
    return path


def csv_chunks(batches: Iterable[Iterable[dict[str, Any]]], columns: Iterable[str]) -> Iterator[str]:
    """CSV text, a header and then one chunk per batch of rows (for streaming a long download).

    The one CSV writer: ``to_csv``, the CLI's ``--format csv`` and ``export``, and the web's
    downloads all go through it. Keys not in ``columns`` are left out; ``None`` is empty.
    """
    columns = list(columns)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    yield buf.getvalue()
    for rows in batches:
        buf.seek(0)
        buf.truncate()
        for r in rows:
            writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
        yield buf.getvalue()


def to_csv(rows: Iterable[dict[str, Any]], columns: Iterable[str] | None = None) -> str:
    """Rows as one CSV text; ``columns`` default to the first row's keys."""
    rows = list(rows)
    return "".join(csv_chunks([rows], columns or (rows[0].keys() if rows else [])))


def to_json(rows: Any) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
