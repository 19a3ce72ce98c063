"""Numeric claims: each quantity of a sentence with what it counts and how it is stated.

The number grammar (``numbers.find_quantities``) finds the quantities and their
qualifiers; this module decides which of them are claims (a count needs a counted noun
that is not a span of time), and adds the counted noun phrase, the modality (fact or
target), the change (increase/decrease) and the province. The words that decide are in
``data/claims.yaml``. ``sentence_claims`` reads one sentence; ``article_claims`` reads an
article's sentences in order, carrying what a sentence alone cannot know (a plan heading's
modality, a paragraph's province, the period) from one to the next.

All offsets here are into the prepared text; the pipeline maps them to the original.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from . import gazetteer, numbers, periods
from .indicators import CURRENCIES, events, expand_abbreviations, indicator_for
from .lexicon import load, phrase_stops
from .segment import Sentence, Token
from .structure import REPEAT_MIN_WORDS

_PUNCT = re.compile(r"^[^\w%]+$")
_DIGIT = re.compile(r"\d")


@dataclass
class ClaimDraft:
    start: int
    end: int
    sentence_index: int
    value: float
    value_max: float | None
    unit: str
    counted: str | None
    indicator: str | None
    qualifier: str
    modality: str
    change: str | None
    province: str | None
    section: str
    period: str | None = None  # set by the pipeline (periods.ArticlePeriods)
    period_named: bool = False
    kind: str = "text"  # the paragraph's kind: a headline's figure may restate the body's


@dataclass(frozen=True)
class Lexicon:
    abbreviations: frozenset[str]
    stops: frozenset[str]
    joiners: frozenset[str]
    list_enders: frozenset[str]
    noun_pairs: frozenset[str]
    after_head: frozenset[str]
    before_name: frozenset[str]
    max_words: int
    time_nouns: frozenset[str]
    not_counted: frozenset[str]
    noun_compounds: frozenset[str]
    locative_verbs: frozenset[str]
    measures: dict[str, str]
    countable: frozenset[str]
    target: tuple[re.Pattern, ...]
    future: tuple[re.Pattern, ...]
    achieved: tuple[re.Pattern, ...]
    facts: tuple[re.Pattern, ...]
    increase: frozenset[str]
    decrease: frozenset[str]
    between: frozenset[str]
    to_level: frozenset[str]
    level_after: frozenset[str]
    growth: tuple[re.Pattern, ...]
    decline: tuple[re.Pattern, ...]
    amount_subjects: tuple[str, ...]
    national: re.Pattern
    multiplier_unit: str
    multiplier_cues: frozenset[str]
    money_scale: re.Pattern
    money_unit: str
    subject_count: re.Pattern
    subject_stop: re.Pattern
    level_words: frozenset[str]
    part_of_whole: re.Pattern
    estimate_opener: re.Pattern
    new_quantity_numbers: frozenset[str]
    not_counting_numbers: frozenset[str]
    number_of: frozenset[str]
    future_year_not_after: tuple[str, ...]
    future_after: re.Pattern
    range_from: frozenset[str]
    not_names_before_number: frozenset[str]
    event_fillers: frozenset[str]
    bound_copula: re.Pattern
    subject_bounds: tuple[tuple[str, re.Pattern], ...]
    locative_qualifier: str
    locative_units: frozenset[str]
    money_range_gap: re.Pattern
    share_subject: re.Pattern


@cache
def lexicon() -> Lexicon:
    d = load("claims")

    def words(key):
        return frozenset(str(w).lower() for w in d[key])

    def regexes(key):
        return tuple(re.compile(p) for p in d[key])

    def any_of(key):  # the words of a list as one alternation, in the list's order
        return "|".join(map(re.escape, d[key]))

    def one_regex(key):  # one pass over the sentence instead of one per pattern
        return (re.compile("|".join(f"(?:{p})" for p in d[key])),)

    return Lexicon(
        abbreviations=frozenset(d["abbreviations"]),
        stops=phrase_stops(),
        joiners=words("phrase_joiners"),
        noun_pairs=words("noun_pairs"),
        after_head=words("after_head_stops"),
        before_name=words("before_name_stops"),
        list_enders=words("phrase_list_enders"),
        max_words=int(d["max_phrase_words"]),
        time_nouns=words("time_nouns"),
        not_counted=words("not_counted"),
        noun_compounds=words("noun_compounds"),
        locative_verbs=words("locative_verbs"),
        measures={str(k): v for k, v in d["measures"].items()},
        countable=words("countable_heads"),
        target=one_regex("target_cues"),
        future=regexes("future_year_cues"),
        achieved=one_regex("achievement_patterns"),
        facts=one_regex("fact_markers"),
        increase=words("increase_cues"),
        decrease=words("decrease_cues"),
        between=words("between_cue_and_number"),
        to_level=words("to_level_cues"),
        level_after=words("level_after_from"),
        growth=regexes("growth_subjects"),
        decline=regexes("decline_subjects"),
        amount_subjects=tuple(sorted((str(w).lower() for w in d["amount_subjects"]), key=len, reverse=True)),
        national=one_regex("national_cues")[0],
        multiplier_unit=str(d["multiplier_unit"]),
        multiplier_cues=words("multiplier_cues"),
        money_scale=re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, d["money_scales"])) + r")$", re.I),
        money_unit=str(d["money_unit"]),
        subject_count=re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(d["subject_counts"], key=len, reverse=True)))
                                 + r")\s+"),
        subject_stop=re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, d["subject_count_stops"])) + r")(?!\w)"),
        level_words=words("level_words"),
        estimate_opener=re.compile(r"^[\s*•+\-–]*(?:" + "|".join(map(re.escape, sorted(d["estimate_openers"], key=len, reverse=True)))
                                   + r")(?!\w)", re.I),
        part_of_whole=re.compile(r"^\s*(?:" + "|".join(map(re.escape, d["part_of_whole"])) + r")\s*$", re.I),
        new_quantity_numbers=words("new_quantity_number_words"),
        not_counting_numbers=words("not_counting_number_words"),
        number_of=words("number_of_words"),
        future_year_not_after=tuple(f"{w} " for w in d["future_year_not_after"]),
        future_after=re.compile(r"\s*(?:" + any_of("future_after_count") + r")(?!\w)"),
        range_from=words("range_from_cues"),
        not_names_before_number=words("not_names_before_number"),
        event_fillers=words("event_verb_fillers"),
        bound_copula=re.compile(r"\b(" + any_of("subject_bound_copulas") + r")\s*$"),
        subject_bounds=tuple((bound, re.compile("|".join(rf"\b{re.escape(w)}\b" for w in ws)))
                             for bound, ws in d["subject_bounds"].items()),
        locative_qualifier=str(d["locative_qualifier"]),
        locative_units=frozenset(d["locative_units"]),
        money_range_gap=re.compile(r"\s*(?:" + any_of("money_range_gaps") + r")\s*"),
        share_subject=re.compile(d["share_subject_pattern"]),
    )


# ---------------------------------------------------------------- counted noun phrases

def _is_punct(t: Token) -> bool:
    return bool(_PUNCT.match(t.text))


def _is_number(t: Token) -> bool:
    """Digits, or a number written in words that starts a new quantity ("và hai HTX")."""
    return bool(_DIGIT.search(t.text)) or (
        t.text.lower() in lexicon().new_quantity_numbers and numbers.parse_number(t.text) is not None)


def _ends_phrase(t: Token, lex: Lexicon, first: bool) -> bool:
    low = t.text.lower()
    if _is_punct(t) or _is_number(t) or low in lex.stops:
        return True
    # A capitalised word after the head starts a name ("9 Nghị quyết Ban chấp hành").
    return not first and t.text[:1].isupper() and t.text not in lex.abbreviations


class LazyPOS:
    """underthesea's POS tags for one sentence, computed only if a rule asks.

    Tagging costs about four times as much as segmenting, so it is not run on every
    sentence: only where the word lists cannot decide (is the item after a comma another
    counted noun, "58 chương trình, kế hoạch", or a verb starting a new clause?).
    """

    def __init__(self, sentence: Sentence):
        self.sentence = sentence
        self._tags: dict[int, str] | None = None

    @staticmethod
    def warm_up() -> None:
        """Load the CRF tagger now (its lazy load is not thread-safe, and costs the first
        sentence that needs a tag ~50 ms)."""
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

        CRFPOSTagPredictor.Instance().predict(["Hợp tác xã", "phát triển"])

    def tag(self, t: Token) -> str | None:
        """The tag of ``t``, from underthesea's CRF tagger run on our own words around it
        (its features look two words either way, so a window of words is enough)."""
        if self._tags is None:
            self._tags = {}
        if t.start not in self._tags:
            from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

            words = list(self.sentence.tokens)
            k = next((i for i, w in enumerate(words) if w.end > t.start), None)
            if k is None:
                return None
            if words[k].start != t.start:  # ``t`` is the tail of a word cut at a number
                words[k] = t               # ("ba kích" -> "kích"): tag the piece itself
            window = words[max(0, k - 2):k + 4]  # the tagger's features reach two words each way
            tagged = CRFPOSTagPredictor.Instance().predict([w.text for w in window])
            self._tags.update({w.start: tag for w, (_, tag) in zip(window, tagged)})
        return self._tags.get(t.start)

    def is_noun(self, t: Token) -> bool:
        tag = self.tag(t)
        return tag is None or tag.startswith("N")


def _list_item(tokens: list[Token], i: int, lex: Lexicon, pos: LazyPOS | None = None) -> int | None:
    """After a comma at ``i - 1``: the end index of one more noun of a list, or None.

    "15 tỉnh, thành phố trong cả nước" and "471 hội nghị, hội thảo với ..." list nouns;
    "50 thành viên, doanh thu đạt ..." starts a new clause: an item must be followed by
    another comma, a preposition, or the end of the sentence — never by a verb.
    """
    j = i
    while j < len(tokens) and not _ends_phrase(tokens[j], lex, first=j == i):
        j += 1
    if j == i or j - i > 3:
        return None
    if pos is not None and not pos.is_noun(tokens[i]):
        return None
    if j == len(tokens):
        return j
    nxt = tokens[j]
    low = nxt.text.lower()
    if nxt.text in {",", ";", ".", ")", ":"} or low in lex.list_enders:
        return j
    return None


def counted_phrase(tokens: list[Token], lex: Lexicon | None = None, pos: LazyPOS | None = None) -> list[Token]:
    """The noun phrase a number counts: the words after it up to a verb, preposition or clause."""
    lex = lex or lexicon()
    out: list[Token] = []
    if tokens and tokens[0].text.lower() in lex.joiners:
        return out  # "4.202 và tổng số lao động": a new clause, no noun of this number
    i = 0
    while i < len(tokens) and len(out) < lex.max_words:
        t = tokens[i]
        low = t.text.lower()
        if t.text == "," and out and i + 1 < len(tokens) \
                and f"{out[-1].text}, {tokens[i + 1].text}".lower() in lex.noun_pairs:
            out.extend(tokens[i:i + 2])  # "57 tỉnh, thành phố đã ...": nouns always listed together
            i += 2
            continue
        if t.text == "," and out:
            end = _list_item(tokens, i + 1, lex, pos)
            if end is None:
                break
            out.extend(tokens[i:end])
            i = end
            continue
        if low in lex.joiners and out:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is None or _ends_phrase(nxt, lex, first=False) or (pos is not None and not pos.is_noun(nxt)):
                break
            out.append(t)
            i += 1
            continue
        if out and f"{out[-1].text} {t.text}".lower() in lex.noun_compounds:
            out.append(t)  # "lớp tập huấn": a noun, though "tập huấn" alone is a verb
            i += 1
            continue
        if _ends_phrase(t, lex, first=not out) or (out and low in lex.after_head):
            break
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if out and low in lex.before_name and nxt is not None and nxt.text[:1].isupper():
            break
        out.append(t)
        i += 1
    while out and (out[-1].text == "," or out[-1].text.lower() in lex.joiners):
        out.pop()
    return out


def phrase_text(sentence: Sentence, tokens: list[Token]) -> str:
    """The counted noun as FORMAT.md writes it: lower-case, abbreviations written out."""
    raw = sentence.text[tokens[0].start - sentence.start:tokens[-1].end - sentence.start]
    return re.sub(r"\s+", " ", expand_abbreviations(raw)).lower().strip()


def tokens_after(sentence: Sentence, pos: int) -> list[Token]:
    """The words of a sentence from ``pos`` on; a word underthesea glued across ``pos``
    ("140.000 tổ" + "hợp tác") is cut there, so "tổ hợp tác" stays whole."""
    out = []
    for t in sentence.tokens:
        if t.start >= pos:
            out.append(t)
        elif t.end > pos:
            rest = sentence.text[pos - sentence.start:t.end - sentence.start]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip():
                out.append(Token(pos + lead, t.end, rest.strip()))
    return _merge_split_compounds(out)


def _merge_split_compounds(tokens: list[Token]) -> list[Token]:
    """Re-join nouns the cut left in two pieces ("tổ" + "hợp tác" -> "tổ hợp tác")."""
    compounds = lexicon().noun_compounds
    out: list[Token] = []
    for t in tokens:
        if out and f"{out[-1].text} {t.text}".lower() in compounds and out[-1].end + 1 == t.start:
            out[-1] = Token(out[-1].start, t.end, f"{out[-1].text} {t.text}")
        else:
            out.append(t)
    return out


def _without_so(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """The tokens after a count without the "số" (the number of) that opens them."""
    return tokens[1:] if tokens and tokens[0].text.lower() in lex.number_of else tokens


# ---------------------------------------------------------------- modality and change

def _future_year(sentence_lower: str, lex: Lexicon, ref_year: int | None) -> list[int]:
    """Positions in the sentence of cues naming a year after the article's own year."""
    out = []
    for rx in lex.future:
        for m in rx.finditer(sentence_lower):
            if any(sentence_lower[:m.start()].endswith(w) for w in lex.future_year_not_after):
                continue
            year = int(m.group(1))
            if ref_year is None or year > ref_year:
                out.append(m.start())
    return out


