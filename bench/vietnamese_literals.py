"""Vietnamese words written in the extractors' Python instead of their data files.

Rules are data (``extractors/data/*.yaml``); the engines should be generic. This lists the
string literals under ``extractors/`` that hold a Vietnamese letter (one outside ASCII that
Vietnamese uses: ``ă â đ ê ô ơ ư`` or a tone mark), leaving out docstrings, and prints a
count per file::

    python bench/vietnamese_literals.py [--list] [FILE...]

Plain-ASCII words (``cho``, ``tai``) cannot be told from code by their letters and are
not counted; regular expressions are counted once per literal.
"""
from __future__ import annotations

import argparse
import ast
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def is_vietnamese_letter(ch: str) -> bool:
    if ch.isascii() or not ch.isalpha():
        return False
    name = unicodedata.name(ch, "")
    return name.startswith("LATIN")


def docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def vietnamese_literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, literal) for each string constant of ``path`` holding a Vietnamese letter."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = docstring_nodes(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                and any(is_vietnamese_letter(c) for c in node.value)):
            yield node.lineno, node.value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--list", action="store_true", help="print every literal with its line")
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "extractors").glob("*.py"))
    total = 0
    for f in files:
        found = sorted(vietnamese_literals(f))
        total += len(found)
        if found:
            print(f"{len(found):4d}  {f.relative_to(ROOT) if f.is_absolute() else f}")
        if args.list:
            for line, text in found:
                print(f"        {line:5d}: {text!r}")
    print(f"{total:4d}  in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
