"""The real Instagram captions (../shared/datasets/instagram-promo-captions) run without errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from services.compliance.disclosure_engine.engine import check
from services.compliance.disclosure_engine.models import CheckRequest, Verdict
from services.compliance.rules.loader import load_rule_sets

REPO_ROOT = Path(__file__).resolve().parents[3]
POSTS = REPO_ROOT.parent / "shared" / "datasets" / "instagram-promo-captions" / "posts.csv"


@pytest.mark.dataset
@pytest.mark.skipif(not POSTS.is_file(), reason=f"dataset not present at {POSTS}")
def test_all_real_captions_check_without_errors() -> None:
    catalog = load_rule_sets()
    with POSTS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1065
    verdicts = []
    for row in rows:
        relationship = "paid" if row["promo"] == "1" else "none"
        request = CheckRequest(
            text=row["comment"], platform="instagram", markets=("US",), relationship=relationship
        )
        verdicts.append((row, check(request, catalog).verdict))
    literal_ad = [v for row, v in verdicts if row["promo"] == "1" and "#ad" in row["comment"]]
    assert literal_ad and Verdict.COMPLIANT in literal_ad
    assert any(v is Verdict.NON_COMPLIANT for row, v in verdicts if row["promo"] == "1")
