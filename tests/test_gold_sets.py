"""The hand-annotated sets are consistent: ``tests/check_gold.py`` on each of them.

Each set is held to FORMAT.md and to the conventions its annotators kept (``CONVENTIONS``
in the checker; a new set should keep all of them).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
CHECKER = TESTS / "check_gold.py"
SETS = {
    "heldout": "body,provinces-named,signs,order",
    "heldout2": "date-printed,signs,order",
    "heldout3": "date-printed,body,provinces-named,signs",
    "heldout4": "all",
}


def check(setdir: Path, conventions: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECKER), str(setdir), "--conventions", conventions],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(SETS))
def test_each_gold_set_passes_its_checks(name):
    done = check(TESTS / name, SETS[name])
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 problem(s)" in done.stdout


def test_the_checker_finds_a_wrong_value(tmp_path):
    setdir = tmp_path / "set"
    shutil.copytree(TESTS / "heldout4", setdir)
    path = sorted((setdir / "gold").glob("*.json"))[0]
    gold = json.loads(path.read_text(encoding="utf-8"))
    gold["claims"][0]["value"] += 1
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    done = check(setdir, "all")
    assert done.returncode == 1 and "but quote reads" in done.stdout
    assert check(setdir, "nonsense").returncode == 2
