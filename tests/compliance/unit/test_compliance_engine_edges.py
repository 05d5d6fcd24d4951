"""Engine behaviours the service relies on: unknown markets, and findings shared between checks."""

from __future__ import annotations

from services.compliance.disclosure_engine.engine import check
from services.compliance.disclosure_engine.models import CheckRequest, Severity, Verdict
from services.compliance.rules.loader import load_rule_sets

CATALOG = load_rule_sets()


def test_a_check_without_markets_needs_review_and_says_the_markets_are_unknown() -> None:
    result = check(CheckRequest(text="#ad new serum", platform="instagram", markets=()), CATALOG)
    assert result.verdict is Verdict.NEEDS_REVIEW
    assert [(f.code, f.jurisdiction) for f in result.findings] == [("markets_unknown", None)]
    assert result.rule_set_version == ""


def test_a_market_unsure_of_a_relationship_does_not_soften_later_checks_of_it() -> None:
    """US own-brand posts only warn; the finding is a copy, never the one shared by paid posts."""
    text = "My new serum is here"
    own = check(CheckRequest(text=text, platform="instagram", markets=("US",),
                             relationship="own_brand"), CATALOG)
    paid = check(CheckRequest(text=text, platform="instagram", markets=("US",)), CATALOG)
    assert {f.severity for f in own.findings} == {Severity.WARNING}
    assert [(f.code, f.severity) for f in paid.findings] == [("missing_disclosure", Severity.ERROR)]
    assert "unknown whether" not in paid.findings[0].message