def _markers(sentence_lower: str, lex: Lexicon, future: list[int]) -> list[tuple[int, str]]:
    """(position, "target"|"actual") for every modality marker of a sentence, in order."""
    marks = [(m.start(), "target") for rx in lex.target for m in rx.finditer(sentence_lower)]
    marks += [(p, "target") for p in future]
    marks += [(m.start(), "actual") for rx in lex.facts for m in rx.finditer(sentence_lower)]
    achieved = [m.span() for rx in lex.achieved for m in rx.finditer(sentence_lower)]
    marks = [(p, kind) for p, kind in marks
             if not (kind == "target" and any(a <= p < b for a, b in achieved))]
    marks += [(a, "actual") for a, _ in achieved]
    return sorted(marks)


def _modality_at(marks: list[tuple[int, str]], pos: int, carried: str, future_anywhere: bool) -> str:
    state = carried
    for p, kind in marks:
        if p > pos:
            break
        state = kind
    if state == "actual" and future_anywhere and not any(p <= pos and k == "actual" for p, k in marks):
        return "target"
    return state


def _change(sentence: Sentence, before_pos: int, after_pos: int, clause: str, unit: str,
            lex: Lexicon) -> str | None:
    """"tăng 46 HTX" is a change; "tăng lên 68%", "giảm xuống dưới 20%" and both ends of
    "tăng từ 61% lên 68%" are the levels before and after it."""
    prev = [t for t in sentence.tokens if t.end <= before_pos]
    k = len(prev) - 1
    steps = 0
    from_level = False
    while k >= 0 and steps < 4:
        low = prev[k].text.lower()
        two = f"{prev[k - 1].text.lower()} {low}" if k > 0 else low
        last = low.rsplit(" ", 1)[-1]  # underthesea glues a cue to the word before ("kỳ giảm")
        if low in lex.to_level or two in lex.to_level:
            return None
        cues = {low, two, last}
        if cues & lex.increase or cues & lex.decrease:
            if from_level and _level_follows(sentence, after_pos, lex):
                return None
            return "increase" if cues & lex.increase else "decrease"
        if low not in lex.between:
            break
        from_level = from_level or low in lex.range_from
        k -= 1
        steps += 1
    if unit == "percent":
        if any(rx.search(clause) for rx in lex.growth):
            return "increase"
        if any(rx.search(clause) for rx in lex.decline):
            return "decrease"
    return None


