#!/usr/bin/env python3
"""Consistency checker for a hand-annotated gold set (format: ../shared/gold/FORMAT.md).

    python tests/check_gold.py SETDIR [--show] [--uncovered]     # SETDIR holds gold/ and corpus/
    python tests/check_gold.py tests/heldout2

One tool for every set (it was four copies, one per held-out set, each grown by its
annotators; this is the union of their checks, run on all of them by tests/test_gold_sets.py).
Checks every gold/*.json against its corpus/*.txt:
  * doc name, metadata shape, ISO dates, canonical province names;
  * officials' names and cooperatives' names occur verbatim in the article;
  * every claim quote resolves at its occurrence (same search as score.py);
  * enums (unit, qualifier, modality, change) are valid, values are numbers;
  * value / value_max agree with the number(s) written in the quote
    (Vietnamese conventions: '.' thousands, ',' decimals, number words, scale words);
  * range <-> value_max, counted present and lower-case for counts.
--show prints each claim with its context; --uncovered lists digit groups in the text
that no claim covers (for reviewing the non-claims by eye).
Exit status 1 when any problem is found.
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

PROVINCES = {
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
}
UNITS = {"count", "percent", "VND", "USD", "EUR", "ha", "tấn", "km", "m2", "m3", "kg"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range"}
MODALITIES = {"actual", "target"}
CHANGES = {None, "increase", "decrease"}
CLAIM_KEYS = ["quote", "occurrence", "value", "value_max", "unit", "counted", "qualifier",
              "modality", "change", "province"]

WORDS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
         "bảy": 7, "tám": 8, "chín": 9}
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def words_number(q: str):
    """Leading Vietnamese number words below one thousand ('hai mươi lăm' = 25), else None."""
    group, last, seen = 0, 0, False
    for w in q.lower().split():
        if w in WORDS and not (w == "tư" and not seen):
            group += WORDS[w]
            last = WORDS[w]
        elif w in ("linh", "lẻ") and seen:
            last = 0
        elif w == "mười":
            group += 10
            last = 0
        elif w == "mươi" and seen:
            group += last * 9
            last = 0
        elif w == "trăm" and seen:
            group += last * 99
            last = 0
        else:
            break
        seen = True
    return float(group) if seen else None


def nfc(s: str) -> str:
    """NFC, ``Ð`` (U+00D0) read as ``Đ``, no-break spaces as spaces: how a reader compares words."""
    return unicodedata.normalize("NFC", s).replace("\u00d0", "Đ").replace("\u00a0", " ")


def quote_values(quote: str) -> list[float]:
    """Another reading of a quote: a range ``4 - 5 triệu``, ``1 tỷ 200 triệu``, a number and its scale."""
    q = nfc(quote)
    m = re.match(rf"^({NUM})\s*(?:-|đến)\s*({NUM})\s*(nghìn|ngàn|triệu|tỷ|tỉ)?", q)
    if m:
        sc = SCALES.get(m.group(3) or "", 1)
        return [vn_number(m.group(1)) * sc, vn_number(m.group(2)) * sc]
    m = re.match(rf"^({NUM}) tỷ ({NUM}) triệu", q)
    if m:
        return [vn_number(m.group(1)) * 1e9 + vn_number(m.group(2)) * 1e6]
    m = re.match(rf"^({NUM})\s*(nghìn|ngàn|triệu|tỷ|tỉ)?\b", q)
    if m:
        return [vn_number(m.group(1)) * SCALES.get(m.group(2) or "", 1)]
    return []


def find_span(text: str, quote: str, occ: int):
    pos = -1
    for _ in range(occ):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(quote)


def vn_number(tok: str) -> float:
    return float(tok.replace(".", "").replace(",", "."))


def parse_quote(quote: str):
    """Numbers written in the quote (digits or number words), all scale words applied."""
    q = nfc(quote)
    nums = [vn_number(m) for m in re.findall(NUM, q)]
    if not nums:
        w = words_number(q)
        if w is not None:
            nums = [w]
    scale = 1.0
    for w, f in SCALES.items():
        scale *= f ** len(re.findall(rf"(?<!\w){w}(?!\w)", q))
    return [n * scale for n in nums]


def close(a, b):
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


# Conventions some annotators held their sets to, beyond FORMAT.md; each set is checked
# against those it keeps (tests/test_gold_sets.py), a new set against all of them.
CONVENTIONS = {
    "date-printed": "the published date is printed dd/mm/yyyy in the article",
    "body": "claims lie in the article body (after the headline, before related news and footers)",
    "nbsp": "no claim span holds a no-break space",
    "provinces-named": "the provinces listed are exactly those named in the body",
    "signs": "a percent claim's quote has %, a VND claim's a currency word",
    "order": "claims are listed in the order of the text",
}


def check_doc(gpath: Path, corpus: Path, show: bool = False, uncovered: bool = False,
              conventions: frozenset[str] = frozenset(CONVENTIONS)) -> list[str]:
    errs = []
    gold = json.loads(gpath.read_text(encoding="utf-8"))
    name = gpath.with_suffix(".txt").name
    if gold.get("doc") != name:
        errs.append(f"doc field {gold.get('doc')!r} != {name!r}")
    tpath = corpus / name
    if not tpath.exists():
        return errs + [f"missing corpus file {tpath}"]
    text = tpath.read_text(encoding="utf-8")
    ntext = nfc(text)
    lines = [line.strip() for line in ntext.splitlines()]

    md = gold.get("metadata") or {}
    if set(md) != {"title", "published", "about_province"}:
        errs.append(f"metadata keys {sorted(md)}")
    title = nfc(str(md.get("title")))
    if title not in lines and not any(line.endswith(": " + title) for line in lines):
        errs.append(f"title is not a line of the article: {md.get('title')!r}")
    pub = md.get("published")
    if pub is not None:
        try:
            d = datetime.date.fromisoformat(pub)
            if "date-printed" in conventions and f"{d.day:02d}/{d.month:02d}/{d.year}" not in text:
                errs.append(f"published {pub} not printed as dd/mm/yyyy in the article")
        except ValueError:
            errs.append(f"published not ISO: {pub!r}")
    ap = md.get("about_province")
    if ap is not None and ap not in PROVINCES:
        errs.append(f"about_province not canonical: {ap!r}")

    provs = gold.get("provinces", [])
    if len(set(provs)) != len(provs):
        errs.append("duplicate provinces")
    for p in provs:
        if p not in PROVINCES:
            errs.append(f"province not canonical: {p!r}")

    names = [o.get("name") for o in gold.get("officials", [])]
    if len(set(names)) != len(names):
        errs.append("duplicate officials")
    for o in gold.get("officials", []):
        if not o.get("name") or not o.get("title"):
            errs.append(f"official without name/title: {o}")
        elif nfc(o["name"]) not in ntext:
            errs.append(f"official name not in text: {o['name']!r}")

    coops = gold.get("cooperatives", [])
    if len(set(coops)) != len(coops):
        errs.append("duplicate cooperatives")
    for c in coops:
        if nfc(c) not in ntext:
            errs.append(f"cooperative not in text: {c!r}")
        if not re.match(r"(HTX|Hợp tác xã|Liên hiệp|Tổ hợp tác|THT)\b", nfc(c), re.I):
            errs.append(f"cooperative without type word: {c!r}")

    spans = []
    for i, c in enumerate(gold.get("claims", [])):
        tag = f"claim {i} {c.get('quote')!r}"
        if list(c) != CLAIM_KEYS:
            errs.append(f"{tag}: keys {list(c)}")
        occ = c.get("occurrence")
        if not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
            errs.append(f"{tag}: bad occurrence {occ!r}")
            continue
        span = find_span(text, c.get("quote") or "", occ)
        if span is None:
            errs.append(f"{tag}: does not resolve at occurrence {occ}")
            continue
        spans.append(span)
        for k in ("value", "value_max"):
            v = c.get(k)
            if k == "value" or v is not None:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    errs.append(f"{tag}: {k} not a number: {v!r}")
        if c.get("unit") not in UNITS:
            errs.append(f"{tag}: unit {c.get('unit')!r}")
        if c.get("qualifier") not in QUALIFIERS:
            errs.append(f"{tag}: qualifier {c.get('qualifier')!r}")
        if c.get("modality") not in MODALITIES:
            errs.append(f"{tag}: modality {c.get('modality')!r}")
        if c.get("change") not in CHANGES:
            errs.append(f"{tag}: change {c.get('change')!r}")
        pv = c.get("province")
        if pv is not None and pv not in PROVINCES:
            errs.append(f"{tag}: province not canonical {pv!r}")
        if pv is not None and pv not in provs and pv != ap:
            errs.append(f"{tag}: province {pv!r} is neither listed nor the article's province")
        if (c.get("qualifier") == "range") != (c.get("value_max") is not None):
            errs.append(f"{tag}: range qualifier and value_max disagree")
        if c.get("value_max") is not None and not c["value_max"] > c.get("value", 0):
            errs.append(f"{tag}: value_max not above value")
        if c.get("unit") == "count":
            cn = c.get("counted")
            if not cn or cn != cn.lower() or re.search(r"\b(htx|tht|qtdnd)\b", cn):
                errs.append(f"{tag}: counted must be lower-case, abbreviations written out: {cn!r}")
        want = [c.get("value")] + ([c["value_max"]] if c.get("value_max") is not None else [])
        readings = [parse_quote(c.get("quote", "")), quote_values(c.get("quote", ""))]
        if not any(len(nums) == len(want) and all(close(a, b) for a, b in zip(nums, want)) for nums in readings):
            errs.append(f"{tag}: value(s) {want} but quote reads {readings[0]}")
        quote = nfc(c["quote"])
        if "signs" in conventions and c.get("unit") == "percent" and not ("%" in quote or "phần trăm" in quote):
            errs.append(f"{tag}: percent without %")
        if "signs" in conventions and c.get("unit") in ("VND",) and not re.search(r"đồng|VNĐ|VND|đ\b", quote):
            errs.append(f"{tag}: VND without currency word")
        if show:
            s, e = span
            ctx = text[max(0, s - 40):s] + "[[" + text[s:e] + "]]" + text[e:e + 25]
            print(f"  {name} #{i}: {ctx!r} -> {c['value']} {c['unit']} {c['qualifier']} "
                  f"{c['modality']} {c['change']} {c['province']}")
    # claims must lie in the article body: after the headline line, before related news / footer
    tline = next((ln for ln in text.splitlines() if ln.strip() == md.get("title")
                  or ln.strip().endswith(": " + str(md.get("title")))), None)
    body_start = text.find(tline) + len(tline) if tline else 0
    m = re.search(r"^(Tin liên quan|-{5,}|Về đầu trang|©|CỤC THỐNG KÊ)", text, re.M)
    body_end = m.start() if m else len(text)
    for s, e in spans:
        if "body" in conventions and (s < body_start or e > body_end):
            errs.append(f"claim span {text[s:e]!r} at {s} lies outside the article body")
        if "nbsp" in conventions and "\u00a0" in text[s:e]:
            errs.append(f"claim span {text[s:e]!r} contains NBSP")
    if "order" in conventions and spans != sorted(spans):
        errs.append("claims are not in text order")
    # every province named in the body is listed, every listed one is named
    body = nfc(text[:body_end])
    for pv in PROVINCES if "provinces-named" in conventions else ():
        named = re.search(rf"(?<!\w){re.escape(pv)}(?!\w)", body)
        if named and pv not in provs:
            errs.append(f"province {pv!r} named in the body but not listed")
        if pv in provs and not named:
            errs.append(f"province {pv!r} listed but not named in the body")
    spans.sort()
    for (a, b), (c2, d) in zip(spans, spans[1:]):
        if c2 < b:
            errs.append(f"overlapping claim spans at {a}-{b} and {c2}-{d}")
    if uncovered:
        for m in re.finditer(r"\d[\d.,/:]*\d|\d", text):
            if not any(s <= m.start() < e for s, e in spans):
                ctx = text[max(0, m.start() - 25):m.end() + 20].replace("\n", " | ")
                print(f"  {name} uncovered: {ctx!r}")
    return errs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("setdir", type=Path, metavar="SETDIR", help="a folder holding gold/ and corpus/")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--uncovered", action="store_true")
    ap.add_argument("--conventions", default="all", metavar="all|none|NAME,...",
                    help="the conventions beyond FORMAT.md to hold the set to: " + ", ".join(CONVENTIONS))
    args = ap.parse_args(argv)
    chosen = {"all": set(CONVENTIONS), "none": set()}.get(args.conventions)
    if chosen is None:
        chosen = {c.strip() for c in args.conventions.split(",") if c.strip()}
        if chosen - set(CONVENTIONS):
            ap.error(f"unknown conventions {sorted(chosen - set(CONVENTIONS))}; choose from {', '.join(CONVENTIONS)}")
    gold, corpus = args.setdir / "gold", args.setdir / "corpus"
    golds = sorted(gold.glob("*.json"))
    txts = {p.name for p in corpus.glob("*.txt")}
    bad = 0
    if {g.with_suffix(".txt").name for g in golds} != txts:
        print("corpus and gold file names differ")
        bad += 1
    n_claims = 0
    for g in golds:
        errs = check_doc(g, corpus, args.show, args.uncovered, frozenset(chosen))
        n_claims += len(json.loads(g.read_text(encoding="utf-8")).get("claims", []))
        for e in errs:
            print(f"{g.name}: {e}")
        bad += len(errs)
    print(f"{len(golds)} documents, {n_claims} claims, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
