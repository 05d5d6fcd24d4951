"""The labelled corpus (tests/compliance/unit/corpus/*.jsonl): every case passes or is listed in
corpus/known_failures.toml with its reason."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from compliance_markets import ISSUE_JURISDICTIONS

from services.compliance.disclosure_engine.engine import check
from services.compliance.disclosure_engine.models import CheckRequest, Verdict
from services.compliance.rules.loader import load_rule_sets

CORPUS = Path(__file__).parent / "corpus"
CATALOG = load_rule_sets()


def _cases() -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _known_failures() -> dict[str, str]:
    data = tomllib.loads((CORPUS / "known_failures.toml").read_text(encoding="utf-8"))
    return {item["id"]: item["reason"] for item in data["failure"]}


CASES = _cases()
KNOWN = _known_failures()


def test_corpus_is_large_and_broad() -> None:
    markets = {m for case in CASES for m in case["input"]["markets"]}
    resolved = (CATALOG.resolve(market) for market in markets)
    languages = {rules.languages[0] for rules in resolved if rules is not None}
    assert len(CASES) >= 400
    # The EU baseline is exercised through a member state without rules of its own (AT).
    assert (ISSUE_JURISDICTIONS - {"EU"}) | {"AT"} <= markets
    assert len(languages) >= 10
    assert len({case["id"] for case in CASES}) == len(CASES), "case ids must be unique"
    assert all(case["note"] for case in CASES), "every case cites its rule"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_corpus_case(case: dict[str, Any]) -> None:
    if case["id"] in KNOWN:
        pytest.xfail(KNOWN[case["id"]])
    result = check(CheckRequest.model_validate(case["input"]), CATALOG)
    codes = {finding.code for finding in result.findings}
    assert result.verdict == Verdict(case["expected"]), (case["note"], result.findings)
    assert set(case["codes"]) <= codes, (case["note"], result.findings)


def test_known_failures_name_real_cases() -> None:
    assert set(KNOWN) <= {case["id"] for case in CASES}