def _level_follows(sentence: Sentence, pos: int, lex: Lexicon) -> bool:
    """After "tăng từ X": "lên Y" (or "xuống", "còn" ...) and a number make X a level."""
    nxt = [t for t in sentence.tokens if t.start >= pos][:3]
    return (len(nxt) >= 2 and nxt[0].text.lower() in lex.level_after
            and any(_DIGIT.search(t.text) for t in nxt[1:]))


def _clause_before(text: str, pos: int, lower: bool = True) -> str:
    """The clause of ``text`` that ends at ``pos``: back to the last , ; : or the start."""
    cut = max(text.rfind(c, 0, pos) for c in ",;:")
    clause = text[cut + 1:pos]
    return clause.lower() if lower else clause


# ---------------------------------------------------------------- claims

def _word_number_ok(words: str) -> bool:
    """A spelled-out number that can count a noun the lists do not know ("ba xưởng"), as
    "năm" (year) and "một" (a, an) cannot."""
    return words.split()[0].lower() not in lexicon().not_counting_numbers


def _preceded_by_name(sentence: Sentence, pos: int) -> bool:
    """"Trung ương 5", "Khóa 5": a number right after a capitalised word that is not
    sentence-initial names something; it does not count anything."""
    prev = [t for t in sentence.tokens if t.end <= pos]
    if len(prev) < 2 or _is_punct(prev[-1]) or _is_punct(prev[-2]):
        return False  # the word opens the sentence or a bullet ("- Phát triển 50 tổ hợp tác")
    last = prev[-1].text
    if not (last[:1].isupper() and not last.isupper() and last.lower() not in lexicon().between
            and last.lower() not in lexicon().not_names_before_number):
        return False
    # "Hà Nội 120 HTX và Yên Bái 120 HTX": a place before a count lists it, it names nothing
    run: list[str] = []
    for t in reversed(prev):
        if not t.text[:1].isupper():
            break
        run.insert(0, t.text)
    return not any(gazetteer.is_place_name(" ".join(run[k:])) for k in range(len(run)))


