"""Quality of the compliance checker over the labelled corpus, and the real-caption gap.

Prints one JSON object last: precision and recall per verdict and overall accuracy over
tests/compliance/unit/corpus/*.jsonl, and — where ../shared/datasets is present — how many
promotional captions (promo = 1) of the Instagram dataset carry no disclosure the US rules accept.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

from services.compliance.disclosure_engine.engine import check
from services.compliance.disclosure_engine.models import CheckRequest, Verdict
from services.compliance.rules.catalog import RuleCatalog
from services.compliance.rules.loader import load_rule_sets

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT / "tests" / "compliance" / "unit" / "corpus"
POSTS = REPO_ROOT.parent / "shared" / "datasets" / "instagram-promo-captions" / "posts.csv"
# Findings that mean "no disclosure the market accepts" (as opposed to a misplaced one).
UNDISCLOSED = frozenset({"missing_disclosure", "label_ambiguous", "platform_tool_insufficient"})
MISPLACED = frozenset({"label_below_fold", "label_in_hashtag_block", "label_not_at_start"})


def corpus_quality(catalog: RuleCatalog) -> dict[str, Any]:
    pairs = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            result = check(CheckRequest.model_validate(case["input"]), catalog)
            pairs.append((Verdict(case["expected"]), result.verdict))
    per_verdict = {}
    for verdict in Verdict:
        tp = sum(1 for e, g in pairs if e is verdict and g is verdict)
        predicted = sum(1 for _, g in pairs if g is verdict)
        actual = sum(1 for e, _ in pairs if e is verdict)
        per_verdict[verdict.value] = {
            "precision": round(tp / predicted, 4) if predicted else None,
            "recall": round(tp / actual, 4) if actual else None,
            "support": actual,
        }
    return {
        "cases": len(pairs),
        "accuracy": round(sum(1 for e, g in pairs if e is g) / len(pairs), 4),
        "per_verdict": per_verdict,
    }


def real_caption_gap(catalog: RuleCatalog) -> dict[str, Any]:
    if not POSTS.is_file():
        return {"skipped": f"dataset not present at {POSTS}"}
    with POSTS.open(encoding="utf-8", newline="") as handle:
        promotional = [row["comment"] for row in csv.DictReader(handle) if row["promo"] == "1"]
    verdicts: Counter[str] = Counter()
    undisclosed = misplaced = 0
    for text in promotional:
        request = CheckRequest(text=text, platform="instagram", markets=("US",), relationship="paid")
        result = check(request, catalog)
        verdicts[result.verdict.value] += 1
        codes = {f.code for f in result.findings}
        undisclosed += bool(codes & UNDISCLOSED)
        misplaced += bool(codes & MISPLACED) and not codes & UNDISCLOSED
    return {
        "promotional_captions": len(promotional),
        "lacking_us_disclosure": undisclosed,
        "disclosed_but_not_conspicuous": misplaced,
        "us_verdicts": dict(verdicts),
        "assumption": "promo = 1 treated as a paid relationship, market US",
    }


def main() -> None:
    catalog = load_rule_sets()
    print(
        json.dumps(
            {
                "benchmark": "compliance_quality",
                "corpus": corpus_quality(catalog),
                "instagram_promo_captions": real_caption_gap(catalog),
            }
        )
    )


if __name__ == "__main__":
    main()
