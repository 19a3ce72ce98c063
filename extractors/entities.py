"""Officials, named cooperatives, cooperative alliances, and the province an article is about.

Rules over underthesea's words: it keeps a personal name ("Hoàng Trung Hải") and an
organisation word ("Thành ủy", "Hợp tác xã") together as one token, so a title is a head
word followed by capitalised tokens, and the name is the capitalised tail that starts
with a family name and is not a place. The word lists are in ``data/entities.yaml``.
Offsets are into the prepared text; the pipeline maps them to the original.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby, product

from . import gazetteer, lexicon
from .segment import Sentence, Token

_PUNCT = re.compile(r"^[^\w]+$")
# Bounded labels, starting only where a domain can start: "1.1.1. ..." is no domain, and an
# unbounded pattern rescans it from every dot (quadratic in the text).
_DOMAIN = re.compile(r"(?<![\w.-])[\w-]{1,63}(?:\.[\w-]{1,63}){0,5}\.(?:gov\.vn|com\.vn|org\.vn|net\.vn|vn)\b", re.I)


@dataclass
class EntityDraft:
    name: str
    kind: str  # "official", "cooperative", "union", "group", "alliance"
    title: str | None = None
    province: str | None = None
    mentions: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, sentence index)


@dataclass(frozen=True)
class Rules:
    surnames: frozenset[str]
    heads: re.Pattern
    ranks: frozenset[str]
    foreign_surnames: frozenset[str]
    latin_org_words: frozenset[str]
    org_nouns: frozenset[str]
    honorifics: frozenset[str]
    org_lowercase: frozenset[str]
    org_dashes: frozenset[str]
    org_inner_lowercase: frozenset[str]
    title_transitions: frozenset[str]
    coop_types: re.Pattern
    coop_kinds: dict[str, str]
    bare_union: str
    brand: re.Pattern
    not_before: tuple[str, ...]
    not_names: frozenset[str]
    trade_words: re.Pattern  # a sector word at a position, any case
    name_joiners: frozenset[str]
    name_inner: re.Pattern
    commune_words: frozenset[str]
    plural_markers: frozenset[str]
    list_openers: frozenset[str]
    item_trailers: frozenset[str]
    foreign_places: frozenset[str]
    product_labels: frozenset[str]
    alliance: re.Pattern
    name_prefix: re.Pattern
    connectors: tuple[str, ...]
    name_stops: frozenset[str]
    name_start: re.Pattern  # a family name (or H'/Y prefix) followed by a capitalised syllable
    cooperative_name_stops: frozenset[str]
    alliance_name: str
    national_alliance_place: str
    own_alliance_places: frozenset[str]
    admin_prefix: re.Pattern
    office_verbs: tuple[str, ...]
    title_trailing: re.Pattern
    list_and: str
    list_separator: re.Pattern
    national: re.Pattern
    national_event: re.Pattern
    venue: re.Pattern
    national_head: re.Pattern
    national_alliance: re.Pattern
    provincial_alliance: re.Pattern
    national_body_words: tuple[str, ...]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _any_case(words) -> set[str]:
    """Each of ``words`` with each of its words capitalised or not, as the press writes titles
    ("Phó Chủ tịch", "phó chủ tịch", "Phó chủ tịch"); abbreviations ("UBND") as they are."""
    def forms(w: str) -> list[str]:
        return sorted({w, w.lower(), w[:1].upper() + w[1:]}) if not w.isupper() else [w]
    return {" ".join(p) for w in words for p in product(*(forms(x) for x in w.split(" ")))}


@cache
def rules() -> Rules:
    d = lexicon.load("entities")
    return Rules(
        surnames=frozenset(d["surnames"]),
        heads=re.compile(rf"(?<!\w)(?:{gazetteer.trie_regex(_any_case(d['title_heads'] + d['ranks']))})(?!\w)"),
        ranks=frozenset(w.lower() for w in d["ranks"]),
        foreign_surnames=frozenset(d["foreign_surnames"]),
        latin_org_words=frozenset(d["latin_organisation_words"]),
        org_nouns=frozenset(w.lower() for w in d["organisation_nouns"]),
        honorifics=frozenset(w.lower() for w in d["honorifics"]),
        org_lowercase=frozenset(d["org_lowercase"] + d["org_inner_lowercase"]),
        org_dashes=frozenset(d["org_dashes"]),
        org_inner_lowercase=frozenset(d["org_inner_lowercase"]),
        title_transitions=frozenset(d["title_transitions"]),
        coop_types=re.compile(rf"(?<!\w)(?:{_alternation(d['cooperative_types'])})(?!\w)"),
        coop_kinds=dict(d["cooperative_types"]),
        bare_union=d["bare_union_word"],
        brand=re.compile(d["cooperative_brand_pattern"]),
        not_before=tuple(d["not_cooperative_before"]),
        not_names=frozenset(d["not_names"]),
        trade_words=re.compile(rf"(?i:{_alternation(d['sector_words'])})(?!\w)"),
        name_joiners=frozenset(d["name_joiners"]),
        name_inner=re.compile(rf"(?:{_alternation(d['name_inner_phrases'])})(?!\w)"),
        commune_words=frozenset(d["commune_words"]),
        plural_markers=frozenset(d["plural_markers"]),
        list_openers=frozenset(d["list_openers"]),
        item_trailers=frozenset(d["list_item_trailers"]),
        foreign_places=frozenset(d["foreign_places"]),
        product_labels=frozenset(d["product_labels"]),
        alliance=re.compile(d["alliance_pattern"]),
        name_prefix=re.compile(d["name_prefix_pattern"]),
        connectors=tuple(sorted(d["name_title_connectors"], key=len, reverse=True)),
        name_stops=frozenset(d["name_stops"]),
        name_start=re.compile(rf"(?<!\w)(?:(?:{gazetteer.trie_regex(d['surnames'])})\s+\w|H['’]\w|Y\s\w)"),
        cooperative_name_stops=frozenset(str(w).lower() for w in d["cooperative_name_stops"]),
        alliance_name=str(d["alliance_name"]),
        national_alliance_place=str(d["national_alliance_place"]),
        own_alliance_places=frozenset(d["own_alliance_places"]),
        admin_prefix=re.compile(d["admin_prefix_pattern"], re.I),
        office_verbs=tuple(d["office_verbs"]),
        title_trailing=re.compile(r"\s+(" + "|".join(map(re.escape, d["title_trailing_words"])) + r"|,)$"),
        list_and=str(d["list_and_word"]),
        list_separator=re.compile(r"(?:[,;:]|(?<!\w)(?:" + "|".join(map(re.escape, d["list_separator_words"]))
                                  + r")(?!\w))\s*(\w)"),
        national=re.compile(d["national_pattern"]),
        national_event=re.compile(d["national_event_pattern"]),
        venue=re.compile(d["venue_pattern"]),
        national_head=re.compile(d["national_head_pattern"]),
        national_alliance=re.compile(d["national_alliance_pattern"]),
        provincial_alliance=re.compile(d["provincial_alliance_pattern"]),
        national_body_words=tuple(d["national_body_words"]),
    )


def _capitalised(t: Token) -> bool:
    return t.text[:1].isupper()


def _is_punct(t: Token) -> bool:
    return bool(_PUNCT.match(t.text))


def _syllables(text: str) -> list[str]:
    return text.split()




def _is_place(text: str) -> bool:
    """The whole of ``text`` names a place ("Thái Nguyên", "TP.HCM", "tỉnh Hà Nam")."""
    bare = rules().admin_prefix.sub("", text)
    offset = len(text) - len(bare)
    return any(p.start <= offset and p.end == len(text) for p in gazetteer.find_places(text))


_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
_FOREIGN_LETTERS = re.compile(r"[A-Z][a-zäöüßçñøåéèë]+")
_LATIN_BEFORE_CAPITAL = re.compile(r"(?<!\w)[A-Z][a-z]+(?=\s+[A-Z])")


def _vietnamese_syllable(word: str) -> bool:
    """Could ``word`` (accents dropped) be a Vietnamese syllable? "Min" could; "Schmidt" could not."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
                   if not unicodedata.combining(c))
    return _VIETNAMESE_SYLLABLE.fullmatch(bare) is not None