def _event(sentence: Sentence, before_pos: int, after_pos: int) -> str | None:
    """"thành lập (mới) 56 HTX" / "100 HTX giải thể": a count of new or dissolved units."""
    verbs = events()
    prev = [t.text.lower() for t in sentence.tokens if t.end <= before_pos][-3:]
    while prev and prev[-1] in lexicon().event_fillers:
        prev.pop()
    nxt = [t.text.lower() for t in sentence.tokens if t.start >= after_pos][:2]
    candidates = [" ".join(prev[-2:]), " ".join(prev[-1:]), " ".join(nxt), " ".join(nxt[:1])]
    return next((verbs[c] for c in candidates if c in verbs), None)


def _bound_in_subject(text: str, pos: int) -> str | None:
    """"Mức cho vay tối đa ... là 2 tỷ đồng": the bound is said in the subject, not before
    the number."""
    clause = _clause_before(text, pos)
    lex = lexicon()
    if not lex.bound_copula.search(clause):
        return None
    return next((bound for bound, rx in lex.subject_bounds if rx.search(clause)), None)


def _locative_tren(sentence: Sentence, q, unit: str, lex: Lexicon) -> bool:
    """"canh tác trên 25 ha" is farming *on* 25 ha, not *more than* 25 ha."""
    qual = sentence.text[q.qualifier_start:q.start].strip().lower()
    if qual != lex.locative_qualifier or unit not in lex.locative_units:
        return False
    prev = [t for t in sentence.tokens if t.end <= sentence.start + q.qualifier_start]
    return bool(prev) and prev[-1].text.lower() in lex.locative_verbs


