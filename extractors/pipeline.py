"""One article's text -> ArticleFacts. (Stub while the extractors are being built.)"""
from __future__ import annotations

import hashlib
from pathlib import Path

from schemas.facts import ArticleFacts, Metadata

from . import EXTRACTOR_VERSION


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_text(text: str, *, doc: str, source: str | None = None) -> ArticleFacts:
    """Extract the facts of one article whose text is already decoded (verbatim)."""
    return ArticleFacts(doc=doc, source=source or doc, content_hash=content_hash(text), text=text,
                        metadata=Metadata(), extractor_version=EXTRACTOR_VERSION)


def extract_file(path: str | Path) -> ArticleFacts:
    """Read and extract one article file; raises ``text.ArticleReadError`` naming the file."""
    from .text import read_article

    path = Path(path)
    return extract_text(read_article(path), doc=path.name, source=str(path.resolve()))
