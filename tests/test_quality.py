"""The extractors hold their scores on every hand-annotated set (regression guard).

Sets, real pages first:

- ``realdev``: 35 real articles from about 30 outlets (``../shared/realdev``, when present
  beside the repository): page excerpts with their chrome, and five full-length articles;
- ``realpages``: 19 real pages collected and annotated blind for this repository;
- ``seed``: the five seed articles (``../shared/gold``);
- ``heldout`` .. ``heldout4``: articles *written* for testing (the third imitates scraped
  pages, the fourth interviews, statistics releases and a post-merger province), annotated
  by people who had not read the code.

Each metric must stay within ``TOLERANCE`` of the score recorded in
``quality_baseline.json``; after a change that moves a score up, record the new scores
with ``VNFACTS_WRITE_BASELINE=1 python -m pytest tests/test_quality.py`` and commit them
with the change. The scorer is the project's shared ``score.py``.
"""
import importlib.util
import json
import os
from pathlib import Path

import pytest

from vnfacts.extractors.pipeline import extract_file
from vnfacts.schemas.gold import to_gold

ROOT = Path(__file__).parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
BASELINE = Path(__file__).with_name("quality_baseline.json")
TOLERANCE = 0.01
SETS = {"realdev": (SHARED / "realdev" / "gold", SHARED / "realdev" / "corpus"),
        "realpages": (ROOT / "tests" / "realpages" / "gold", ROOT / "tests" / "realpages" / "corpus"),
        "seed": (SHARED / "gold", ROOT / "corpus"),
        "heldout": (ROOT / "tests" / "heldout" / "gold", ROOT / "tests" / "heldout" / "corpus"),
        "heldout2": (ROOT / "tests" / "heldout2" / "gold", ROOT / "tests" / "heldout2" / "corpus"),
        "heldout3": (ROOT / "tests" / "heldout3" / "gold", ROOT / "tests" / "heldout3" / "corpus"),
        "heldout4": (ROOT / "tests" / "heldout4" / "gold", ROOT / "tests" / "heldout4" / "corpus")}


def metrics(result: dict) -> dict[str, float]:
    """The scores this guard holds, flat: claims, their attributes, entities, metadata."""
    out = {"claims_f1": result["claims"]["f1"]}
    for attr in ("qualifier", "modality", "change", "province", "counted_head", "period"):
        if result["claim_attributes"].get(attr) is not None:
            out[attr] = result["claim_attributes"][attr]
    for kind in ("provinces", "officials", "cooperatives"):
        out[f"{kind}_f1"] = result[kind]["f1"]
    for field in ("title", "published", "about_province"):
        out[field] = result["metadata"][field]
    if (result.get("events") or {}).get("f1") is not None:
        out["events_f1"] = result["events"]["f1"]
    return {k: round(v, 3) for k, v in out.items()}


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.exists():
        pytest.skip(f"no scorer at {SCORER} (../shared is not beside this checkout)")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SETS)
def test_extraction_holds_its_scores_on_annotated_articles(name, scorer, tmp_path):
    gold, corpus = SETS[name]
    if not gold.exists():
        pytest.skip(f"no gold set at {gold}")
    for g in gold.glob("*.json"):
        doc = json.loads(g.read_text(encoding="utf-8"))["doc"]
        facts = extract_file(corpus / doc)
        (tmp_path / g.name).write_text(json.dumps(to_gold(facts), ensure_ascii=False), encoding="utf-8")
    result, _ = scorer.score(gold, tmp_path, corpus, False)
    now = metrics(result)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    if os.environ.get("VNFACTS_WRITE_BASELINE"):
        baseline[name] = now
        BASELINE.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert name in baseline, f"no recorded scores for {name}: run with VNFACTS_WRITE_BASELINE=1"
    fallen = {k: (v, now.get(k)) for k, v in baseline[name].items() if now.get(k, 0.0) < v - TOLERANCE}
    assert not fallen, f"{name}: scores fell (recorded, now): {fallen}"