def _claim_province(places: Sequence[tuple[int, str | None]], pos: int, clause_start: int,
                    context: str | None) -> str | None:
    """The province a claim is about.

    The scope is the clause of the number (back to the last ";") if it names a province,
    else the sentence. In scope, the context's province wins when it is named too ("Liên
    minh HTX tỉnh Bình Định phối hợp với tỉnh Quảng Ngãi ... cho 35 HTX trong tỉnh"), else
    the last one named before the number ("...; khu vực tỉnh Phú Yên (cũ) có 245 HTX").
    A place of ``None`` is the whole country ("cả nước có 32.000 HTX"): a national figure.
    """
    named = [p for at, p in places if at < pos]
    in_clause = [p for at, p in places if clause_start <= at < pos]
    scope = in_clause or named
    if not scope or context in scope:
        return context
    return scope[-1]


def _multiplier(sentence: Sentence, q, after: list[Token], lex: Lexicon) -> bool:
    """"tăng gấp 2 lần", "gấp 1,5 lần": a multiplier, not a count of occasions."""
    if not after or after[0].text.lower() != lex.multiplier_unit:
        return False
    prev = [t.text.lower() for t in sentence.tokens if t.end <= sentence.start + q.qualifier_start][-2:]
    return bool(prev) and (prev[-1] in lex.multiplier_cues or " ".join(prev) in lex.multiplier_cues)


