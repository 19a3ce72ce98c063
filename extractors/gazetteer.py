"""Gazetteer of Vietnamese provinces and districts: find them in text, name them canonically.

Pure module: no network, nothing loaded at import time. The official lists come from the
data shipped with underthesea (``underthesea/address/data/mapping.json``: the 63 provinces
before the 2025 merger, the 34 after it, and the ~10,600 communes with their former
district); ``data/provinces.yaml`` adds what that data lacks (other spellings, outlets'
domains, context words). Both are read once, on first use, into compact indexes.

Canonical province name: the name without its administrative prefix, as the unit was
named before the 2025 merger (``Hà Nội``, ``Hồ Chí Minh``, ``Thừa Thiên Huế``,
``Bà Rịa - Vũng Tàu``), spelled as the shipped data spells it (``Hòa Bình``, ``Thanh Hóa``).

Spelling variants are made equal by :func:`fold`, which keeps the length of the text (so
offsets found in folded text are offsets in the original): ``Ð`` -> ``Đ`` and the tone mark
placement ``òa/oà``, ``óe/oé``, ``úy/uý`` ... -> the mark on the second vowel.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .lexicon import load

__all__ = ["Place", "find_places", "canonical_province", "province_from_domain", "provinces",
           "post_merger_province", "fold"]



@dataclass(frozen=True)
class Place:
    start: int          # span of the name in the text (the prefix is not included)
    end: int
    surface: str        # text[start:end]
    kind: str           # "province" | "district"
    province: str       # canonical province name
    prefixed: bool      # an administrative prefix ("tỉnh", "TP", "huyện" ...) stood before it


# --------------------------------------------------------------------------- folding

_CHAR_PAIRS = (("\u00d0", "Đ"), ("\u00f0", "đ"), ("\u0189", "Đ"), ("\u2019", "'"), ("\u02bc", "'"))


def _tone_table() -> dict[str, str]:
    marks = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in marks:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    old = unicodedata.normalize("NFC", f + mark) + s
                    new = f + unicodedata.normalize("NFC", s + mark)
                    table[old] = new
    return table


_TONES = _tone_table()
_TONE_RE = re.compile("|".join(map(re.escape, _TONES)))


def fold(text: str) -> str:
    """Spelling-variant folding that keeps the text's length (NFC input assumed).

    ``Ð``/``ð`` -> ``Đ``/``đ``, ``’`` -> ``'``, and the tone mark of ``oa``, ``oe``, ``uy``
    moved onto the second vowel (``Hòa`` -> ``Hoà``, ``Thủy`` -> ``Thuỷ``), so old and new
    placements compare equal.
    """
    for a, b in _CHAR_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return _TONE_RE.sub(lambda m: _TONES[m.group()], text)


_DASH_RE = re.compile(r"\s*[-\u2010-\u2015]\s*")
_SPACE_RE = re.compile(r"\s+")


def _key(name: str) -> str:
    """A name's lookup key: NFC, folded, one space between words, dashes without spaces."""
    name = fold(unicodedata.normalize("NFC", name))
    name = _DASH_RE.sub("-", name)
    return _SPACE_RE.sub(" ", name).strip()


def _ascii(name: str) -> str:
    """Accent-free, lower-case letters and digits only: ``Bà Rịa - Vũng Tàu`` -> ``bariavungtau``."""
    s = unicodedata.normalize("NFD", fold(name))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("Đ", "d").replace("đ", "d").lower()
    return re.sub(r"[^a-z0-9]", "", s)


# --------------------------------------------------------------------------- data



def _mapping_path() -> Path:
    spec = importlib.util.find_spec("underthesea")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("underthesea is not installed: the gazetteer needs its address data")
    for loc in spec.submodule_search_locations:
        path = Path(loc) / "address" / "data" / "mapping.json"
        if path.is_file():
            return path
    raise RuntimeError("underthesea/address/data/mapping.json not found")


@functools.cache
def _yaml() -> dict:
    return load("provinces")


class _District(NamedTuple):
    province: str
    dtype: str          # tp | thixa | huyen | quan


class _Data(NamedTuple):
    provinces: tuple[str, ...]                  # 63 canonical names, in code order
    new_name: dict[str, str]                    # canonical -> post-2025 province name
    data_names: dict[str, list[str]]            # canonical -> names the data uses for it
    districts: dict[str, tuple[_District, ...]]  # district name key -> its units
    ward_clash: frozenset[str]                  # district keys that are also a commune elsewhere
    central: frozenset[str]                     # centrally-run cities ("Thành phố Hà Nội")