def _foreign_name(syl: list[str], r: Rules) -> bool:
    """"Anna Schmidt", "Choi Yeon Ho": two or three Latin words, the first a foreign family name
    or no Vietnamese syllable."""
    return (2 <= len(syl) <= 3 and all(_FOREIGN_LETTERS.fullmatch(s) for s in syl)
            and (syl[0] in r.foreign_surnames or not _vietnamese_syllable(syl[0]))
            and " ".join(syl) not in r.foreign_places)


def _foreign_name_ahead(text: str, r: Rules) -> bool:
    """Might a foreign name stand in ``text``? (a cheap test before segmenting)"""
    return any(m.group(0) in r.foreign_surnames or not _vietnamese_syllable(m.group(0))
               for m in _LATIN_BEFORE_CAPITAL.finditer(text))


def _looks_like_name(tokens: list[Token], r: Rules, before: str = "") -> bool:
    """A personal name: a family name and one to three more capitalised syllables (two at least
    right after the noun of an organisation, which it would name), or a foreign name not right
    after such a noun ("Công ty Green Farm") and with no word of a company's ("Vietnam Airlines")."""
    text = " ".join(t.text for t in tokens)
    syl = _syllables(text)
    if not (all(s[:1].isupper() for s in syl) and not any(s.isupper() and len(s) > 1 for s in syl)
            and text not in r.not_names):  # "UBND", "HTX" are not names
        return False
    after_org = any(before.lower().endswith(" " + noun) for noun in r.org_nouns)
    prefixed = r.name_prefix.match(text) is not None  # "Y Thanh Hà Niê Kđăm"
    vietnamese = ((3 if after_org else 2) <= len(syl) <= (5 if prefixed else 4)  # "Giám đốc HTX Đồng Tiến"
                  and (syl[0] in r.surnames or prefixed))
    foreign = not vietnamese and not after_org and _foreign_name(syl, r) and not set(syl) & r.latin_org_words
    return ((vietnamese or foreign) and not _is_place(text)
            and gazetteer.canonical_province(text) is None)  # "Hồ Chí Minh" here is the city