def _unstated_money(text: str, q, quantities: list, after: list[Token], lex: Lexicon) -> bool:
    """"từ 60 triệu lên 500 triệu đồng", "vốn đạt 92.308 triệu", "lương 2 triệu/tháng":
    a sum with a scale word and no noun, whose range partner is money or whose clause is
    about an amount."""
    if not lex.money_scale.search(text[q.start:q.end]):
        return False
    later = [o for o in quantities if o.start >= q.end and o.kind == "quantity"]
    if later and later[0].unit == lex.money_unit and lex.money_range_gap.fullmatch(text[q.end:later[0].qualifier_start]):
        return True
    if after and not after[0].text.startswith("/") and not _is_punct(after[0]):
        return False  # a noun follows: "2 triệu thành viên" counts members
    return _amount_subject(_clause_before(text, q.qualifier_start), lex) is not None


def _subject_counted(text: str, q, lex: Lexicon) -> str | None:
    """The noun a bare number counts, named earlier in its clause: "Tổng số thành viên của
    các HTX là 4.202", "nâng tổng số HTX ... lên 558", "Số HTX tăng từ 950 lên 1.200"."""
    clause = _clause_before(text, q.qualifier_start, lower=False)
    words = clause.lower().split()
    qualified = q.qualifier_start < q.start  # "khoảng 242": the qualifier stands where "là" would
    if not words or not (qualified or words[-1] in lex.level_words or " ".join(words[-2:]) in lex.level_words):
        return None
    found = list(lex.subject_count.finditer(clause.lower()))
    if not found:
        return None
    rest = clause[found[-1].end():]
    stop = lex.subject_stop.search(rest.lower())
    noun = rest[:stop.start()] if stop else rest
    noun = noun.strip(" ,")
    if not noun or len(noun.split()) > 5:
        return None
    return re.sub(r"\s+", " ", expand_abbreviations(noun)).lower().strip()


def _whole_counted(text: str, q, quantities: list, sentence: Sentence, lex: Lexicon, pos) -> str | None:
    """"252 trong tổng số 313 HTX nông nghiệp": the part counts what its whole counts."""
    later = [o for o in quantities if o.start >= q.end and o.kind == "quantity" and o.unit is None]
    if not later or not lex.part_of_whole.match(text[q.end:later[0].qualifier_start]):
        return None
    phrase = counted_phrase(tokens_after(sentence, sentence.start + later[0].end), lex, pos)
    return phrase_text(sentence, phrase) if phrase else None


def _amount_subject(clause: str, lex: Lexicon) -> str | None:
    for w in lex.amount_subjects:
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", clause):
            return w
    return None


