"""Dependencies point one way: each folder of the package imports only the folders below it.

    text -> extractors -> schemas -> flows -> store -> query (cli, web)

is the way the data goes; the imports that carry it are layered so that nothing reaches
back up (each folder's ``__init__.py`` says the same in words):

    schemas      nothing of vnfacts (the facts, the tables, the migrations)
    extractors   schemas
    sources      nothing (the web, read: no database)
    store        schemas, extractors (the vocabulary of filters), sources (canonical URLs)
    flows        extractors, schemas, sources, store
    web          schemas, store
    cli          everything
    vnfacts      (``__main__``) cli

Every module is read as source (its AST, imports inside functions included), nothing imported.
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"]
OLD_NAMES = {"extractors", "schemas", "sources", "store", "flows", "web", "cli"}

ALLOWED = {
    "schemas": set(),
    "extractors": {"schemas"},
    "sources": set(),
    "store": {"schemas", "extractors", "sources"},
    "flows": {"extractors", "schemas", "sources", "store"},
    "web": {"schemas", "store"},
    "cli": {"extractors", "schemas", "sources", "store", "flows", "web"},
    "": {"cli"},  # vnfacts itself (__main__)
}


def modules():
    """``(room, module name, path)`` for every .py file of the package."""
    for package, folder in PACKAGE_DIR.items():
        room = package.partition(".")[2]
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            yield room, ".".join((package, *rel.parts)), path


def imported(module: str, path: Path):
    """Absolute names of what a module imports (``from . import x`` resolved), with line numbers."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = ".".join(base[: len(base) - node.level + 1])
                target = f"{parent}.{node.module}" if node.module else parent
            else:
                target = node.module or ""
            yield target, node.lineno
            for alias in node.names:  # `from vnfacts import store` imports the subpackage
                yield f"{target}.{alias.name}", node.lineno


def room_of(name: str) -> str | None:
    """``vnfacts.store.db`` -> ``store``; ``vnfacts`` and ``vnfacts.__version__`` -> ``""``; else None."""
    parts = name.split(".")
    if parts[0] != "vnfacts":
        return None
    if len(parts) > 1 and parts[1] in ALLOWED:
        return parts[1]
    return ""


def test_every_folder_is_a_room_with_its_rule():
    assert {p.partition(".")[2] for p in PACKAGE_DIR} == set(ALLOWED)


def test_imports_point_one_way():
    wrong = []
    for room, module, path in modules():
        for name, line in imported(module, path):
            if name.split(".")[0] in OLD_NAMES:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name} (the package is vnfacts.{name})")
            target = room_of(name)
            if target is None or target == room:
                continue
            if target == "" and name in ("vnfacts", "vnfacts.__version__"):
                continue  # the version, from anywhere
            if target not in ALLOWED[room]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({room or 'vnfacts'}) imports {name}")
    assert not wrong, "\n".join(wrong)


def test_each_room_says_what_lives_there_and_what_it_may_import():
    for folder in PACKAGE_DIR.values():
        doc = ast.get_docstring(ast.parse((ROOT / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc, f"{folder}/__init__.py: say what lives here and what it may import"


def test_tests_and_benchmarks_import_the_package_by_its_name():
    wrong = []
    for path in sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]):
        for name, line in imported("x", path):
            if name.split(".")[0] in OLD_NAMES:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)