# ---------------------------------------------------------------- officials

def _without_trailing_lowercase(t: Token, capitals_before: int = 0) -> Token:
    """A name underthesea glued to the verb after it: keep up to its last capitalised
    syllable, when that leaves a name of two capitalised syllables or more ("Phìn" +
    "Hồ chế biến" -> "Phìn Hồ"; but "Trung ương" is one word)."""
    syl = t.text.split(" ")
    k = len(syl)
    while k > 1 and not syl[k - 1][:1].isupper():
        k -= 1
    if k == len(syl) or k + capitals_before < 2:
        return t
    kept = " ".join(syl[:k])
    return Token(t.start, t.start + len(kept), kept)


def _capitalised_prefix(t: Token, r: Rules, need_surname: bool = True) -> Token | None:
    """underthesea sometimes glues the next word onto a name ("Phạm Thị Lan dự"): keep the
    capitalised syllables, which are the name, and drop the rest. ("Thành ủy" is a word.)"""
    syl = t.text.split(" ")
    k = 0
    while k < len(syl) and syl[k][:1].isupper():
        k += 1
    if k == len(syl) or k < (2 if need_surname else 1) or (need_surname and syl[0] not in r.surnames):
        return None
    prefix = " ".join(syl[:k])
    return Token(t.start, t.start + len(prefix), prefix)


def _title_run(tokens: list[Token], r: Rules) -> list[Token]:
    """The capitalised body after a title head: "Thành ủy Hà Nội Hoàng Trung Hải"."""
    run: list[Token] = []
    skip_to = -1
    for n, t in enumerate(tokens):
        if n <= skip_to:
            continue
        if t.text in r.org_dashes and run and n + 1 < len(tokens) and _capitalised(tokens[n + 1]) \
                and not _is_punct(tokens[n + 1]):
            continue  # "Sở Văn hóa - Thể thao"
        if t.text == "(" and run:  # "Cục trưởng Cục Phát triển nông thôn (Bộ NN&PTNT) Trần Văn Bình"
            close = next((k for k in range(n + 1, min(n + 8, len(tokens))) if tokens[k].text == ")"), None)
            if close is not None and close + 1 < len(tokens) and _capitalised(tokens[close + 1]) \
                    and not _is_punct(tokens[close + 1]):
                skip_to = close
                continue
            break
        first = t.text.split(" ")[0].lower()  # "và Công nghiệp Việt Nam", glued
        if _is_punct(t) or not (_capitalised(t) or t.text.lower() in r.org_lowercase
                                or (first in r.org_lowercase and not t.text.islower())):
            break
        glued = _capitalised_prefix(t, r) if _capitalised(t) else None
        if glued is not None:
            run.append(glued)
            break
        run.append(t)
    while run and not _capitalised(run[-1]) and run[-1].text.lower() in r.org_inner_lowercase:
        run.pop()  # "Chủ tịch UBND tỉnh hỗ trợ ...": the title ended before the verb
    return run


def _syllable_tokens(tokens: list[Token]) -> list[Token]:
    """Each syllable of ``tokens`` as a token of its own."""
    out = []
    for t in tokens:
        for m in re.finditer(r"\S+", t.text):
            out.append(Token(t.start + m.start(), t.start + m.end(), m.group(0)))
    return out


_MAX_NAME_TOKENS = 6  # the longest personal name, in words (Ê Đê names with a prefix have five)


def _name_at_end(run: list[Token], r: Rules) -> list[Token] | None:
    """The personal name that ends ``run`` (the longest), as tokens. underthesea may glue a
    name to the organisation before it ("Samsung Kim Min Jun", "Liên hợp quốc Antonio"):
    failing a name of whole words, one that starts inside a word."""
    for tokens in (run, _syllable_tokens(run[-3:]) if run else []):
        for i in range(max(0, len(tokens) - _MAX_NAME_TOKENS), len(tokens)):  # a name is a few words
            if _looks_like_name(tokens[i:], r, " " + " ".join(t.text for t in tokens[:i])):
                return tokens[i:]
    return None


