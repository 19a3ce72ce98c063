#!/usr/bin/env python3
"""Sanity checks for the held-out gold annotations (see /work/shared/gold/FORMAT.md).

    python check_gold.py [--gold DIR] [--corpus DIR] [--uncovered]

Checks, for every gold/*.json:
  - the JSON has the expected keys and `doc` names an existing corpus file;
  - metadata.title is the first non-empty line, or the line after a rubric line ending in ':';
  - metadata.published is null or YYYY-MM-DD; about_province and claim provinces are canonical;
  - every claim quote resolves at its occurrence (same search as score.py), claims are in
    text order and no two claims share a span;
  - value / value_max are JSON numbers, range claims have value_max > value, others null;
  - enum fields (unit, qualifier, modality, change) hold allowed values;
  - `counted` is lower-case and has no HTX/THT abbreviation;
  - the number written in the quote agrees with `value` (Vietnamese conventions).
With --uncovered, lists every number in the text that no claim covers (to review by eye).
Exit status 1 when any check fails.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROVINCES = {
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh",
    "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
}
UNITS_OTHER = {"count", "percent", "VND", "USD", "EUR", "ha", "tấn", "km", "m2", "m3", "kg"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range"}
MODALITIES = {"actual", "target"}
CHANGES = {None, "increase", "decrease"}
CLAIM_KEYS = {"quote", "occurrence", "value", "value_max", "unit", "counted", "qualifier",
              "modality", "change", "province"}

WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
         "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "mười lăm": 15}
SCALE = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def find_span(text: str, quote: str, occ: int):
    pos = -1
    for _ in range(occ):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(quote)


def parse_num(tok: str) -> float:
    return float(tok.replace(".", "").replace(",", "."))


def quote_values(quote: str):
    """Best-effort reading of the (first, second) numbers written in a quote."""
    q = quote.replace("\u00a0", " ")
    m = re.match(rf"^({NUM})\s*(?:-|đến)\s*({NUM})\s*(nghìn|ngàn|triệu|tỷ|tỉ)?", q)
    if m:
        sc = SCALE.get(m.group(3) or "", 1)
        return parse_num(m.group(1)) * sc, parse_num(m.group(2)) * sc
    m = re.match(rf"^({NUM}) tỷ ({NUM}) triệu", q)
    if m:
        return parse_num(m.group(1)) * 1e9 + parse_num(m.group(2)) * 1e6, None
    m = re.match(rf"^({NUM})\s*(nghìn|ngàn|triệu|tỷ|tỉ)?\b", q)
    if m:
        return parse_num(m.group(1)) * SCALE.get(m.group(2) or "", 1), None
    for w in sorted(WORDS, key=len, reverse=True):
        if q.lower().startswith(w + " "):
            return float(WORDS[w]), None
    return None, None


def check_file(gpath: Path, corpus: Path, uncovered: bool) -> list[str]:
    errs: list[str] = []
    g = json.loads(gpath.read_text(encoding="utf-8"))
    name = gpath.name
    for k in ("doc", "metadata", "provinces", "officials", "cooperatives", "claims"):
        if k not in g:
            errs.append(f"{name}: missing key {k}")
    doc = g.get("doc")
    if doc != gpath.with_suffix(".txt").name:
        errs.append(f"{name}: doc {doc!r} does not match file name")
    tpath = corpus / (doc or "")
    if not tpath.is_file():
        return errs + [f"{name}: no corpus file {tpath}"]
    text = tpath.read_text(encoding="utf-8")

    meta = g.get("metadata", {})
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = meta.get("title")
    expected = lines[1] if lines[0].endswith(":") else lines[0]
    if title != expected:
        errs.append(f"{name}: title {title!r} != first line {expected!r}")
    pub = meta.get("published")
    if pub is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub):
        errs.append(f"{name}: published {pub!r} not ISO")
    ap = meta.get("about_province")
    if ap is not None and ap not in PROVINCES:
        errs.append(f"{name}: about_province {ap!r} not canonical")
    for p in g.get("provinces", []):
        if p not in PROVINCES:
            errs.append(f"{name}: province {p!r} not canonical")
    if len(set(g.get("provinces", []))) != len(g.get("provinces", [])):
        errs.append(f"{name}: duplicate provinces")
    for o in g.get("officials", []):
        if set(o) != {"name", "title"} or not o["name"] or not o["title"]:
            errs.append(f"{name}: bad official {o!r}")
    for c in g.get("cooperatives", []):
        folded = c.replace("\u00d0", "Đ")
        if c not in text and folded not in text:
            errs.append(f"{name}: cooperative {c!r} not in text")

    spans = []
    for i, c in enumerate(g.get("claims", [])):
        tag = f"{name}: claim {i} {c.get('quote')!r}"
        if set(c) != CLAIM_KEYS:
            errs.append(f"{tag}: keys {sorted(set(c) ^ CLAIM_KEYS)}")
            continue
        if not isinstance(c["occurrence"], int) or c["occurrence"] < 1:
            errs.append(f"{tag}: bad occurrence")
            continue
        span = find_span(text, c["quote"], c["occurrence"])
        if span is None:
            errs.append(f"{tag}: quote not found at occurrence {c['occurrence']}")
            continue
        spans.append((span, i))
        for k in ("value",):
            if isinstance(c[k], bool) or not isinstance(c[k], (int, float)):
                errs.append(f"{tag}: {k} is not a number")
        vm = c["value_max"]
        if vm is not None and (isinstance(vm, bool) or not isinstance(vm, (int, float))):
            errs.append(f"{tag}: value_max is not a number")
        if (c["qualifier"] == "range") != (vm is not None):
            errs.append(f"{tag}: qualifier range <-> value_max mismatch")
        if vm is not None and isinstance(c["value"], (int, float)) and not vm > c["value"]:
            errs.append(f"{tag}: value_max <= value")
        if c["unit"] not in UNITS_OTHER:
            errs.append(f"{tag}: unit {c['unit']!r} unknown")
        if c["qualifier"] not in QUALIFIERS:
            errs.append(f"{tag}: qualifier {c['qualifier']!r}")
        if c["modality"] not in MODALITIES:
            errs.append(f"{tag}: modality {c['modality']!r}")
        if c["change"] not in CHANGES:
            errs.append(f"{tag}: change {c['change']!r}")
        if c["province"] is not None and c["province"] not in PROVINCES:
            errs.append(f"{tag}: province {c['province']!r} not canonical")
        cnt = c["counted"]
        if c["unit"] == "count":
            if not cnt:
                errs.append(f"{tag}: count without counted")
            elif cnt != cnt.lower() or re.search(r"\b(htx|tht)\b", cnt):
                errs.append(f"{tag}: counted {cnt!r} not lower-case/expanded")
        v1, v2 = quote_values(c["quote"])
        if v1 is None:
            errs.append(f"{tag}: cannot read a number in the quote")
        else:
            if abs(v1 - c["value"]) > 1e-6 * max(1, abs(v1)):
                errs.append(f"{tag}: value {c['value']} but quote reads {v1}")
            if v2 is not None and (vm is None or abs(v2 - vm) > 1e-6 * max(1, abs(v2))):
                errs.append(f"{tag}: value_max {vm} but quote reads {v2}")
    ordered = [s for s, _ in spans]
    if ordered != sorted(ordered):
        errs.append(f"{name}: claims not in text order")
    for (a, i), (b, j) in zip(sorted(spans), sorted(spans)[1:]):
        if b[0] < a[1]:
            errs.append(f"{name}: claims {i} and {j} overlap")

    if uncovered:
        for m in re.finditer(r"\d[\d.,]*", text):
            if not any(s[0] <= m.start() < s[1] for s, _ in spans):
                ctx = text[max(0, m.start() - 30):m.end() + 25].replace("\n", " | ")
                print(f"  uncovered {name}: …{ctx}…")
    return errs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=HERE / "gold")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--uncovered", action="store_true")
    args = ap.parse_args(argv)
    errs, n_docs, n_claims = [], 0, 0
    for gpath in sorted(args.gold.glob("*.json")):
        n_docs += 1
        n_claims += len(json.loads(gpath.read_text(encoding="utf-8")).get("claims", []))
        errs += check_file(gpath, args.corpus, args.uncovered)
    txts = {p.stem for p in args.corpus.glob("*.txt")}
    jsons = {p.stem for p in args.gold.glob("*.json")}
    for s in sorted(txts ^ jsons):
        errs.append(f"unpaired file: {s}")
    for e in errs:
        print("ERROR", e)
    print(f"{n_docs} documents, {n_claims} claims, {len(errs)} errors")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