@functools.cache
def _data() -> _Data:
    raw = json.loads(_mapping_path().read_text(encoding="utf-8"))
    y = _yaml()
    overrides = y.get("canonical_overrides") or {}
    prefix_types: dict[str, str] = y["district_prefixes"]
    district_prefix = re.compile(r"^(" + "|".join(map(re.escape, prefix_types)) + r")\s+", re.IGNORECASE)
    ward_prefix = re.compile(r"^(" + "|".join(map(re.escape, y["ward_prefixes"])) + r")\s+", re.IGNORECASE)
    canon_by_key, names, data_names, central = {}, [], {}, set()
    for key, info in raw["old_province_names"].items():
        canon = overrides.get(info["short"], info["short"])
        canon_by_key[key] = canon
        names.append(canon)
        if info["name"].lower().startswith(y["central_city_prefix"]):
            central.add(canon)
        data_names[canon] = [info["short"], info["name"], key]
    new_name = {canon_by_key[old]: raw["province_names"][new]["short"]
                for old, new in raw["province_mapping"].items()}
    for key, info in raw["province_names"].items():      # post-2025 names resolve too
        if key in canon_by_key:
            data_names[canon_by_key[key]] += [info["short"], info["name"]]

    districts: dict[str, set[_District]] = {}
    wards: dict[str, set[str]] = {}
    seen = set()
    for row in raw["ward_mapping"]:
        canon = canon_by_key[row["old_province_key"]]
        ward = ward_prefix.sub("", row["old_ward"])
        wards.setdefault(_key(ward), set()).add(canon)
        if (row["old_province_key"], row["old_district"]) in seen:
            continue
        seen.add((row["old_province_key"], row["old_district"]))
        m = district_prefix.match(row["old_district"])
        if not m:
            continue
        dtype = prefix_types[m.group(1).lower()]
        districts.setdefault(_key(row["old_district"][m.end():]), set()).add(_District(canon, dtype))
    for name, (prov, dtype) in (y.get("extra_districts") or {}).items():
        districts.setdefault(_key(str(name)), set()).add(_District(prov, prefix_types[dtype]))
    clash = frozenset(k for k, units in districts.items()
                      if wards.get(k, set()) - {u.province for u in units})
    return _Data(tuple(names), new_name, data_names,
                 {k: tuple(sorted(v)) for k, v in districts.items()}, clash, frozenset(central))


_COMMON_LISTS = ("Viet11K.txt", "Viet22K.txt")
_ALL_LISTS = _COMMON_LISTS + ("Viet39K.txt", "Viet74K.txt")


def _lexicon_hits(candidates: set[str], lists: tuple[str, ...] = _ALL_LISTS) -> set[str]:
    """Those of ``candidates`` (lower-case keys) that are words in underthesea's word lists."""
    hits: set[str] = set()
    try:
        base = _mapping_path().parent.parent.parent / "corpus" / "data"
        for name in lists:
            path = base / name
            if not path.is_file():
                continue
            words = fold(unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))).splitlines()
            hits.update(w for w in map(str.strip, words) if w in candidates and w == w.lower())
    except OSError:
        pass
    return hits


# --------------------------------------------------------------------------- index

class _Entry(NamedTuple):
    province: str | None      # canonical province this name is
    mode: str | None          # "bare" | "prefixed" | "block" (for province names)
    districts: tuple[_District, ...]


def _atom(ch: str) -> str:
    if ch == " ":
        return r"[^\S\n]+"
    if ch == "-":
        return r"[^\S\n]*[-\u2010-\u2015][^\S\n]*"
    if ch == "'":
        return "['\u2019]"
    return re.escape(ch)