def _name_before(tokens: list[Token], r: Rules) -> list[Token] | None:
    """A name right before a title: "Đặng Huy Hậu, Phó Chủ tịch ...", "Lê Văn A - Giám đốc",
    "bà Trần Thị Hương giữ chức Chủ tịch ...". Only a connector may stand between."""
    if len(tokens) > 2 and tokens[-1].text in {",", "-", "–"} and tokens[-2].text == ")":
        opening = max((i for i, t in enumerate(tokens) if t.text == "("), default=None)
        if opening is not None:
            tokens = tokens[:opening] + tokens[-1:]  # drop the aside, keep the connector
    for gap in range(1, 5):  # how many words the connector takes
        k = len(tokens) - gap
        if k < 1 or " ".join(t.text for t in tokens[k:]) not in r.connectors:
            continue
        j = k
        while (j and _capitalised(tokens[j - 1]) and not _is_punct(tokens[j - 1]) and k - j < 4
               and tokens[j - 1].text.lower() not in r.honorifics):
            j -= 1
        for i in range(j, k):
            if _looks_like_name(tokens[i:k], r):
                return tokens[i:k]
    # "Bà Nguyễn Thị Hạnh tiếp tục được tín nhiệm bầu giữ chức Chủ tịch ...": a few
    # lower-case words, then the verb that gives the office
    if tokens and " ".join(t.text for t in tokens[-2:]).endswith(r.office_verbs):
        k = len(tokens) - 1
        while k and not _capitalised(tokens[k - 1]) and len(tokens) - k < 8:
            k -= 1
        j = k
        while j and _capitalised(tokens[j - 1]) and k - j < 4 and tokens[j - 1].text.lower() not in r.honorifics:
            j -= 1
        for i in range(j, k):
            if k > i and _looks_like_name(tokens[i:k], r):
                return tokens[i:k]
    return None


def _transition(between: str, r: Rules) -> bool:
    """", giữ chức " (an aside in brackets allowed before it): the next title replaces the last."""
    between = re.sub(r"\([^()]*\)", " ", between).strip()
    return between.startswith(",") and between[1:].strip().lower() in r.title_transitions


def _name_after(tokens: list[Token], r: Rules) -> list[Token] | None:
    """"Giám đốc HTX, ông Phạm Văn Hưởng, cho biết": a name set off after its title, with
    an honorific, between commas (or before the end of the sentence)."""
    if len(tokens) < 3 or tokens[0].text != "," or tokens[1].text not in r.honorifics:
        return None
    j = 2
    while j < len(tokens) and _capitalised(tokens[j]) and not _is_punct(tokens[j]) and j < 6:
        j += 1
    if j < len(tokens) and tokens[j].text not in {",", ".", ";", ")"}:
        return None
    name = tokens[2:j]
    return name if name and _looks_like_name(name, r) else None


def _strip_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–")
    return rules().title_trailing.sub("", text)


def shouting(text: str) -> bool:
    """An ALL-CAPS line ("KINH TẾ TẬP THỂ TP CẦN THƠ ..."): capitals tell no names there."""
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    return upper + lower > 20 and upper > 0.7 * (upper + lower)


def sentence_officials(s: Sentence, r: Rules | None = None) -> list[tuple[str, str, int, int]]:
    """(name, title, name start, name end) for each official a sentence names with a title."""
    r = r or rules()
    out: list[tuple[str, str, int, int]] = []
    if (not r.heads.search(s.text) or shouting(s.text)
            or not (r.name_start.search(s.text) or _foreign_name_ahead(s.text, r))):
        return out  # no title or no name: no official, and no need to segment the sentence
    pending: tuple[int, int] | None = None  # a title with no name yet, that may chain: "Ủy viên X, Bí thư Y Name"
    last: tuple[int, int] | None = None  # (index in out, end of its title): "Name, Tỉnh ủy viên, Phó Chủ tịch ..."
    heads = list(r.heads.finditer(s.text))
    views = s.around([(s.start + m.start(), s.start + m.end()) for m in heads], before=14, after=16)
    for m, view in zip(heads, views):
        hs, he = s.start + m.start(), s.start + m.end()
        after = [t for t in view.tokens if t.start >= he]
        run = _title_run(after, r)
        name = _name_at_end(run, r)
        before = [t for t in view.tokens if t.end <= hs]
        if name is not None and len(name) == 1 and len(name[0].text.split()) == 2 \
                and (earlier := _name_before(before, r)) and not any(o[2] == earlier[0].start for o in out):
            name = None  # "Ông Name, Hiệu trưởng Trường Đại học Nông Lâm": two syllables end the body
        if name is not None:
            start = pending[0] if pending and s.text[pending[1] - s.start:hs - s.start].strip() == "," else hs
            title = _strip_title(s.text[start - s.start:name[0].start - s.start])
            out.append((" ".join(t.text for t in name), title, name[0].start, name[-1].end))
            pending = None  # a rank is followed by the office: "Đại tá Name, Trưởng Công an huyện"
            last = (len(out) - 1, run[-1].end) if title.lower() in r.ranks else None
            continue
        body_end = run[-1].end if run else he
        name = _name_before(before, r)
        this_title = s.text[hs - s.start:body_end - s.start]
        if name is not None and not any(o[2] == name[0].start for o in out):
            out.append((" ".join(t.text for t in name), _strip_title(this_title), name[0].start, name[-1].end))
            pending, last = None, (len(out) - 1, body_end)
        elif last is not None and s.text[last[1] - s.start:hs - s.start].strip() == ",":
            n, title, a, b = out[last[0]]
            out[last[0]] = (n, _strip_title(f"{title}, {this_title}"), a, b)
            last = (last[0], body_end)
        elif last is not None and _transition(s.text[last[1] - s.start:hs - s.start], r):
            n, _former, a, b = out[last[0]]  # "..., trước đây là X, giữ chức Y": Y is the office now
            out[last[0]] = (n, _strip_title(this_title), a, b)
            last = (last[0], body_end)
        elif (after_name := _name_after([t for t in view.tokens if t.start >= body_end], r)) is not None:
            out.append((" ".join(t.text for t in after_name), _strip_title(this_title),
                        after_name[0].start, after_name[-1].end))
            pending, last = None, (len(out) - 1, body_end)
        else:
            pending, last = (hs, body_end), None
    return out