def sentence_claims(sentence: Sentence, *, modality_carried: str, ref_year: int | None,
                    province: str | None, places: Sequence[tuple[int, str | None]] = (),
                    lex: Lexicon | None = None) -> tuple[list[ClaimDraft], str]:
    """The claims of one sentence, and the modality it hands on to the next sentence.

    ``province`` is what the context says the sentence is about; ``places`` are the
    (position, province) of provinces the sentence itself names, which win for the
    numbers that follow them.
    """
    lex = lex or lexicon()
    text = sentence.text
    low = text.lower()
    future = _future_year(low, lex, ref_year)
    marks = _markers(low, lex, future)
    future_anywhere = bool(future)
    out: list[ClaimDraft] = []
    last_share: str | None = None
    whole = sentence
    quantities = [q for q in numbers.find_quantities(text) if q.kind == "quantity"]
    if quantities:  # "Trên phạm vi cả nước, ... 34 tỉnh": the country is a place too, of no province
        places = sorted([*places, *((sentence.start + m.start(), None) for m in lex.national.finditer(low))],
                        key=lambda p: p[0])
    # 16 syllables after a number hold the longest counted phrase (8 words) and what
    # decides where it ends; segmenting more only costs time.
    views = whole.around([(whole.start + q.qualifier_start, whole.start + q.end) for q in quantities], after=16)
    for q, sentence in zip(quantities, views):
        pos = LazyPOS(sentence)
        qs, qe = sentence.start + q.start, sentence.start + q.end
        after = tokens_after(sentence, qe)
        unit, end, counted = q.unit, qe, None
        if unit is None:
            measure = lex.measures.get(after[0].text) or lex.measures.get(after[0].text.lower()) if after else None
            if measure:
                unit, end = measure, after[0].end
            elif _multiplier(sentence, q, after, lex):
                unit, end = lex.multiplier_unit, after[0].end
            elif _unstated_money(text, q, quantities, after, lex):
                unit = lex.money_unit
                counted = _amount_subject(_clause_before(text, q.qualifier_start), lex)
            else:
                unit = "count"
        if unit == "count":
            phrase: list[Token] | None = counted_phrase(after, lex, pos)
            if phrase:
                head = phrase[0].text.lower()
            else:
                counted = _whole_counted(text, q, quantities, sentence, lex, pos) or _subject_counted(text, q, lex)
                if counted is None:
                    continue
                phrase, head = None, counted.split()[0]
            if head in lex.time_nouns or head in lex.not_counted:  # "5 năm qua": a duration
                continue
            if q.in_words and not (phrase and (head in lex.countable or phrase[0].text in lex.abbreviations
                                   or (_word_number_ok(text[q.start:q.end]) and pos.tag(phrase[0]) == "N"))):
                continue
            if _preceded_by_name(sentence, sentence.start + q.qualifier_start):
                continue
            if phrase is not None:
                end = phrase[-1].end
                counted = phrase_text(sentence, phrase)
        elif unit == "percent":
            phrase = counted_phrase(_without_so(after, lex), lex, pos)
            if phrase:
                counted = phrase_text(sentence, phrase)
            elif last_share:
                counted = last_share
            else:
                clause = _clause_before(text, q.qualifier_start, lower=False)
                m = lex.share_subject.search(clause)
                counted = (expand_abbreviations(m.group(1)).lower().strip() if m
                           else _amount_subject(clause.lower(), lex))
            last_share = counted or last_share
        elif unit in CURRENCIES:
            counted = _amount_subject(_clause_before(text, q.qualifier_start), lex)
        qualifier = "range" if q.value_max is not None else q.qualifier
        if qualifier == "more_than" and _locative_tren(sentence, q, unit, lex):
            qualifier = "exact"
        if qualifier == "exact":
            qualifier = _bound_in_subject(text, q.qualifier_start) or qualifier
        if qualifier == "exact" and lex.estimate_opener.match(text):
            qualifier = "approx"
        change = _change(sentence, sentence.start + q.qualifier_start, end,
                         _clause_before(text, q.qualifier_start), unit, lex)
        if change is None and unit == "percent" and out and out[-1].change and out[-1].sentence_index == sentence.index \
                and re.fullmatch(r"\s*\(\s*", text[out[-1].end - sentence.start:q.qualifier_start]):
            change = out[-1].change  # "tăng 183 HTX (khoảng 27%)": the rate of that change
        modality = _modality_at(marks, q.qualifier_start, modality_carried, future_anywhere)
        if modality == "actual" and lex.future_after.match(text, end - sentence.start):
            modality = "target"  # "600 đại biểu sẽ dự Đại hội": what the subject will do
        event = _event(sentence, sentence.start + q.qualifier_start, end) if unit == "count" else None
        out.append(ClaimDraft(
            start=qs, end=end, sentence_index=sentence.index, value=q.value, value_max=q.value_max,
            unit=unit, counted=counted, indicator=indicator_for(counted, unit, change, event),
            qualifier=qualifier, modality=modality, change=change,
            province=_claim_province(places, qs, sentence.start + text.rfind(";", 0, q.start) + 1, province),
            section=sentence.section,
        ))
    state = modality_carried
    for _, kind in marks:
        state = kind
    return out, state


