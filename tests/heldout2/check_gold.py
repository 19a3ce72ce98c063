#!/usr/bin/env python3
"""Sanity checks for the heldout2 gold annotations (format: /work/shared/gold/FORMAT.md).

    python check_gold.py [--gold DIR] [--corpus DIR]

Checks, per gold file:
  * the JSON has the expected keys and `doc` names an existing article file;
  * metadata: title is a line of the article, published is an ISO date or null,
    about_province is canonical or null;
  * provinces are canonical, unique; officials have name + title, unique names;
    cooperatives are unique and occur in the article text (modulo Unicode normalisation);
  * every claim: quote resolves at its occurrence (same lookup as score.py), value /
    value_max are numbers, value_max > value iff qualifier == "range", unit / qualifier /
    modality / change are valid enums, province canonical or null, counted is lower-case
    with HTX/THT written out (required for counts), no two claims share a span, and the
    value parsed back from the quote equals the annotated value.
Exit status 1 when any error is found.
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

PROVINCES = {
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
}
assert len(PROVINCES) == 63

UNITS = {"count", "percent", "VND", "USD", "EUR", "ha", "tấn", "km", "m2", "kg"}
QUALIFIERS = {"exact", "approx", "more_than", "at_least", "less_than", "at_most", "range"}
MODALITIES = {"actual", "target"}
CHANGES = {None, "increase", "decrease"}

DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
          "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).replace("\u00d0", "Đ").replace("\u00a0", " ")


def find_occurrence(text: str, quote: str, occ: int) -> int:
    pos = -1
    for _ in range(occ):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return -1
    return pos


def words_to_number(words: list[str]) -> float | None:
    """Small Vietnamese number-word reader: 'hai mươi lăm' -> 25, 'một trăm' -> 100."""
    total, cur = 0.0, 0.0
    seen = False
    for w in words:
        if w in ("mươi",):
            cur = (cur or 1) * 10
        elif w == "trăm":
            cur = (cur or 1) * 100
        elif w in DIGITS:
            cur += DIGITS[w]
        else:
            return None
        seen = True
    return total + cur if seen else None


def parse_quote(quote: str) -> tuple[float | None, float | None]:
    """Value (and upper end) read back from a quote; None when unreadable."""
    q = nfc(quote).lower().replace("phần trăm", "%")
    q = re.sub(r"\bm2\b", "m", q)
    tokens = re.findall(r"\d[\d.,]*|[^\W\d_]+|[-–]|%", q)
    nums: list[float] = []
    cur: float | None = None  # running amount for '1 tỷ 500 triệu'
    pending: float | None = None
    wordbuf: list[str] = []

    def flush_words():
        nonlocal pending, wordbuf
        if wordbuf:
            v = words_to_number(wordbuf)
            if v is not None:
                pending = v
            wordbuf = []

    for t in tokens:
        if re.fullmatch(r"\d[\d.,]*", t):
            flush_words()
            if pending is not None:
                nums.append((cur or 0) + pending)
                cur = None
            pending = float(t.replace(".", "").replace(",", "."))
        elif t in SCALES:
            flush_words()
            if pending is None:
                if cur is not None:
                    cur *= SCALES[t]
                continue
            if cur is not None and pending * SCALES[t] < cur:
                cur += pending * SCALES[t]
            elif cur is not None:
                cur = (cur + pending) * SCALES[t]
            else:
                cur = pending * SCALES[t]
            pending = None
        elif t in DIGITS or t in ("mươi", "trăm"):
            wordbuf.append(t)
        elif t in ("-", "–", "đến"):
            flush_words()
            if pending is not None or cur is not None:
                nums.append((cur or 0) + (pending or 0))
            cur, pending = None, None
        else:
            flush_words()
    flush_words()
    if pending is not None or cur is not None:
        nums.append((cur or 0) + (pending or 0))
    if not nums:
        return None, None
    if len(nums) == 2:
        lo, hi = nums
        # '60 đến 80 triệu đồng': the scale word of the upper end applies to the lower end
        if hi > lo * 100:
            for s in (1e3, 1e6, 1e9):
                if abs(hi / s) < 1000 and lo * s < hi:
                    lo *= s
                    break
        return lo, hi
    return nums[0], None


def close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def check_file(path: Path, corpus: Path) -> list[str]:
    errs: list[str] = []
    e = lambda m: errs.append(f"{path.name}: {m}")
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except Exception as ex:  # noqa: BLE001
        return [f"{path.name}: cannot load JSON: {ex}"]
    for key in ("doc", "metadata", "provinces", "officials", "cooperatives", "claims"):
        if key not in gold:
            e(f"missing key {key}")
    if errs:
        return errs
    if gold["doc"] != path.with_suffix(".txt").name:
        e(f"doc {gold['doc']!r} does not match file name")
    tpath = corpus / gold["doc"]
    if not tpath.exists():
        return errs + [f"{path.name}: article {tpath} missing"]
    text = tpath.read_text(encoding="utf-8")
    ntext = nfc(text)

    md = gold["metadata"]
    if set(md) != {"title", "published", "about_province"}:
        e(f"metadata keys {sorted(md)}")
    lines = [nfc(l).strip() for l in text.splitlines()]
    if nfc(md.get("title") or "") not in lines:
        e(f"title {md.get('title')!r} is not a line of the article")
    pub = md.get("published")
    if pub is not None:
        try:
            d = datetime.date.fromisoformat(pub)
            if not any(s in ntext for s in (f"{d.day:02d}/{d.month:02d}/{d.year}",
                                              f"{d.day}/{d.month}/{d.year}")):
                e(f"published {pub} not printed in the article")
        except ValueError:
            e(f"published {pub!r} is not an ISO date")
    ap = md.get("about_province")
    if ap is not None and ap not in PROVINCES:
        e(f"about_province {ap!r} not canonical")

    provs = gold["provinces"]
    if len(set(provs)) != len(provs):
        e("duplicate provinces")
    for p in provs:
        if p not in PROVINCES:
            e(f"province {p!r} not canonical")
    names = []
    for o in gold["officials"]:
        if not isinstance(o, dict) or not o.get("name") or not o.get("title"):
            e(f"official {o!r} needs name and title")
            continue
        names.append(o["name"])
        if nfc(o["name"]) not in ntext:
            e(f"official name {o['name']!r} not in text")
    if len(set(names)) != len(names):
        e("duplicate officials")
    coops = gold["cooperatives"]
    if len(set(coops)) != len(coops):
        e("duplicate cooperatives")
    for c in coops:
        if nfc(c) not in ntext:
            e(f"cooperative {c!r} not in text")
        if not re.match(r"(?i)^(htx|hợp tác xã|liên hiệp (htx|hợp tác xã)|tổ hợp tác|tht)\b", nfc(c)):
            e(f"cooperative {c!r} does not start with a type word")

    spans = set()
    for i, c in enumerate(gold["claims"]):
        tag = f"claim {i} {c.get('quote')!r}"
        for k in ("quote", "occurrence", "value", "value_max", "unit", "counted",
                  "qualifier", "modality", "change", "province"):
            if k not in c:
                e(f"{tag}: missing {k}")
        q, occ = c.get("quote"), c.get("occurrence")
        if not isinstance(q, str) or not q or not isinstance(occ, int) or occ < 1:
            e(f"{tag}: bad quote/occurrence")
            continue
        pos = find_occurrence(text, q, occ)
        if pos < 0:
            e(f"{tag}: occurrence {occ} not found")
            continue
        span = (pos, pos + len(q))
        if span in spans:
            e(f"{tag}: duplicate span")
        spans.add(span)
        if q != q.strip():
            e(f"{tag}: quote has outer white space")
        v, vm = c.get("value"), c.get("value_max")
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            e(f"{tag}: value not a number")
            continue
        if vm is not None and (not isinstance(vm, (int, float)) or vm <= v):
            e(f"{tag}: bad value_max")
        if (c.get("qualifier") == "range") != (vm is not None):
            e(f"{tag}: qualifier range iff value_max")
        if c.get("unit") not in UNITS:
            e(f"{tag}: unit {c.get('unit')!r}")
        if c.get("qualifier") not in QUALIFIERS:
            e(f"{tag}: qualifier {c.get('qualifier')!r}")
        if c.get("modality") not in MODALITIES:
            e(f"{tag}: modality {c.get('modality')!r}")
        if c.get("change") not in CHANGES:
            e(f"{tag}: change {c.get('change')!r}")
        p = c.get("province")
        if p is not None and p not in PROVINCES:
            e(f"{tag}: province {p!r} not canonical")
        if p is not None and ap is not None and p != ap and p not in provs:
            e(f"{tag}: province {p!r} differs from about_province and is not listed")
        cnt = c.get("counted")
        if c.get("unit") == "count" and not cnt:
            e(f"{tag}: count without counted")
        if cnt is not None:
            if cnt != cnt.lower() or re.search(r"\b(htx|tht)\b", cnt) or cnt.startswith("số "):
                e(f"{tag}: counted {cnt!r} not normalised")
            if unicodedata.normalize("NFC", cnt) != cnt:
                e(f"{tag}: counted not NFC")
        if c.get("unit") == "percent" and "%" not in q and "phần trăm" not in nfc(q):
            e(f"{tag}: percent without % sign")
        if c.get("unit") == "VND" and "đồng" not in nfc(q):
            e(f"{tag}: VND amount without 'đồng'")
        pv, pvm = parse_quote(q)
        if not (close(pv, v) and close(pvm, vm)):
            e(f"{tag}: quote reads as {pv}/{pvm}, annotated {v}/{vm}")
    return errs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=HERE / "gold")
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    args = ap.parse_args(argv)
    files = sorted(args.gold.glob("*.json"))
    errs: list[str] = []
    n_claims = n_off = n_coop = 0
    for f in files:
        errs += check_file(f, args.corpus)
        g = json.loads(f.read_text(encoding="utf-8"))
        n_claims += len(g.get("claims", []))
        n_off += len(g.get("officials", []))
        n_coop += len(g.get("cooperatives", []))
    txts = {p.name for p in args.corpus.glob("*.txt")}
    for t in sorted(txts - {f.with_suffix(".txt").name for f in files}):
        errs.append(f"{t}: article without gold")
    for m in errs:
        print(m)
    print(f"{len(files)} gold files, {n_claims} claims, {n_off} officials, "
          f"{n_coop} cooperatives: {len(errs)} error(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