def find_officials(sentences: list[Sentence]) -> list[EntityDraft]:
    found: dict[str, EntityDraft] = {}
    r = rules()
    for s in sentences:
        for name, title, a, b in sentence_officials(s, r):
            e = found.setdefault(name, EntityDraft(name=name, kind="official", title=title))
            if len(title) > len(e.title or ""):
                e.title = title
    for e in found.values():  # every place the name is written, titled or not
        rx = re.compile(rf"(?<!\w){re.escape(e.name)}(?!\w)")
        for s in sentences:
            e.mentions += [(s.start + m.start(), s.start + m.end(), s.index) for m in rx.finditer(s.text)]
    return [e for e in found.values() if e.mentions]


# ---------------------------------------------------------------- cooperatives and alliances

@cache
def _coop_stops() -> frozenset[str]:
    return lexicon.phrase_stops() | rules().cooperative_name_stops


_CLAUSE_END = re.compile(r"[,.;:()!?]")


def _capital_ahead(text: str, pos: int) -> bool:
    """Is there a capitalised word after ``pos`` before the clause ends? (cheap, no segmenting)"""
    end = _CLAUSE_END.search(text, pos)
    return any(w[:1].isupper() for w in text[pos:end.start() if end else len(text)].split()[:9])


def _split_at_capital(t: Token) -> list[Token]:
    """A word underthesea glued from lower-case words and a name, as two ("cao Hoa Phong"
    -> "cao", "Hoa Phong")."""
    if not t.text[:1].islower():
        return [t]
    m = next((m for m in re.finditer(r"\s(\S)", t.text) if m.group(1).isupper()), None)
    if m is None:
        return [t]
    head = t.text[:m.start()].rstrip()
    return [Token(t.start, t.start + len(head), head), Token(t.start + m.start(1), t.end, t.text[m.start(1):])]


class _NameReader:
    """Reads a cooperative's name from the words after its type word.

    A name is a description of the trade (``Dịch vụ nông nghiệp``; trade words may be joined
    by ``và``, commas and dashes: ``Nông lâm nghiệp, Thương mại và Dịch vụ``), then the proper
    name, a capitalised run (``Đồng Lạc``), optionally followed by the commune it is named
    after (``Nông nghiệp xã Đăk Pét``). A list that shares one type word (``các HTX Long
    Hưng, Phú Hưng``, ``các HTX: A ở xã X; B``) gives one name per item.
    """

    def __init__(self, s: Sentence, tokens: list[Token], r: Rules):
        self.s, self.tokens, self.r = s, [p for t in tokens for p in _split_at_capital(t)], r
        self.stops = _coop_stops()

    def _at(self, rx: re.Pattern, i: int) -> int | None:
        """End (in tokens) of a match of ``rx`` starting at token ``i``, if it ends on a token's end."""
        if i >= len(self.tokens):
            return None
        m = rx.match(self.s.text, self.tokens[i].start - self.s.start)
        if not m:
            return None
        end = self.s.start + m.end()
        for j in range(i, len(self.tokens)):
            if self.tokens[j].end == end:
                return j + 1
            if self.tokens[j].end > end:
                return None
        return None

    def trade(self, i: int) -> int | None:
        return self._at(self.r.trade_words, i)

    def _only_trade(self, i: int, j: int) -> bool:
        """Are tokens i..j trade words only (what a cooperative does, not who it is)? The last
        may run on past j ("HTX Kiểu mới": "mới" was cut as a lower-case tail)."""
        while i < j:
            k = self.trade(i)
            if k is None:
                return False
            i = k
        return True

    def name(self, i: int) -> tuple[int, int] | None:
        """(end, start of the proper name) of a name starting at token ``i``, else None."""
        toks, r = self.tokens, self.r
        j = i
        proper_seen = False
        while j < len(toks) and j - i < 14:
            t = toks[j]
            low = t.text.lower()
            function_word = not _capitalised(t) and (low in self.stops or low in r.name_stops)
            if proper_seen and function_word:
                break  # "HTX Tân Hương sản xuất chè": the name ended
            if (low in r.name_joiners and j > i and not proper_seen and self.trade(j + 1) is not None):
                j += 1  # "Thương mại và Dịch vụ", "Dịch vụ – Nông nghiệp"
                continue
            if (k := self.trade(j)) is not None:
                j = k
                continue
            if (k := self._at(r.name_inner, j)) is not None:
                j = k  # "theo hướng hữu cơ"
                continue
            if low in r.commune_words and j > i and j + 1 < len(toks) and _capitalised(toks[j + 1]) \
                    and not _is_punct(toks[j + 1]):
                j += 2  # "Nông nghiệp xã Đăk Pét": named after its commune
                while j < len(toks) and _capitalised(toks[j]) and not _is_punct(toks[j]):
                    j += 1
                break
            if (_is_punct(t) or re.search(r"\d", t.text) or function_word or r.coop_types.fullmatch(t.text)):
                break
            proper_seen = proper_seen or _capitalised(t)
            j += 1
        while j > i and not _capitalised(toks[j - 1]):
            j -= 1
        if j == i:
            return None
        before_last = 1 if j - i > 1 and _capitalised(toks[j - 2]) else 0
        last = _without_trailing_lowercase(toks[j - 1], before_last)  # "Phìn Hồ chế biến" -> "Phìn Hồ"
        if last is not toks[j - 1]:
            self.tokens = toks = toks[:j - 1] + [last] + toks[j:]
        k = j  # the capitalised run at the end is the proper name
        while k > i and _capitalised(toks[k - 1]):
            k -= 1
        if self._only_trade(k, j):
            return None  # "HTX Sản xuất", "Hợp tác xã Nông lâm nghiệp": no proper name
        return j, k

    def text(self, i: int, j: int) -> str:
        a, b = self.tokens[i].start - self.s.start, self.tokens[j - 1].end - self.s.start
        return re.sub(r"\s+", " ", self.s.text[a:b])

    def next_item(self, j: int) -> int | None:
        """Where the next item of a list starts after an item ending at ``j``, else None."""
        toks, r = self.tokens, self.r
        while j < len(toks) and toks[j].text == "(":  # "Long Hưng (Hải Phú), Thiện Tây"
            close = next((k for k in range(j, len(toks)) if toks[k].text == ")"), None)
            if close is None:
                return None
            j = close + 1
        clause = False
        if j < len(toks) and toks[j].text.lower() in r.item_trailers:  # "... ở xã Việt Hồng; Nông sản ..."
            clause = True
            while j < len(toks) and toks[j].text not in {";", "."}:
                j += 1
        if j >= len(toks) or toks[j].text not in ({";"} if clause else {";", ",", r.list_and}):
            return None
        j += 1
        if j < len(toks) and toks[j].text.lower() == r.list_and:
            j += 1
        if (j < len(toks) and _capitalised(toks[j]) and not _is_punct(toks[j])
                and not r.coop_types.fullmatch(toks[j].text)):
            return j
        return None




