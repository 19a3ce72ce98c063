"""A large synthetic corpus varied from real articles, made at run time (never committed).

    python bench/synthetic_corpus.py OUT_DIR [-n 50000] [--seed 1]

Each article is one of the real ones (``corpus/`` and ``../shared/realdev/corpus``) with:
its provinces swapped for another province (every mention of one province becomes the same
other one), its years moved by the same offset (dates stay dates), its other numbers
varied digit by digit (same length, so "1.909" stays a number of the same shape), its
people's surnames swapped, and its body paragraphs shuffled (title and dateline stay on
top). The text is different enough that each article is new to the store (its own content
hash) and costs what a real article costs to extract; the facts are as varied as the
provinces, years and values the benchmarks filter on.

Files go in sub-folders of 1,000 (``OUT_DIR/0000/00000.txt``...), as an archive would.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpus", ROOT.parent / "shared" / "realdev" / "corpus"]

PROVINCES = ["Hà Nội", "Thái Nguyên", "Quảng Ninh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Nghệ An", "Thanh Hóa",
             "Lâm Đồng", "Đắk Lắk", "Bắc Giang", "Sơn La", "An Giang", "Bình Định", "Quảng Nam", "Lào Cai",
             "Hà Tĩnh", "Nam Định", "Thái Bình", "Ninh Thuận", "Gia Lai", "Kon Tum", "Phú Thọ", "Yên Bái",
             "Tuyên Quang", "Hòa Bình", "Hưng Yên", "Bắc Ninh", "Vĩnh Phúc", "Hải Dương", "Long An", "Tiền Giang",
             "Bến Tre", "Trà Vinh", "Sóc Trăng", "Kiên Giang", "Cà Mau", "Bạc Liêu", "Đồng Tháp", "Vĩnh Long"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô",
            "Dương", "Lý"]
YEAR = re.compile(r"(?<!\d)(20[0-2]\d)(?!\d)")
NUMBER = re.compile(r"(?<![\d/])\d{2,}(?![\d/])")  # not a year (tried first), not part of a date
PROVINCE = re.compile("|".join(sorted(map(re.escape, PROVINCES), key=len, reverse=True)))
SURNAME = re.compile(r"\b(" + "|".join(SURNAMES) + r")(?= [A-ZÀ-Ỹ])")


def templates() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for d in SOURCES if d.is_dir() for p in sorted(d.glob("*.txt"))]
    if not texts:
        raise SystemExit("no source articles found in " + ", ".join(map(str, SOURCES)))
    return texts


def vary(text: str, rng: random.Random) -> str:
    """One variant of ``text`` (see the module docstring)."""
    swap = dict(zip(PROVINCES, rng.sample(PROVINCES, len(PROVINCES))))
    text = PROVINCE.sub(lambda m: swap[m.group()], text)
    shift = rng.randint(-6, 4)
    text = YEAR.sub(lambda m: str(min(2026, max(2000, int(m.group()) + shift))), text)
    text = NUMBER.sub(lambda m: m.group() if YEAR.fullmatch(m.group())
                      else str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)), text)
    names = dict(zip(SURNAMES, rng.sample(SURNAMES, len(SURNAMES))))
    text = SURNAME.sub(lambda m: names[m.group(1)], text)
    lines = text.split("\n")
    head, body = lines[:3], [p for p in "\n".join(lines[3:]).split("\n\n")]
    rng.shuffle(body)
    return "\n".join(head) + "\n" + "\n\n".join(body)


def generate(n: int, seed: int = 1) -> Iterator[tuple[int, str]]:
    rng = random.Random(seed)
    texts = templates()
    for i in range(n):
        yield i, vary(texts[i % len(texts)], rng)


def write_corpus(out: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` articles under ``out``; returns the bytes written."""
    total = 0
    for i, text in generate(n, seed):
        path = out / f"{i // 1000:04d}" / f"{i:05d}.txt"
        if i % 1000 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    size = write_corpus(args.out, args.n, args.seed)
    print(f"{args.n} articles, {size / 1e6:.1f} MB, in {time.perf_counter() - t0:.1f} s -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