# ---------------------------------------------------------------- the claims of an article

_BULLET = re.compile(r"^\s*(?:[-–+•▪]|\d+[.)]|[a-zđ]\))\s")


class Reports(Protocol):
    """Where a rule that fails on one sentence is reported (``pipeline.Warnings``)."""

    def add(self, extractor: str, error: BaseException, sentence_index: int | None = None) -> None: ...


class _Ignored:
    def add(self, extractor: str, error: BaseException, sentence_index: int | None = None) -> None:
        pass


def article_claims(sentences: list[Sentence], places: dict[int, list[gazetteer.Place]], about: str | None,
                   ref_year: int | None, warnings: Reports | None = None,
                   published: dt.date | None = None) -> list[ClaimDraft]:
    """Claims of every sentence, carrying modality and province context along paragraphs.

    A long sentence the page printed twice word for word is one set of claims, at its
    first place; a short line printed again (the headline as a caption, a caption under
    two photos) states its figures again, and they are claims each time. A paragraph about
    another province gives its claims that province; an appended unrelated item keeps the
    province it names, never the article's. A rule that fails on a sentence costs that
    sentence's claims (or periods), reported to ``warnings``.
    """
    reports: Reports = _Ignored() if warnings is None else warnings
    out: list[ClaimDraft] = []
    seen: set[str] = set()
    when = periods.ArticlePeriods(published)
    by_paragraph: dict[int, list] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    carried, heading_target, list_target = "actual", False, False
    paragraph, section_province = None, {}
    para_province: str | None = None
    for s in sentences:
        if s.paragraph != paragraph:
            paragraph = s.paragraph
            when.paragraph(by_paragraph[paragraph])
            list_target = list_target and _BULLET.match(s.text) is not None
            carried = "target" if heading_target or list_target else "actual"
            para_province = None
        named = [(p.start, p.province) for p in places.get(s.index, [])
                 if p.kind == "province" or p.prefixed]
        if s.section != "body" and named and s.section not in section_province:
            section_province[s.section] = named[0][1]
        context = para_province or section_province.get(s.section) or (about if s.section == "body" else None)
        key = " ".join(s.text.split())
        if key in seen:
            continue
        if len(key.split()) >= REPEAT_MIN_WORDS:
            seen.add(key)
        try:
            found, carried = sentence_claims(s, modality_carried=carried, ref_year=ref_year,
                                                    province=context, places=named)
        except Exception as e:  # noqa: BLE001 - this sentence's claims are lost, not the article
            reports.add("claims", e, s.index)
            found = []
        try:
            for c in found:
                c.period, c.period_named = when.period(s, c.start - s.start, c.modality)
                c.kind = s.kind
            when.after_sentence(s)
        except Exception as e:  # noqa: BLE001 - the periods of this sentence are unknown, not wrong
            reports.add("periods", e, s.index)
        if s.kind == "heading":  # a plan heading makes its section a target
            heading_target = carried == "target"
        elif s.text.rstrip().endswith(":"):  # "Phương hướng năm 2024:" and the bullets under it
            list_target = carried == "target"
        out.extend(found)
        if named:
            para_province = named[-1][1]
    periods.restated(out)
    return out