def _list_ahead(text: str, pos: int) -> bool:
    """Might a list of names follow ``pos`` (a separator, then a capitalised word)? The words
    of a long list are segmented only then."""
    return any(m.group(1).isupper() for m in rules().list_separator.finditer(text, pos, pos + 200))


def sentence_cooperatives(s: Sentence, r: Rules | None = None,
                          bare_unions: bool = False) -> list[tuple[str, str, int, int]]:
    """(name, kind, start, end) for each named cooperative, union or group in a sentence;
    with ``bare_unions``, "Liên hiệp" alone starts a union's name too."""
    r = r or rules()
    out: list[tuple[str, str, int, int]] = []
    if not r.coop_types.search(s.text) or shouting(s.text):
        return out
    for m in r.coop_types.finditer(s.text):
        before = s.text[:m.start()].rstrip()
        if any(before.endswith(w) for w in r.not_before) or (m.group(0) == r.bare_union and not bare_unions):
            continue
        last_word = before.split(" ")[-1].lower()
        plural = last_word in r.plural_markers or last_word.isdigit()
        colon = re.match(r"\s*:", s.text[m.end():])
        if not _capital_ahead(s.text, m.end() + (colon.end() if colon and plural else 0)):
            continue  # a name needs a capitalised word before the clause ends
        ts, te = s.start + m.start(), s.start + m.end()
        listed = plural and _list_ahead(s.text, m.end())
        view = s.around([(ts, te)], before=1, after=60 if listed else 12)[0]
        reader = _NameReader(s, [t for t in view.tokens if t.start >= te], r)
        out += _named(reader, m.group(0), ts, plural)
    return out


def _named(reader: _NameReader, type_word: str, type_start: int, plural: bool) -> list[tuple[str, str, int, int]]:
    """The names after one type word: one, or each item of a list that shares the type word."""
    r, toks = reader.r, reader.tokens
    kind = r.coop_kinds[type_word]
    i: int | None = 0
    listed = False
    if plural and toks and toks[0].text == ":":
        i, listed = 1, True  # "các HTX: A; B"
    elif plural:
        j = 0
        while j < len(toks) and (after_trade := reader.trade(j)) is not None:
            j = after_trade
        if j < len(toks) and toks[j].text.lower() in r.list_openers:
            i, listed = j + 1, True  # "nhiều HTX nông nghiệp như Phú Hưng, Long Hưng"
    out: list[tuple[str, str, int, int]] = []
    while i is not None and (parsed := reader.name(i)) is not None:
        toks = reader.tokens
        end, k = parsed
        proper = " ".join(t.text for t in toks[k:end])
        generic = all(not _capitalised(t) and reader.trade(n) is not None for n, t in enumerate(toks[i:k], i))
        place = _is_place(proper) and (k == i or plural or generic)
        label = proper in r.product_labels and not _capitalised(toks[i])  # "HTX sản xuất sản phẩm OCOP"
        if not (proper in r.not_names or proper in r.foreign_places or place or label):
            if out or listed:
                out.append((f"{type_word} {reader.text(i, end)}", kind, toks[i].start, toks[end - 1].end))
            else:
                text = reader.s.text[type_start - reader.s.start:toks[end - 1].end - reader.s.start]
                out.append((re.sub(r"\s+", " ", text), kind, type_start, toks[end - 1].end))
        if not (plural or listed):
            break
        i = reader.next_item(end)
    return out


