"""Pure extraction: Vietnamese article text in, validated facts out.

No database, no network, no Prefect below this package: the CLI's ``extract`` and the
Prefect flows share this one code path. The data flow of one article:

    text.read_article / text.decode_article   bytes -> str (original kept verbatim)
    text.prepare                              NFC, Ð->Đ, odd spaces ... + offset map back
    structure.parse_structure                 named passes over the lines: furniture, title,
                                              related news, teaser, dateline, byline, paragraphs
    segment.segment                           sentences + words (underthesea), on first use
    gazetteer.find_places                     provinces, districts, towns of each sentence
    numbers.find_quantities                   the number grammar: values, units, qualifiers
    claims.article_claims                     quantities -> claims; modality, province and
                                              period carried along the sentences (periods)
    entities / events                         officials, cooperatives, alliances, the article's
                                              province; events
    pipeline.extract_text / extract_file      orchestrates the above -> schemas.facts.ArticleFacts

Rules are data: the words, cues and patterns live in ``extractors/data/*.yaml``, read through
``lexicon.load`` (shared word lists such as the phrase stops too), so the engines stay
generic and no engine borrows another's lexicon. spaCy is imported only by
``segment.to_doc``, for tools that want a ``Doc``; extraction never loads it.

May import: ``vnfacts.schemas`` (the facts it returns). Nothing of the database, the web,
the flows or the command line.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

_RULE_FILES = (".py", ".yaml", ".yml", ".json", ".txt", ".tsv")


def rules_fingerprint(root: Path = Path(__file__).parent) -> str:
    """A hash of everything that decides the extractors' output: their code, their rule
    data, and the underthesea release whose models segment the text.

    Stored facts record it and the ingest cache key includes it, so any change to a rule
    re-extracts an article on the next run instead of calling stale facts ``unchanged``;
    nobody has to remember to bump a number.
    """
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in _RULE_FILES and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes().replace(b"\r\n", b"\n"))
    try:
        h.update(metadata.version("underthesea").encode())
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency, always there
        pass
    return h.hexdigest()[:12]


EXTRACTOR_VERSION = f"0.2+{rules_fingerprint()}"
