"""Pure extraction: Vietnamese article text in, validated facts out.

No database, no network, no Prefect below this package: the CLI's ``extract`` and the
Prefect flows share this one code path. The data flow of one article:

    text.read_article / text.decode_article   bytes -> str (original kept verbatim)
    text.prepare                              NFC, Ð->Đ, odd spaces ... + offset map back
    structure.parse_structure                 title, date, byline, boilerplate, paragraphs
    segment.segment                           sentences + words (underthesea) -> spaCy Doc
    numbers / claims                          quantities -> claims with their attributes
    gazetteer / entities                      provinces, officials, cooperatives, alliances
    pipeline.extract_text / extract_file      -> schemas.facts.ArticleFacts

Rule data (lexicons, cue words, patterns) lives in ``extractors/data/`` as plain files.
"""

# Bump when extraction output can change: stored facts record it, and the ingest cache
# key includes it, so a new version re-extracts instead of mixing old and new facts.
EXTRACTOR_VERSION = "0.1.0"