def sentence_alliances(s: Sentence, about: str | None, r: Rules | None = None) -> list[tuple[str, str | None, int, int]]:
    r = r or rules()
    out = []
    for m in r.alliance.finditer(s.text):
        where = (m.group(2) or "").strip()
        if where == r.national_alliance_place:
            province = None
        elif where in r.own_alliance_places:
            province = about
        else:
            province = gazetteer.canonical_province(where)
        name = f"{r.alliance_name} " + (where or "").strip()
        out.append((name.strip(), province, s.start + m.start(), s.start + m.end()))
    return out


def _name_parts(name: str, r: Rules) -> tuple[str, list[str]]:
    """A cooperative name's proper part (its capitalised tail, lower-case) and the words of
    its description: "HTX rau an toàn Vân Nội" -> ("vân nội", ["rau", "an", "toàn"])."""
    m = r.coop_types.match(name)
    words = name[m.end() if m else 0:].split()
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper():
        k -= 1
    if k == len(words):  # no capitalised tail ("HTX Nông nghiệp số"): the whole is the name
        k = 0
    return " ".join(words[k:]).lower(), [w.lower() for w in words[:k]]


def _within(short: list[str], long: list[str]) -> bool:
    """Are the words of ``short`` found in ``long``, in order?"""
    it = iter(long)
    return all(w in it for w in short)


def find_organisations(sentences: list[Sentence], about: str | None) -> list[EntityDraft]:
    """Named cooperatives and alliances. A short form is a mention of a longer name with the
    same proper part whose description holds its own ("HTX Vân Nội" of "Hợp tác xã rau an
    toàn Vân Nội"; but "Liên hiệp HTX thủy sản Mekong" is not "Liên hiệp HTX trái cây Mekong")."""
    found: dict[tuple[str, str], EntityDraft] = {}
    r = rules()
    unions = any(r.coop_kinds[m.group(0)] == "union" and m.group(0) != r.bare_union
                 for s in sentences for m in r.coop_types.finditer(s.text))
    coops = [(name, kind, a, b, s.index) for s in sentences
             for name, kind, a, b in sentence_cooperatives(s, r, bare_unions=unions)]
    # longest first; among names as long, the one the article writes first (a set's order
    # would make the choice change with the hash seed)
    names = sorted(dict.fromkeys((kind, name) for name, kind, *_ in coops), key=lambda kn: -len(kn[1]))
    parts = {n: _name_parts(n, r) for _, n in names}
    ends: dict[int, tuple[str, str]] = {}  # where a cooperative's mention ends -> its key
    for name, kind, a, b, si in coops:
        proper, words = parts[name]
        full = next(n for k, n in names if k == kind and parts[n][0] == proper and _within(words, parts[n][1]))
        found.setdefault((kind, full.lower()), EntityDraft(name=full, kind=kind)).mentions.append((a, b, si))
        ends[b] = (kind, full.lower())
    _add_brands(sentences, found, ends, r)
    for s in sentences:
        for name, province, a, b in sentence_alliances(s, about, r):
            e = found.setdefault(("alliance", f"{name.lower()}|{province}"),
                                 EntityDraft(name=name, kind="alliance", province=province))
            e.mentions.append((a, b, s.index))
    return list(found.values())


def _add_brands(sentences: list[Sentence], found: dict, ends: dict[int, tuple[str, str]], r: Rules) -> None:
    """"Saigon Co.op": in brackets after a cooperative's name, another name of it (there and
    wherever else the article writes it); otherwise a cooperative of its own. Read per
    paragraph, since underthesea may end a sentence at "Co."."""
    hits = []  # (the paragraph's sentences, its text, a match)
    for _, same_paragraph in groupby(sentences, key=lambda s: s.paragraph):
        group = list(same_paragraph)
        text = _joined(group)
        hits += [(group, text, m) for m in r.brand.finditer(text)]
    owner: dict[str, tuple[str, str]] = {}
    for group, text, m in hits:
        bracket = re.search(r"\s*\(\s*$", text[:m.start()])
        if bracket and group[0].start + bracket.start() in ends:
            owner.setdefault(m.group(0), ends[group[0].start + bracket.start()])
    for group, text, m in hits:
        a, b = group[0].start + m.start(), group[0].start + m.end()
        index = max(s.index for s in group if s.start <= a)
        key = owner.get(m.group(0), ("cooperative", m.group(0).lower()))
        found.setdefault(key, EntityDraft(name=m.group(0), kind="cooperative")).mentions.append((a, b, index))


