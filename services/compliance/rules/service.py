"""Reading the loaded rule sets (no database: the catalog is loaded once at start-up)."""

from __future__ import annotations

from collections import Counter

from services.compliance.rules.catalog import RuleCatalog
from services.compliance.rules.models import Certainty, RuleSet
from services.compliance.rules.schemas import CertaintySummary, RuleSetSummary
from shared.http.problems import not_found


def list_summaries(catalog: RuleCatalog) -> list[RuleSetSummary]:
    return [_summary(rules) for _, rules in sorted(catalog.rule_sets.items())]


def get_or_raise(catalog: RuleCatalog, jurisdiction: str) -> RuleSet:
    rules = catalog.get(jurisdiction)
    if rules is None:
        raise not_found(f"a rule set for {jurisdiction!r}")
    return rules


def _summary(rules: RuleSet) -> RuleSetSummary:
    return RuleSetSummary(
        code=rules.code, name=rules.name, version=rules.version, languages=list(rules.languages),
        preferred_label=rules.preferred_label, certainty=_certainty(rules),
        member_states=sorted(rules.member_states), sources=len(rules.sources),
    )


def _certainty(rules: RuleSet) -> CertaintySummary:
    counts = Counter(
        [*(f.certainty for f in rules.labels), *(f.certainty for f in rules.insufficient),
         *(f.certainty for f in rules.special), rules.placement.certainty,
         rules.platform_tool.certainty, rules.plain_language.certainty]
    )
    return CertaintySummary(
        verified=counts[Certainty.VERIFIED], secondary=counts[Certainty.SECONDARY],
        unverified=counts[Certainty.UNVERIFIED],
    )
