"""Write an article's facts in the gold annotation format (``../shared/gold/FORMAT.md``).

Claims carry ``start``/``end`` offsets as well as ``quote``/``occurrence``: the scorer
prefers offsets, and a human reading the file still sees the words.
"""
from __future__ import annotations

from .facts import ArticleFacts


def occurrence(text: str, quote: str, start: int) -> int:
    """Which occurrence of ``quote`` in ``text`` begins at ``start`` (counting from 1)."""
    n, pos = 0, -1
    while True:
        pos = text.find(quote, pos + 1)
        if pos < 0 or pos > start:
            return max(n, 1)
        n += 1
        if pos == start:
            return n


def to_gold(facts: ArticleFacts) -> dict:
    meta = facts.metadata
    return {
        "doc": facts.doc,
        "metadata": {
            "title": meta.title,
            "published": meta.published.isoformat() if meta.published else None,
            "about_province": meta.about_province,
        },
        "provinces": [p.name for p in facts.provinces],
        "officials": [{"name": o.name, "title": o.title} for o in facts.officials],
        "cooperatives": [c.name for c in facts.cooperatives],
        "claims": [
            {
                "quote": c.quote,
                "occurrence": occurrence(facts.text, c.quote, c.start),
                "start": c.start,
                "end": c.end,
                "value": int(c.value) if float(c.value).is_integer() else c.value,
                "value_max": (int(c.value_max) if c.value_max is not None and float(c.value_max).is_integer()
                              else c.value_max),
                "unit": c.unit,
                "counted": c.counted,
                "indicator": c.indicator,
                "qualifier": c.qualifier,
                "modality": c.modality,
                "change": c.change,
                "province": c.province,
                "period": c.period,
            }
            for c in facts.claims
        ],
        "events": [
            {"type": e.type, "quote": e.quote, "occurrence": occurrence(facts.text, e.quote, e.start),
             "start": e.start, "end": e.end, "date": e.date, "province": e.province, "officials": e.officials}
            for e in facts.events
        ],
    }
