"""The facts of one article: the contract between extraction and storage.

Every span is ``[start, end)`` in code points of the article text *as it was read*
(before any normalisation), so a stored number can always be shown in the words it came
from. Validation checks exactly that: a fact whose span does not hold its quote is
rejected here, before it can reach the database.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# No figure in the news is larger (the world's GDP in đồng is ~3e18): beyond it a value is a
# misread run of digits, and infinities would break JSON, sorting and charts downstream.
MAX_MAGNITUDE = 1e18

Qualifier = Literal["exact", "approx", "more_than", "at_least", "less_than", "at_most", "range"]
Modality = Literal["actual", "target"]
Change = Literal["increase", "decrease"]


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Span(Fact):
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Sentence(Span):
    """A sentence of the body; ``text`` is the original text of its span."""

    index: int = Field(ge=0)
    text: str
    paragraph: int = Field(default=0, ge=0)
    section: str = "body"  # "body", or "appended" for an unrelated item glued after the article


class Mention(Span):
    """One place in the text where an entity is named."""

    text: str
    sentence_index: int | None = None


class Province(Fact):
    name: str  # canonical, pre-2025 name without prefix ("Hà Nội", "Hồ Chí Minh")
    mentions: list[Mention] = []


class Official(Fact):
    name: str
    title: str
    mentions: list[Mention] = []


class Organisation(Fact):
    """A named cooperative, union of cooperatives, cooperative group, or a cooperative alliance."""

    name: str
    kind: Literal["cooperative", "union", "group", "alliance"]
    province: str | None = None
    mentions: list[Mention] = []


@lru_cache(maxsize=4096)
def _valid_edtf(value: str) -> bool:
    """EDTF (ISO 8601-2) as the Library of Congress defines it, by the ``edtf`` library
    (a parse costs ~15 ms, and an article's periods repeat: cached)."""
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        parse_edtf(value)
    except EDTFParseException:
        return False
    return True


class Claim(Span):
    """A quantity stated as a fact or a target, with what it counts and where it comes from."""

    quote: str
    sentence_index: int = Field(ge=0)
    value: float
    value_max: float | None = None
    unit: str  # "count", "percent", "VND", "USD", ..., or a measure ("ha", "tấn", "km")
    counted: str | None = None
    indicator: str | None = None
    qualifier: Qualifier = "exact"
    modality: Modality = "actual"
    change: Change | None = None
    province: str | None = None
    period: str | None = None  # when the number holds, EDTF: "2019", "2019-08", "2016/2020"
    section: str = "body"
    extractor: str = "vnfacts.claims"
    extractor_version: str = ""

    @model_validator(mode="after")
    def _range(self):
        for v in (self.value, self.value_max):
            if v is not None and not (math.isfinite(v) and abs(v) <= MAX_MAGNITUDE):
                raise ValueError(f"value {v!r} is not a finite quantity of at most {MAX_MAGNITUDE:g}")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError(f"range {self.value}..{self.value_max} runs backwards")
        if (self.value_max is None) == (self.qualifier == "range"):
            raise ValueError("qualifier 'range' goes with value_max, and only with it")
        if self.period is not None and not _valid_edtf(self.period):
            raise ValueError(f"period {self.period!r} is not EDTF")
        return self


class ExtractionWarning(Fact):
    """An extractor that failed on one sentence (or on the whole article, ``sentence_index``
    None): its facts of that kind from there are dropped, everything else is kept."""

    extractor: str  # "claims", "officials", "structure", ...
    sentence_index: int | None = None
    error: str


EventType = Literal["congress", "meeting", "training", "trade_promotion", "financial_support", "founding",
                    "award", "agreement", "visit", "other"]


class Event(Span):
    """One occasion of the cooperative sector's activity, where the article first tells it."""

    quote: str
    type: EventType
    sentence_index: int = Field(ge=0)
    date: str | None = None  # EDTF
    province: str | None = None
    officials: list[str] = []
    organisations: list[str] = []
    # the claims told with it (its sentence, or a paragraph about it alone): indexes into ArticleFacts.claims
    claim_indexes: list[int] = []

    @model_validator(mode="after")
    def _date_is_edtf(self):
        if self.date is not None and not _valid_edtf(self.date):
            raise ValueError(f"date {self.date!r} is not EDTF")
        return self


class Metadata(Fact):
    title: str | None = None
    title_span: Span | None = None
    published: dt.date | None = None
    about_province: str | None = None
    byline: str | None = None
    source: str | None = None  # "Theo báo Nhân dân", "quangninh.gov.vn", an outlet


class ArticleFacts(Fact):
    """Everything extracted from one article, checked against the article's own text."""

    doc: str  # file name (or a name made from the URL)
    source: str  # path or canonical URL
    content_hash: str
    text: str  # the original text, verbatim
    metadata: Metadata
    sentences: list[Sentence] = []
    boilerplate: list[Span] = []
    provinces: list[Province] = []
    officials: list[Official] = []
    organisations: list[Organisation] = []
    claims: list[Claim] = []
    events: list[Event] = []
    warnings: list[ExtractionWarning] = []
    extractor_version: str

    @property
    def cooperatives(self) -> list[Organisation]:
        return [o for o in self.organisations if o.kind != "alliance"]

    @model_validator(mode="after")
    def _spans_hold_their_words(self):
        n = len(self.text)

        def check(span: Span, what: str, words: str | None = None):
            if span.end > n:
                raise ValueError(f"{what} span {span.start}-{span.end} runs past the text ({n})")
            if words is not None and self.text[span.start:span.end] != words:
                raise ValueError(
                    f"{what} span {span.start}-{span.end} holds "
                    f"{self.text[span.start:span.end]!r}, not {words!r}"
                )

        for s in self.sentences:
            check(s, "sentence", s.text)
        for b in self.boilerplate:
            check(b, "boilerplate")
        for ev in self.events:
            check(ev, "event", ev.quote)
            if any(not 0 <= k < len(self.claims) for k in ev.claim_indexes) \
                    or len(set(ev.claim_indexes)) != len(ev.claim_indexes):
                raise ValueError(f"event {ev.quote!r} links claims {ev.claim_indexes}: each once, "
                                 f"and only the article's {len(self.claims)}")
        for c in self.claims:
            check(c, "claim", c.quote)
            if c.sentence_index >= len(self.sentences):
                raise ValueError(f"claim {c.quote!r} points at sentence {c.sentence_index}, which does not exist")
        for group, what in ((self.provinces, "province"), (self.officials, "official"),
                            (self.organisations, "organisation")):
            for e in group:
                for m in e.mentions:
                    check(m, what, m.text)
        if self.metadata.title_span is not None:
            check(self.metadata.title_span, "title", self.metadata.title)
        return self