def trie_regex(keys) -> str:
    """One pattern matching any of ``keys`` (the longest that fits), built as a trie: far faster
    than an alternation of hundreds of words. A space matches any run of spaces."""
    trie: dict = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [_atom(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


_PREFIX = (r"(?P<pre>(?i:tỉnh|thành[^\S\n]+phố|huyện|quận|thị[^\S\n]+xã)[^\S\n]+"
           r"|(?i:tp|t\.p)(?:\.[^\S\n]*|[^\S\n]+|(?=HCM))"
           r"|TX\.?[^\S\n]*|[QH]\.[^\S\n]*)")


class _Index(NamedTuple):
    regex: re.Pattern
    entries: dict[str, _Entry]
    lookup: dict[str, str]                 # lower-case key -> canonical
    lookup_ascii: dict[str, set[str]]      # accent-free key -> canonicals
    variants: dict[str, tuple[str, ...]]   # canonical -> folded text variants (for context)
    bare_district_bad: frozenset[str]      # district keys never matched bare
    not_after: frozenset[str]
    not_after_exc: frozenset[str]
    person_exact: frozenset[str]
    person_lower: frozenset[str]
    district_context: frozenset[str]
    domain_keys: dict[str, str]            # accent-free label -> canonical
    district_domains: dict[str, str]       # accent-free district name (one province's only) -> canonical
    domain_prefixes: tuple[str, ...]
    domain_suffixes: tuple[str, ...]


@functools.cache
def _index() -> _Index:
    y, d = _yaml(), _data()
    aliases = y.get("aliases") or {}
    prov_entries: dict[str, tuple[str | None, str]] = {}
    lookup: dict[str, str] = {}
    variants: dict[str, list[str]] = {}

    def add_lookup(name: str, canon: str) -> None:
        lookup.setdefault(_key(name).lower(), canon)

    text_names: dict[str, list[tuple[str, str]]] = {}
    for canon in d.provinces:
        a = aliases.get(canon) or {}
        prefixed = [str(n) for n in a.get("prefixed") or []]
        text = [str(n) for n in a.get("text") or []]
        if _key(canon) not in {_key(n) for n in prefixed}:
            text.insert(0, canon)
        text_names[canon] = [(n, "bare") for n in text] + [(n, "prefixed") for n in prefixed]
        for n in text + prefixed + [str(x) for x in a.get("lookup") or []] + d.data_names[canon]:
            add_lookup(n, canon)
        add_lookup(canon, canon)

    # a province's name is written in capitals too ("TỈNH THÁI NGUYÊN"), unless in lower case
    # it is an everyday word ("HOÀ BÌNH" is peace)
    everyday = _lexicon_hits({_key(n).lower() for names in text_names.values() for n, _ in names},
                             _COMMON_LISTS)
    common = _lexicon_hits({k.lower() for k in d.districts})
    for canon, names in text_names.items():
        for name, mode in names:
            k = _key(name)
            prov_entries.setdefault(k, (canon, mode))
            variants.setdefault(canon, []).append(k)
            if k.upper() != k and k.lower() not in everyday:
                prov_entries.setdefault(k.upper(), (canon, mode))
                variants[canon].append(k.upper())
    for name in y.get("not_provinces") or []:
        k = _key(str(name))
        prov_entries.setdefault(k, (None, "block"))
        prov_entries.setdefault(k.upper(), (None, "block"))

    entries: dict[str, _Entry] = {}
    for k, (province, mode) in prov_entries.items():
        entries[k] = _Entry(province, mode, d.districts.get(k, ()))
    for k, units in d.districts.items():
        if k not in entries:
            entries[k] = _Entry(None, None, units)

    names_for_regex = [k for k in entries if not k.isdigit()]
    regex = re.compile(
        rf"(?<!\w){_PREFIX}?(?P<name>{trie_regex(names_for_regex)}|(?(pre)\d{{1,2}}(?!\d)|(?!)))(?!\w)")

    ok = {_key(n) for n in y.get("district_bare_ok") or []}
    bad = {_key(n) for n in y.get("district_prefix_only") or []}
    bad |= {k for k in d.districts if k.lower() in common and k not in ok}

    lookup_ascii: dict[str, set[str]] = {}
    for k, canon in lookup.items():
        lookup_ascii.setdefault(_ascii(k), set()).add(canon)
    domain_keys: dict[str, str] = {}
    for canon in d.provinces:
        for name in [n for n, _ in text_names[canon]] + d.data_names[canon]:
            a = _ascii(name)
            for pre in ("thanhpho", "tinh"):
                if a.startswith(pre) and len(a) > len(pre) + 2:
                    a = a[len(pre):]
            if len(a) >= 3:
                domain_keys.setdefault(a, canon)
    for label, canon in (y.get("domain_outlets") or {}).items():
        domain_keys[str(label).lower()] = canon
    by_ascii: dict[str, set[str]] = {}
    for k, units in d.districts.items():
        by_ascii.setdefault(_ascii(k), set()).update(u.province for u in units)
    district_domains = {a: next(iter(p)) for a, p in by_ascii.items() if len(p) == 1 and len(a) >= 6}

    def words(key):
        return frozenset(_key(str(w)) for w in y.get(key) or [])

    person = words("person_before")
    return _Index(
        regex=regex, entries=entries, lookup=lookup, lookup_ascii=lookup_ascii,
        variants={c: tuple(sorted(set(v), key=len, reverse=True)) for c, v in variants.items()},
        bare_district_bad=frozenset(bad),
        not_after=frozenset(w.lower() for w in words("not_after")),
        not_after_exc=frozenset(w.lower() for w in words("not_after_exceptions")),
        person_exact=frozenset(w for w in person if w != w.lower()),
        person_lower=frozenset(w for w in person if w == w.lower()),
        district_context=frozenset(w.lower() for w in words("district_context_before")),
        domain_keys=domain_keys, district_domains=district_domains,
        domain_prefixes=tuple(sorted((str(p) for p in y.get("domain_prefixes") or []), key=len, reverse=True)),
        domain_suffixes=tuple(sorted((str(p) for p in y.get("domain_suffixes") or []), key=len, reverse=True)),
    )


# --------------------------------------------------------------------------- context

# matched on the reversed text before a name: up to 3 words joined by spaces only
_WORDS_BEFORE_REV = re.compile(r"[^\S\n]+((?:[\w/&]+[^\S\n]+){0,2}[\w/&]+)")
_CAPITALISED_NEXT = re.compile(r"[^\S\n]+(\w)")
_AFTER_SEP = re.compile(r"[^\S\n]*[,\-\u2010-\u2015(][^\S\n]*(?:(?i:tỉnh|thành[^\S\n]+phố|tp)\.?[^\S\n]*)?")


def _last_words(before: str) -> list[str]:
    m = _WORDS_BEFORE_REV.match(before[::-1])
    return m.group(1)[::-1].split() if m else []


def _tails(words: list[str]):
    """The last 1, 2, 3 words as phrases, shortest first."""
    for n in range(1, min(3, len(words)) + 1):
        yield " ".join(words[-n:])


_COMMUNE_ABBR_BEFORE = re.compile(r"(?<!\w)(?:P|X|TT|Tt)\.[^\S\n]*$")   # "P.Hòa Bình": phường
# "số 29 Huế", "174 Huế": a house number makes the name a street (a year does not: "năm 2023 Hà Nội")
_HOUSE_NUMBER_BEFORE = re.compile(r"(?<![\w.,/-])(?!(?:19|20)\d\d\b)\d{1,4}[A-Z]?[^\S\n]+$")


def _blocked_before(before: str, ix: _Index) -> bool:
    """Does the text right before a bare name make it a commune, street, river or person?"""
    if _COMMUNE_ABBR_BEFORE.search(before[-6:]) or _HOUSE_NUMBER_BEFORE.search(before[-16:]):
        return True
    words = _last_words(before)
    if not words:
        return False
    if words[-1] in ix.person_exact:
        return True
    tails = [t.lower() for t in _tails(words)]
    if any(t in ix.person_lower for t in tails):
        return True
    if any(t in ix.not_after_exc for t in tails):
        return False
    return any(t in ix.not_after for t in tails)


_TITLE_BEFORE_REV = re.compile(r"[^\S\n]+([^\W\d_]+)")


def _titlecase_before(before: str) -> bool:
    """Is the word right before a Title-case word inside a sentence (part of a longer name)?"""
    rev = before[::-1]
    m = _TITLE_BEFORE_REV.match(rev)
    if not m:
        return False
    word = m.group(1)[::-1]
    if not (word[0].isupper() and word[1:].islower()):
        return False
    head = rev[m.end():].lstrip(" \t")
    return bool(head) and head[0] not in ".!?:\n\"“'(-–—"


def _district_context(before: str, ix: _Index) -> bool:
    return any(t.lower() in ix.district_context for t in _tails(_last_words(before)))


def _ptype(pre: str | None) -> str | None:
    if not pre:
        return None
    p = pre.strip().lower()
    if p.startswith("tỉnh"):
        return "tinh"
    if p.startswith(("thành", "tp", "t.p")):
        return "tp"
    if p.startswith(("huyện", "h.")):
        return "huyen"
    if p.startswith(("quận", "q.")):
        return "quan"
    return "thixa"


def _followed_by_province(after: str, province: str, ix: _Index) -> bool:
    m = _AFTER_SEP.match(after)
    if not m or m.end() == 0:
        return False
    rest = after[m.end():]
    for v in ix.variants.get(province, ()):
        if rest.startswith(v) and not rest[len(v):len(v) + 1].isalnum():
            return True
    return False


def _match_key(name: str) -> str:
    """``_key`` of a name matched in folded text (already folded: only spaces and dashes)."""
    if any(c in name for c in "-\u2010\u2011\u2012\u2013\u2014\u2015"):
        name = _DASH_RE.sub("-", name)
    return " ".join(name.split())


# --------------------------------------------------------------------------- API

def find_places(text: str) -> list[Place]:
    """All province and district mentions in ``text`` (NFC), non-overlapping, in order.

    Provinces are found by name (case-sensitive, on word boundaries), with or without a
    prefix; a city or district that has its province's name (``TP Thái Nguyên``, ``huyện
    Điện Biên``) is a district of that province, unless it is a centrally-run city (``TP Hà Nội``).
    Districts are found after a prefix (``huyện Phú Bình``, ``TX Chí Linh``, ``quận 1``), or
    bare when the name is unambiguous, not a common word, not a person's or street's name
    by its context, and, when a commune elsewhere has the same name, stands in a clear
    context (``(Chí Linh)``, ``Chí Linh, Hải Dương``, ``Huyện ủy Chí Linh``).
    """
    if not text:
        return []
    ix = _index()
    folded = fold(text)
    places: list[Place] = []
    pending: list[tuple[int, int, set[str], set[str], bool]] = []

    def district(s: int, e: int, units, prefixed: bool, ptype: str | None = None) -> None:
        provs = {u.province for u in units}
        if len(provs) == 1:
            places.append(Place(s, e, text[s:e], "district", provs.pop(), prefixed))
        elif provs:
            # settled below: by a province the text names, else by the prefix's type
            # (types change over time: "huyện" Phong Điền became a "thị xã" in 2024)
            pending.append((s, e, provs, {u.province for u in units if u.dtype == ptype}, prefixed))

    for m in ix.regex.finditer(folded):
        s, e = m.span("name")
        name = m.group("name")
        ptype = _ptype(m.group("pre"))
        key = _match_key(name)
        entry = ix.entries.get(key)
        if entry is None or entry.mode == "block":
            continue
        before = folded[max(0, m.start() - 40):m.start()]

        if entry.province is not None:
            if ptype in ("huyen", "quan", "thixa"):
                others = [u for u in entry.districts if u.province != entry.province]
                if others:
                    district(s, e, others, True, ptype)
                    continue
            if ptype in ("huyen", "quan", "thixa") or (ptype == "tp" and entry.province not in _data().central):
                # "TP Hải Dương", "huyện Điện Biên": the city or district of that name, not the province
                places.append(Place(s, e, text[s:e], "district", entry.province, True))
                continue
            if ptype is None:
                if entry.mode == "prefixed" or _blocked_before(before, ix):
                    continue
            places.append(Place(s, e, text[s:e], "province", entry.province, ptype is not None))
            continue

        units = entry.districts
        if ptype in ("tp", "huyen", "quan", "thixa"):
            if name.isdigit() and ptype != "quan":
                continue
            district(s, e, units, True, ptype)
            continue

        # a bare district name (or one after "tỉnh", which is not its prefix)
        if name.isdigit() or key in ix.bare_district_bad:
            continue
        provs = {u.province for u in units}
        if len(provs) != 1:
            continue
        province = next(iter(provs))
        strong = _district_context(before, ix)
        if not strong and _blocked_before(before, ix):
            continue
        nxt = _CAPITALISED_NEXT.match(folded, e)
        if nxt and nxt.group(1).isupper():
            continue                      # part of a longer proper name
        if not strong and _titlecase_before(before):
            continue                      # "HTX Nông Nghiệp Phú Bình": a name's last words
        if key in _data().ward_clash and not (
                strong or before.rstrip().endswith("(")
                or _followed_by_province(folded[e:e + 60], province, ix)):
            continue
        places.append(Place(s, e, text[s:e], "district", province, False))

    if pending:
        known = {p.province for p in places}
        for s, e, provs, typed, prefixed in pending:
            hits = provs & known
            if len(hits) != 1:
                hits = typed
            if len(hits) == 1:
                places.append(Place(s, e, text[s:e], "district", hits.pop(), prefixed))
        places.sort(key=lambda p: p.start)
    return places


_CANON_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp|t\.p)(?:\.\s*|\s+|(?=hcm))")


def canonical_province(name: str | None) -> str | None:
    """Any spelling of a province -> its canonical name; ``None`` when it names none.

    Accepts the name with or without a prefix (``tỉnh``, ``thành phố``, ``TP``, ``TP.``),
    either tone mark placement, ``Ð`` for ``Đ``, abbreviations (``TP.HCM``, ``BR-VT``),
    post-2025 names (``Huế`` -> ``Thừa Thiên Huế``), and, when only one province fits,
    spellings without accents (``ha noi``, ``Dak Lak``).
    """
    if not name or not isinstance(name, str):
        return None
    ix = _index()
    low = _key(name).strip(" .,;:()[]\"'").lower()
    if not low:
        return None
    cands = [low]
    m = _CANON_PREFIX.match(low)
    if m and m.end() < len(low):
        cands.append(low[m.end():].strip())
    for c in cands:
        if c in ix.lookup:
            return ix.lookup[c]
    for c in cands:
        hits = ix.lookup_ascii.get(_ascii(c))
        if hits and len(hits) == 1:
            return next(iter(hits))
    return None


_HOST_RE = re.compile(r"(?<![\w.@-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\w-])")
_GENERIC_LABELS = frozenset({"www", "vn", "com", "net", "org", "gov", "edu", "info", "biz", "int",
                             "ac", "health", "name", "pro", "m", "en", "amp", "mobile"})


def _province_from_label(label: str, ix: _Index) -> str | None:
    if label in ix.domain_keys:
        return ix.domain_keys[label]
    plain = label.replace("-", "")
    if plain in ix.domain_keys:
        return ix.domain_keys[plain]
    for pre in ("",) + ix.domain_prefixes:
        if not plain.startswith(pre):
            continue
        rest = plain[len(pre):]
        if pre and rest in ix.domain_keys:
            return ix.domain_keys[rest]
        for suf in ix.domain_suffixes:
            if rest.endswith(suf) and rest[:-len(suf)] in ix.domain_keys:
                return ix.domain_keys[rest[:-len(suf)]]
    return None


def province_from_domain(text: str | None) -> str | None:
    """The province a site's domain names: ``baohaiduong.vn`` -> ``Hải Dương``; a district's
    government portal names its province (``bachthong.gov.vn`` -> ``Bắc Kạn``).

    ``text`` is a domain, a URL or a line holding one; only host names are read, never
    URL paths (``nhandan.com.vn/.../thai-nguyen-...`` names no province).
    """
    if not text:
        return None
    ix = _index()
    low = text.lower()
    for m in _HOST_RE.finditer(low):
        i = m.start()
        if i > 0 and low[i - 1] == "/" and not low[max(0, i - 2):i] == "//":
            continue                      # a path segment such as "/a.html"
        labels = m.group(1).split(".")
        government = m.group(1).endswith(".gov.vn")
        while labels and labels[-1] in _GENERIC_LABELS:
            labels.pop()
        for label in reversed([lb for lb in labels if lb not in _GENERIC_LABELS]):
            found = _province_from_label(label, ix)
            if found:
                return found
        own = [lb for lb in labels if lb not in _GENERIC_LABELS]
        if government and len(own) == 1 and own[0].replace("-", "") in ix.district_domains:
            return ix.district_domains[own[0].replace("-", "")]  # a district's portal: "bachthong.gov.vn"
    return None


def provinces() -> list[str]:
    """The 63 canonical province names (before the 2025 merger), in official code order."""
    return list(_data().provinces)


def post_merger_province(name: str | None) -> str | None:
    """A pre-2025 province (any spelling) -> the post-2025 province it became part of.

    ``Hải Dương`` -> ``Hải Phòng``; ``Thừa Thiên Huế`` -> ``Huế`` (the post-2025 name, which
    :func:`canonical_province` maps back to ``Thừa Thiên Huế``).
    """
    canon = canonical_province(name)
    return _data().new_name.get(canon) if canon else None


def is_place_name(name: str) -> bool:
    """Is ``name``, as it stands, the name of a province or of a district-level unit
    ("Bảo Lâm", "Phong Điền")? A headline's "Bảo Lâm: ..." names a place, not a rubric."""
    key = _key(name.strip())
    return key in _data().districts or canonical_province(name) is not None
