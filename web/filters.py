"""Query-string filters, parsed the same way for pages and the JSON API.

Everything arrives as text (an HTML form sends ``from=`` when the field is empty), so
values are parsed here and a bad one becomes a :class:`BadFilter` with a message the page
or API shows with status 400, never a 500.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import overload

MODALITIES = {"actual": "actual", "fact": "actual", "facts": "actual", "target": "target", "targets": "target"}
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range")
SORT_KEYS = ("id", "value", "date", "province", "indicator", "article")
MAX_TEXT = 200


class BadFilter(ValueError):
    pass


def clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_year(value: str | None, name: str) -> int | None:
    value = clean(value)
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}", value):
        raise BadFilter(f"{name}: expected a year like 2023, got {value!r}")
    return int(value)


@overload
def parse_int(value: str | None, name: str, *, minimum: int = 0, maximum: int | None = None,
              default: int) -> int: ...
@overload
def parse_int(value: str | None, name: str, *, minimum: int = 0, maximum: int | None = None,
              default: None = None) -> int | None: ...
def parse_int(value: str | None, name: str, *, minimum: int = 0, maximum: int | None = None,
              default: int | None = None) -> int | None:
    """A whole number typed in a form or query string (``None`` when empty: ``default``)."""
    value = clean(value)
    if value is None:
        return default
    if not re.fullmatch(r"-?\d{1,12}", value):
        raise BadFilter(f"{name}: expected a whole number, got {value!r}")
    n = int(value)
    if n < minimum or (maximum is not None and n > maximum):
        bounds = f"from {minimum}" + (f" to {maximum}" if maximum is not None else " up")
        raise BadFilter(f"{name}: {n} is out of range ({bounds})")
    return n


def parse_text(value: str | None, name: str) -> str | None:
    value = clean(value)
    if value is not None and len(value) > MAX_TEXT:
        raise BadFilter(f"{name}: at most {MAX_TEXT} characters")
    return value


def parse_sort(value: str | None) -> str:
    value = clean(value) or "-date"
    if value.lstrip("-") not in SORT_KEYS:
        raise BadFilter(f"sort: cannot sort by {value!r}; choose one of {', '.join(SORT_KEYS)} "
                        "(prefix - for descending)")
    return value


@dataclass
class ClaimFilters:
    province: str | None = None
    indicator: str | None = None
    modality: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    qualifier: str | None = None
    unit: str | None = None
    text: str | None = None
    article_id: int | None = None
    period_from: int | None = None
    period_to: int | None = None

    @classmethod
    def parse(cls, *, province=None, indicator=None, modality=None, year_from=None, year_to=None,
              qualifier=None, unit=None, text=None, article_id=None, period_from=None,
              period_to=None) -> ClaimFilters:
        f = cls(province=parse_text(province, "province"), indicator=parse_text(indicator, "indicator"),
                unit=parse_text(unit, "unit"), text=parse_text(text, "text"),
                year_from=parse_year(year_from, "from"), year_to=parse_year(year_to, "to"),
                article_id=parse_int(article_id, "article_id", minimum=1),
                period_from=parse_year(period_from, "period_from"), period_to=parse_year(period_to, "period_to"))
        m = clean(modality)
        if m is not None and m.lower() != "all":
            if m.lower() not in MODALITIES:
                raise BadFilter(f"modality: expected fact (or actual) or target, got {m!r}")
            f.modality = MODALITIES[m.lower()]
        q = clean(qualifier)
        if q is not None and q.lower() != "all":
            if q.lower() not in QUALIFIERS:
                raise BadFilter(f"qualifier: expected one of {', '.join(QUALIFIERS)}, got {q!r}")
            f.qualifier = q.lower()
        if f.year_from is not None and f.year_to is not None and f.year_from > f.year_to:
            raise BadFilter(f"from ({f.year_from}) is after to ({f.year_to})")
        if f.period_from is not None and f.period_to is not None and f.period_from > f.period_to:
            raise BadFilter(f"period_from ({f.period_from}) is after period_to ({f.period_to})")
        return f

    def query(self) -> dict:
        """Keyword arguments for ``store.queries.claims``."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def params(self) -> dict[str, str]:
        """The filters as URL query parameters (the API's names)."""
        names = {"year_from": "from", "year_to": "to"}
        out = {}
        for k, v in asdict(self).items():
            if v is not None:
                out[names.get(k, k)] = "fact" if (k == "modality" and v == "actual") else str(v)
        return out
