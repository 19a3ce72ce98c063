"""What the JSON API answers, as pydantic models: the OpenAPI description's schemas.

The API serves the plain dicts of ``vnfacts.store.queries`` as they are (the keys of the
CLI's ``--format json``), without re-validating thousands of rows per request; these
models describe them. ``extra="forbid"`` makes ``tests/test_web.py`` fail when a query
gains or loses a key that its model does not, so the description cannot drift.
"""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

# A whole value is written as an integer (1909, not 1909.0), as the gold format writes it.
Number = int | float


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Claim(_Model):
    """A quantity stated as a fact or a target, with the offsets of its words."""

    id: int
    article_id: int
    sentence_index: int
    start: int = Field(description="Offset of the quote in the article text (code points, as read)")
    end: int
    quote: str = Field(description="The article's words: text[start:end]")
    value: Number = Field(description="Normalised value (money in đồng, a percentage as 56 for 56%)")
    value_max: Number | None = Field(description="Upper end of a range")
    unit: str = Field(description="`count`, `percent`, `VND`, `USD`, `ha`, ...")
    counted: str | None = Field(description="What is counted, as written")
    indicator: str | None = Field(description="Indicator key (`cooperatives`, `members`, `revenue_growth`, ...)")
    qualifier: str = Field(description="`exact`, `approx`, `more_than`, `at_least`, `less_than`, `at_most`, `range`")
    modality: str = Field(description="`actual` (a fact) or `target`")
    change: str | None = Field(description="`increase`, `decrease`, ... when the number is a change")
    province: str | None
    period: str | None = Field(description="The time the number is about, in EDTF (ISO 8601-2): `2023`, `2016/2020`")
    article_date: dt.date | None = Field(description="The article's publication date")
    section: str = Field(description="Where in the article: `body`, ...")
    extractor: str
    extractor_version: str
    run_id: int | None = Field(description="The ingest run that stored it")


class ArticleSummary(_Model):
    """An article without its text."""

    id: int
    path: str | None
    url: str | None
    doc: str
    title: str | None
    published: dt.date | None
    province: str | None = Field(description="The province the article is about")
    byline: str | None
    outlet: str | None
    content_hash: str
    extractor_version: str
    ingested_at: dt.datetime
    run_id: int | None


class ArticleListed(ArticleSummary):
    n_claims: int


class ArticleOfClaim(ArticleSummary):
    source: str | None = Field(description="The corpus folder or feed the article came from")


class Article(ArticleSummary):
    """An article with its text and every place it was read from."""

    text: str
    locators: list[str]
    n_sentences: int
    n_claims: int
    n_entities: int


class Sentence(_Model):
    index: int
    start: int
    end: int
    text: str


class Run(_Model):
    """One run of the ingest flow."""

    id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    status: str
    extractor_version: str
    flow_run_id: str | None
    n_files: int
    n_new: int
    n_unchanged: int
    n_replaced: int
    n_failed: int
    n_claims: int
    n_entities: int


class ClaimAudit(Claim):
    """One claim with what an auditor needs: its sentence, its article, the run that stored it."""

    article: ArticleOfClaim
    sentence: Sentence | None
    run: Run | None


class Official(_Model):
    id: int
    article_id: int
    name: str
    title: str
    province: str | None = Field(description="The article's province")
    published: dt.date | None
    mentions: int


class Cooperative(_Model):
    id: int
    article_id: int
    name: str
    kind: str = Field(description="`cooperative`, `union`, `group` or `alliance`")
    province: str | None = Field(description="The cooperative's province, else the article's")
    published: dt.date | None
    mentions: int


class Province(_Model):
    name: str
    claims: int
    articles: int


class ProvinceCount(_Model):
    province: str | None
    count: int


class IndicatorCount(_Model):
    indicator: str | None
    count: int


class Stats(_Model):
    tables: dict[str, int] = Field(description="Rows per table")
    claims_by_province: list[ProvinceCount]
    claims_by_indicator: list[IndicatorCount]
    articles_by_province: list[ProvinceCount]


class ChartPoint(_Model):
    id: int
    article_id: int
    value: Number
    value_max: Number | None
    unit: str
    qualifier: str
    modality: str
    change: str | None
    province: str
    article_date: dt.date
    quote: str
    n: int = Field(description="How many claims of its month this point stands for (the median one)")


class Chart(_Model):
    indicator: str | None
    unit: str | None
    series: dict[str, list[ChartPoint]] = Field(description="Per province, oldest first")


class _EventFields(_Model):
    id: int
    article_id: int
    type: str = Field(description="`congress`, `meeting`, `training`, `trade_promotion`, `financial_support`, "
                                  "`founding`, `award`, `agreement`, `visit` or `other`")
    date: str | None = Field(description="When it was, EDTF: `2022-07-13`, `2012`, `2022-12-21/2022-12-22`")
    province: str | None
    quote: str = Field(description="The words that name it, where the article first tells it: text[start:end]")
    sentence_index: int
    start: int
    end: int
    run_id: int | None
    officials: list[str] = Field(description="Officials the article places at it")
    organisations: list[str]


class Event(_EventFields):
    """An occasion of the sector's activity an article reports."""

    title: str | None = Field(description="The article's title")
    published: dt.date | None = Field(description="The article's publication date")
    claim_ids: list[int] = Field(description="The claims it tells (`/api/claims/{id}`)")


class EventAudit(_EventFields):
    """One event with its article, its sentence, the claims it tells and the run that stored it."""

    article: ArticleOfClaim
    sentence: Sentence | None
    claims: list[Claim]
    run: Run | None
