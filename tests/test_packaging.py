"""The package as a user installs it: one import name, ``vnfacts``, and a working command.

The wheel is built offline from this checkout (``pip wheel --no-deps --no-build-isolation``:
the development environment's setuptools) and installed without its dependencies into a
fresh virtual environment. Its top-level names are read from the wheel itself and from
what the install added to site-packages; ``vnfacts --version`` then runs from the fresh
environment, borrowing the development environment's dependencies through a ``.pth`` file
(so nothing is downloaded), never its editable ``vnfacts``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def run(*cmd, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300, **kw)
    assert done.returncode == 0, f"{' '.join(map(str, cmd))}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Build from a copy of what the wheel is made of, so no build/ or egg-info lands in the checkout.
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for folder in set(PYPROJECT["tool"]["setuptools"]["package-dir"].values()):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, src)
    (whl,) = out.glob("vnfacts-*.whl")
    return whl


def test_the_wheel_holds_one_top_level_package_with_its_data(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        top_level = z.read(next(n for n in names if n.endswith(".dist-info/top_level.txt"))).decode().split()
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {"vnfacts"}
    assert top_level == ["vnfacts"]
    for needed in ("vnfacts/__init__.py", "vnfacts/__main__.py", "vnfacts/py.typed",
                   "vnfacts/extractors/pipeline.py", "vnfacts/extractors/data/indicators.yaml",
                   "vnfacts/schemas/alembic.ini", "vnfacts/schemas/migrations/env.py",
                   "vnfacts/schemas/migrations/versions/0001_initial_schema.py",
                   "vnfacts/web/templates/base.html", "vnfacts/web/static/style.css"):
        assert needed in names, needed
    # every .py under the mapped folders is in the wheel (a new subfolder would need listing in pyproject)
    for package, folder in PYPROJECT["tool"]["setuptools"]["package-dir"].items():
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT / folder).as_posix()
            assert f"{package.replace('.', '/')}/{rel}" in names, f"{folder}/{rel} is not in the wheel"


def test_the_installed_wheel_adds_only_vnfacts_and_its_command_runs(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)  # no --system-site-packages
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    site = Path(run(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    before = set(os.listdir(site))
    run(py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    added = {n for n in set(os.listdir(site)) - before if not n.endswith(".dist-info")}
    assert added == {"vnfacts"}

    # The dependencies, borrowed: the development site-packages after the fresh one. Its .pth
    # files (the editable install's finder among them) are not run from a path added this way.
    (site / "zz_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    where = run(py, "-c", "import vnfacts, vnfacts.extractors, vnfacts.web, vnfacts.schemas;"
                "print(vnfacts.__version__); print(vnfacts.extractors.__file__)", cwd=tmp_path, env=env).stdout.split()
    assert where[0] == PYPROJECT_VERSION()
    assert Path(where[1]).is_relative_to(site), where  # the wheel's copy, not the checkout's
    version = run(bindir / "vnfacts", "--version", cwd=tmp_path, env=env).stdout
    assert version.startswith(f"vnfacts {where[0]} (extractors 0.2+")
    assert run(py, "-m", "vnfacts", "--version", cwd=tmp_path, env=env).stdout == version
    # the migrations travel with the wheel: a database is created from them
    run(bindir / "vnfacts", "db", "upgrade", "--db", tmp_path / "w.db", cwd=tmp_path, env=env)
    assert (tmp_path / "w.db").stat().st_size > 0
    # and the rule data: the installed extractors give what the checkout's give
    article = sorted((ROOT / "corpus").glob("*.txt"))[0]
    run(bindir / "vnfacts", "extract", article, "--out", tmp_path / "wheel", cwd=tmp_path, env=env)
    run(sys.executable, "-m", "vnfacts", "extract", article, "--out", tmp_path / "checkout", cwd=tmp_path, env=env)
    name = article.with_suffix(".json").name
    assert (tmp_path / "wheel" / name).read_bytes() == (tmp_path / "checkout" / name).read_bytes()


def PYPROJECT_VERSION() -> str:
    """The version a build gets: ``vnfacts.__version__`` (pyproject's ``dynamic`` version)."""
    assert "version" in PYPROJECT["project"]["dynamic"] and "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "vnfacts.__version__"}
    import vnfacts

    return vnfacts.__version__


def test_the_development_install_maps_every_folder_into_vnfacts(tmp_path):
    """``pip install -e .`` (what the README and CI use) imports ``vnfacts.*`` from the checkout, anywhere."""
    code = ("import importlib, sys; sys.path = [p for p in sys.path if p not in ('', '.')];"
            "mods = sys.argv[1:]; [print(importlib.import_module(m).__file__) for m in mods]")
    packages = PYPROJECT["tool"]["setuptools"]["package-dir"]
    files = run(sys.executable, "-c", code, *packages, cwd=tmp_path).stdout.split()
    for (package, folder), file in zip(packages.items(), files):
        assert Path(file) == ROOT / folder / "__init__.py", (package, file)
    # the old top-level names are gone
    done = subprocess.run([sys.executable, "-c", "import extractors"], cwd=tmp_path, capture_output=True)
    assert done.returncode != 0
