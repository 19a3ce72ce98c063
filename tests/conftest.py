"""Shared fixtures: databases (SQLite always, PostgreSQL when configured), hand-made facts,
a stand-in extractor, and Prefect's test harness.

PostgreSQL tests run when ``VNFACTS_TEST_POSTGRES_URL`` is set (``.ci/run`` sets it when a
local server answers). Each test gets its own schema (``search_path`` in the URL), so
tests never see each other's rows and nothing is left behind.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import re
import uuid
from pathlib import Path

import pytest

from vnfacts.extractors import EXTRACTOR_VERSION
from vnfacts.schemas.facts import ArticleFacts, Claim, Mention, Metadata, Official, Organisation, Province, Sentence

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PG_ENV = "VNFACTS_TEST_POSTGRES_URL"


def _pg_schema_url(base: str, schema: str) -> str:
    from vnfacts.store.db import resolve_url

    sep = "&" if "?" in base else "?"
    return f"{resolve_url(base)}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A migrated, empty database URL: a SQLite file, or a fresh PostgreSQL schema."""
    from vnfacts.store import db

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        db.upgrade(url)
        yield url
        db.dispose_engines()
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (PostgreSQL tests run in CI against the local server)")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(db.resolve_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = _pg_schema_url(base, schema)
    try:
        db.upgrade(url)
        yield url
    finally:
        db.dispose_engines()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session(db_url):
    from vnfacts.store import db

    with db.session(db_url) as s:
        yield s


def build_facts(text: str, *, doc: str = "a.txt", source: str | None = None, title: str | None = None,
                published=None, province: str | None = None, claims=(), provinces=(), officials=(),
                organisations=(), version: str = EXTRACTOR_VERSION) -> ArticleFacts:
    """Valid facts for ``text``: one sentence per line, spans found by searching the text.

    ``claims``: ``(quote, {attrs})``; ``provinces``: names found verbatim; ``officials``:
    ``(name, title)``; ``organisations``: ``(name, kind)``. Each entity gets a mention at
    its first occurrence.
    """
    sentences, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            end = pos + len(line.rstrip())
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end]))
        pos += len(line) + 1

    def sentence_of(offset):
        return next((s.index for s in sentences if s.start <= offset < s.end), None)

    def mention(words):
        start = text.index(words)
        return Mention(start=start, end=start + len(words), text=words, sentence_index=sentence_of(start))

    cs, seen = [], {}
    for quote, attrs in claims:
        start = text.index(quote, seen.get(quote, 0))
        seen[quote] = start + 1
        attrs = {"value": 1, "unit": "count", **attrs}
        cs.append(Claim(start=start, end=start + len(quote), quote=quote, sentence_index=sentence_of(start),
                        extractor_version=version, **attrs))
    title_span = None
    if title:
        from vnfacts.schemas.facts import Span
        title_span = Span(start=text.index(title), end=text.index(title) + len(title))
    return ArticleFacts(
        doc=doc, source=source or f"/corpus/{doc}", content_hash=content_hash(text), text=text,
        extractor_version=version,
        metadata=Metadata(title=title, title_span=title_span, published=published, about_province=province),
        sentences=sentences, claims=cs,
        provinces=[Province(name=p, mentions=[mention(p)]) for p in provinces],
        officials=[Official(name=n, title=t, mentions=[mention(n)]) for n, t in officials],
        organisations=[Organisation(name=n, kind=k, province=province, mentions=[mention(n)])
                       for n, k in organisations],
    )


def content_hash(text: str) -> str:
    """The pipeline's definition (sha256 of UTF-8), restated so fixtures don't import it."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def make_facts():
    return build_facts


_NUMBER = re.compile(r"\d[\d.,]*(?:\s+(?:HTX|hợp tác xã|thành viên|tỷ đồng|%))")


def fake_extract_text(text: str, *, doc: str, source: str | None = None) -> ArticleFacts:
    """A stand-in extractor for flow tests: lines are sentences, 'N HTX' are claims.

    Flow and CLI tests must not depend on how good extraction is today; this gives them
    real text with non-empty, valid facts.
    """
    claims = []
    for m in _NUMBER.finditer(text):
        quote = m.group(0)
        digits = re.match(r"\d[\d.]*", quote).group(0).rstrip(".").replace(".", "")
        unit = "percent" if quote.endswith("%") else "VND" if quote.endswith("đồng") else "count"
        claims.append((quote, {"value": float(digits or 0), "unit": unit,
                               "indicator": "cooperatives" if "HTX" in quote or "hợp tác xã" in quote else None}))
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), None)
    provinces = [p for p in ("Hà Nội", "Quảng Ninh", "Thái Nguyên") if p in text]
    facts = build_facts(text, doc=doc, source=source, title=first, claims=claims, provinces=provinces,
                        province=provinces[0] if provinces else None)
    for c in facts.claims:
        c.province = facts.metadata.about_province
    return facts


def fake_extract_file(path):
    from vnfacts.extractors.text import read_article

    path = Path(path)
    return fake_extract_text(read_article(path), doc=path.name, source=str(path.resolve()))


@pytest.fixture
def fake_extractor(monkeypatch):
    """Route the flow and CLI through ``fake_extract_*`` instead of the real pipeline.

    The whole ``extractors.pipeline`` module is swapped, so these tests hold whatever
    state the real extractors are in while they are being built.
    """
    import sys
    import types

    from vnfacts import extractors

    fake = types.ModuleType("vnfacts.extractors.pipeline")
    fake.content_hash = content_hash
    fake.extract_text = fake_extract_text
    fake.extract_file = fake_extract_file
    fake.warm_up = lambda: None
    monkeypatch.setitem(sys.modules, "vnfacts.extractors.pipeline", fake)
    monkeypatch.setattr(extractors, "pipeline", fake, raising=False)
    return fake


SITECUSTOMIZE = '''
import sys, types
sys.path.insert(0, {tests!r})
try:
    import conftest
    from vnfacts import extractors
    fake = types.ModuleType("vnfacts.extractors.pipeline")
    fake.content_hash = conftest.content_hash
    fake.extract_text = conftest.fake_extract_text
    fake.extract_file = conftest.fake_extract_file
    fake.warm_up = lambda: None
    sys.modules["vnfacts.extractors.pipeline"] = fake
    extractors.pipeline = fake
except Exception as e:  # never break the interpreter
    print("sitecustomize:", e, file=sys.stderr)
'''


def fake_extractor_path(tmp_path: Path) -> str:
    """A ``PYTHONPATH`` under which every Python process (a CLI run, a flow run) uses the
    stand-in extractor, through a ``sitecustomize`` module."""
    site = tmp_path / "fake-extractor-site"
    site.mkdir(exist_ok=True)
    tests = Path(__file__).resolve().parent
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE.format(tests=str(tests)))
    return os.pathsep.join([str(site), str(tests)])


@pytest.fixture
def corpus_copy(tmp_path):
    """A writable copy of the bundled corpus (tests change and break files in it)."""
    import shutil

    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
