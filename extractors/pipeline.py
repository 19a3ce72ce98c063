"""One article's text -> validated ``ArticleFacts``: the single code path of extraction.

The CLI's ``extract`` and the Prefect flows both call ``extract_text``. Work happens on
the prepared (normalised) text; every span is mapped back to the original text at the
end, and pydantic validation then checks that each span holds the words it claims to.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vnfacts.schemas.facts import (
    ArticleFacts,
    Claim,
    Event,
    ExtractionWarning,
    Mention,
    Metadata,
    Official,
    Organisation,
    Province,
    Sentence,
    Span,
)

from . import EXTRACTOR_VERSION, claims, entities, events, gazetteer, segment
from .structure import Paragraph, Structure, parse_structure
from .text import PreparedText, prepare, read_article


def warm_up() -> None:
    """Load every model and table once per process, before any concurrent or timed use:
    underthesea's tokenizer (its lazy load is not thread-safe), its POS tagger, the
    gazetteer and the rule files."""
    segment.warm_up()
    claims.LazyPOS.warm_up()
    extract_text("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Thái Nguyên: có 15 tỉnh, thành phố và 3 HTX.",
                 doc="warm-up")


class Warnings(list[ExtractionWarning]):
    """The extractors that failed while one article was read, as ``ExtractionWarning``s.

    Rules meet text nobody foresaw; one sentence that trips one of them must cost that
    sentence's facts of that kind, never the article.
    """

    def add(self, extractor: str, error: BaseException, sentence_index: int | None = None) -> None:
        self.append(ExtractionWarning(extractor=extractor, sentence_index=sentence_index,
                                      error=f"{type(error).__name__}: {error}"[:500]))

    def per_sentence(self, extractor: str, find: Callable[..., list[Any]], sentences: list[segment.Sentence],
                     *args: Any, key: Callable[[Any], Any] = lambda e: e.name) -> list[Any]:
        """``find(sentences, *args)``; if it raises, again sentence by sentence, keeping
        what the other sentences give and merging what several give (by ``key``)."""
        try:
            return find(sentences, *args)
        except Exception:  # noqa: BLE001 - contained: retried per sentence below
            pass
        merged: dict[Any, Any] = {}
        for s in sentences:
            try:
                found = find([s], *args)
            except Exception as e:  # noqa: BLE001
                self.add(extractor, e, s.index)
                continue
            for entity in found:
                k = key(entity)
                if k in merged:
                    merged[k].mentions.extend(entity.mentions)
                else:
                    merged[k] = entity
        return list(merged.values())


def _fallback_structure(prepared: PreparedText) -> Structure:
    """Paragraphs at line breaks and nothing else: what is left when the structure rules fail."""
    paragraphs: list[Paragraph] = []
    pos = 0
    for line in prepared.text.split("\n"):
        a = pos + len(line) - len(line.lstrip())
        b = pos + len(line.rstrip())
        if b > a:
            paragraphs.append(Paragraph(index=len(paragraphs), start=a, end=b, kind="text"))
        pos += len(line) + 1
    return Structure(None, None, None, None, None, paragraphs, [])


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _places(sentences: list[segment.Sentence],
            warnings: Warnings | None = None) -> dict[int, list[gazetteer.Place]]:
    """Places named in each sentence, with offsets into the prepared text."""
    warnings = Warnings() if warnings is None else warnings
    out = {}
    for s in sentences:
        try:
            found = gazetteer.find_places(s.text)
        except Exception as e:  # noqa: BLE001 - one sentence's places, not the article
            warnings.add("places", e, s.index)
            continue
        if found:
            out[s.index] = [gazetteer.Place(p.start + s.start, p.end + s.start, p.surface, p.kind,
                                            p.province, p.prefixed) for p in found]
    return out


def _mentions(prepared: PreparedText, spans: Iterable[tuple[int, int, int]], original: str) -> list[Mention]:
    out = []
    for a, b, si in spans:
        oa, ob = prepared.span_to_original(a, b)
        out.append(Mention(start=oa, end=ob, text=original[oa:ob], sentence_index=si))
    return out


def extract_text(text: str, *, doc: str, source: str | None = None) -> ArticleFacts:
    """Extract the facts of one article whose text is already decoded (verbatim).

    Each extractor runs under a guard: one that fails on a sentence loses that sentence's
    facts of its kind and leaves an ``ExtractionWarning``; the rest of the article stands.
    """
    warnings = Warnings()
    prepared = prepare(text)
    try:
        structure = parse_structure(prepared)
    except Exception as e:  # noqa: BLE001
        warnings.add("structure", e)
        structure = _fallback_structure(prepared)
    sentences = segment.segment(prepared.text, structure.paragraphs)
    places = _places(sentences, warnings)
    try:
        url = source if source and source.startswith(("http://", "https://")) else None
        about = entities.about_province(sentences, places, prepared.text, source=url)
    except Exception as e:  # noqa: BLE001
        warnings.add("about_province", e)
        about = None
    ref_year = structure.published.year if structure.published else None
    drafts = claims.article_claims(sentences, places, about, ref_year, warnings, published=structure.published)

    def orig(a: int, b: int) -> tuple[int, int]:
        return prepared.span_to_original(a, b)

    out_sentences = []
    for s in sentences:
        a, b = orig(s.start, s.end)
        out_sentences.append(Sentence(index=s.index, start=a, end=b, text=text[a:b],
                                      paragraph=s.paragraph, section=s.section))
    out_claims = []
    for c in drafts:
        a, b = orig(c.start, c.end)
        try:
            # model_validate: the rules' plain strings are checked against the schema's literals here
            out_claims.append(Claim.model_validate(dict(
                start=a, end=b, quote=text[a:b], sentence_index=c.sentence_index, value=c.value,
                value_max=c.value_max, unit=c.unit, counted=c.counted, indicator=c.indicator,
                qualifier=c.qualifier, modality=c.modality, change=c.change, province=c.province,
                period=c.period, section=c.section, extractor="vnfacts.claims",
                extractor_version=EXTRACTOR_VERSION,
            )))
        except ValidationError as e:  # a claim the schema refuses (an absurd value ...)
            warnings.add("claims", e, c.sentence_index)
    found_officials = warnings.per_sentence("officials", entities.find_officials, sentences)
    officials = [Official(name=e.name, title=e.title or "", mentions=_mentions(prepared, e.mentions, text))
                 for e in found_officials]
    found_organisations = warnings.per_sentence("organisations", entities.find_organisations,
                                                sentences, about, key=lambda e: (e.name, e.kind))
    organisations = [Organisation(name=e.name, kind=e.kind, province=e.province,
                                  mentions=_mentions(prepared, e.mentions, text))
                     for e in found_organisations]
    out_events = []
    try:
        found_events = events.find_events(sentences, places, found_officials, about, structure.published)
        events.attach_organisations(found_events, found_organisations)
        links = events.link_claims(found_events, out_claims, sentences, prepared.to_original)
        for ev, linked in zip(found_events, links):
            a, b = orig(ev.start, ev.end)
            out_events.append(Event.model_validate(dict(
                start=a, end=b, quote=text[a:b], type=ev.type, sentence_index=ev.sentence_index, date=ev.date,
                province=ev.province, officials=ev.officials, organisations=ev.organisations,
                claim_indexes=linked)))
    except Exception as e:  # noqa: BLE001 - the article's events are unknown; its other facts stand
        warnings.add("events", e)
        out_events = []
    provinces = [Province(name=e.name, mentions=_mentions(prepared, e.mentions, text))
                 for e in warnings.per_sentence("provinces", entities.named_provinces, sentences, places)]
    title_span = None
    title = None
    if structure.title_span:
        a, b = orig(*structure.title_span)
        title_span, title = Span(start=a, end=b), text[a:b]
    metadata = Metadata(title=title, title_span=title_span, published=structure.published,
                        about_province=about, byline=structure.byline, source=structure.source)
    return ArticleFacts(
        doc=doc, source=source or doc, content_hash=content_hash(text), text=text,
        metadata=metadata, sentences=out_sentences,
        boilerplate=[Span(start=a, end=b) for a, b in (orig(*bp) for bp in structure.boilerplate)],
        provinces=provinces, officials=officials, organisations=organisations, claims=out_claims,
        events=out_events, warnings=list(warnings), extractor_version=EXTRACTOR_VERSION,
    )


def extract_file(path: str | Path) -> ArticleFacts:
    """Read and extract one article file; raises ``text.ArticleReadError`` naming the file."""
    path = Path(path)
    notes: list[str] = []
    facts = extract_text(read_article(path, notes), doc=path.name, source=str(path.resolve()))
    return with_read_notes(facts, notes)


def with_read_notes(facts: ArticleFacts, notes: list[str]) -> ArticleFacts:
    """The facts with what reading the file had to repair (``text.read_article``'s notes)
    as warnings before the extractors' own."""
    facts.warnings = [ExtractionWarning(extractor="decode", error=n) for n in notes] + facts.warnings
    return facts