def _joined(sentences: list[Sentence]) -> str:
    """The text of consecutive sentences, spaced as in the article (offsets from the first's start)."""
    out = ""
    for s in sentences:
        out += " " * (s.start - sentences[0].start - len(out)) + s.text
    return out


# ---------------------------------------------------------------- provinces

def named_provinces(sentences: list[Sentence], places: dict[int, list]) -> list[EntityDraft]:
    """Provinces the article names (not districts, not web domains), each once, in order."""
    found: dict[str, EntityDraft] = {}
    for s in sentences:
        for p in places.get(s.index, []):
            if p.kind == "province":
                found.setdefault(p.province, EntityDraft(name=p.province, kind="province")).mentions.append(
                    (p.start, p.end, s.index))
    return list(found.values())


_HEAD_PARAGRAPH_MIN_WORDS = 6
_ROAMING_PROVINCES = 4




def _venue(sentence: str, offset: int) -> bool:
    """Is the place at ``offset`` named as where something happens ("... tại Trung tâm Hội
    nghị Quốc gia (quận Nam Từ Liêm, TP. Hà Nội)")?"""
    return rules().venue.search(sentence[max(0, offset - 70):offset]) is not None


def _national_before(body_lower: str, province: str) -> bool:
    """Does the body give a national figure ("toàn quốc có ...") before it first names ``province``?"""
    first = body_lower.find(province.lower())
    m = rules().national.search(body_lower)
    return m is not None and (first < 0 or m.start() < first)


def about_province(sentences: list[Sentence], places: dict[int, list], whole_text: str,
                   source: str | None = None) -> str | None:
    """The one province the article is about, or None for a national article.

    Named provinces vote: the headline counts most, the lead more than the rest, an
    appended unrelated item not at all; between provinces the headline names together, the
    one of the outlet's provincial domain wins. A province that is only mentioned in passing
    (not in the headline, fewer than three votes) does not make a national article
    provincial, and yields to what the districts and towns named, or a provincial web
    domain in the page (``quangninh.gov.vn``), say about an unnamed "Liên minh HTX tỉnh".
    """
    r = rules()
    votes: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    in_title: dict[str, None] = {}  # in the order named: a tie goes to the first, on every run
    in_head: set[str] = set()
    head_text = body_text = ""
    # the head: the first three paragraphs that say something (not an image or a link line)
    words: Counter[int] = Counter()
    for s in sentences:
        if s.section == "body":
            words[s.paragraph] += len(s.text.split())
    first_paragraphs = sorted(p for p, n in words.items() if n >= _HEAD_PARAGRAPH_MIN_WORDS)[:3]
    for s in sentences:
        if s.section != "body":
            continue
        weight = 4 if s.kind == "title" else 2 if s.paragraph in first_paragraphs and s.kind != "caption" else 1
        body_text += " " + s.text.lower()
        if s.kind == "title" or s.paragraph in first_paragraphs:
            head_text += " " + s.text.lower()
        national_sentence = r.national_event.search(s.text.lower()) is not None
        for p in places.get(s.index, []):
            if p.kind == "province":
                votes[p.province] += weight + (1 if p.prefixed else 0)
                if national_sentence and _venue(s.text, p.start - s.start):
                    continue  # "Đại hội toàn quốc ... tại Hà Nội": where, not what about
                if s.kind == "title":
                    in_title.setdefault(p.province)
                if s.kind == "title" or s.paragraph in first_paragraphs:
                    in_head.add(p.province)
            else:
                districts[p.province] += 1
    if in_title:
        own = _domain_province(whole_text.lower(), source) if len(in_title) > 1 else None
        return own if own in in_title else max(in_title, key=lambda p: votes[p])
    best = votes.most_common(1)[0][0] if votes else None
    national_head = r.national_head.search(head_text) is not None
    national_first = best is not None and best not in in_head and _national_before(body_text, best)
    # an article that names no province up front and then goes round many is national
    roaming = best is not None and best not in in_head and len(votes) >= _ROAMING_PROVINCES
    if best and votes[best] >= 3 and not (national_head and best not in in_head) and not national_first \
            and not roaming:
        return best  # (a national event whose lead names no province is not about one told later,
        # nor is an article that gives the country's figures before it first names the province)
    lower = whole_text.lower()
    national = (r.national_alliance.search(head_text) is not None
                or any(w in body_text for w in r.national_body_words)
                or len(votes) >= 3)
    if national and not r.provincial_alliance.search(head_text):
        return None
    if districts:
        return districts.most_common(1)[0][0]
    return _domain_province(lower, source) or best


def _domain_province(lower_text: str, source: str | None) -> str | None:
    """The province of the first provincial web domain: the source's, else one in the page."""
    for candidate in ([source] if source else []) + [m.group(0) for m in _DOMAIN.finditer(lower_text)]:
        province = gazetteer.province_from_domain(candidate)
        if province:
            return province
    return None
