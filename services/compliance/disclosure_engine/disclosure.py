"""Is the commercial relationship disclosed the way one market requires? Findings for one market."""

from __future__ import annotations

from functools import lru_cache

from services.compliance.disclosure_engine.context import CheckContext
from services.compliance.disclosure_engine.findings import finding, missing, severity_for, span_evidence
from services.compliance.disclosure_engine.labels import EntryKind
from services.compliance.disclosure_engine.market_labels import Disclosure, market_labels
from services.compliance.disclosure_engine.models import Finding, Severity
from services.compliance.disclosure_engine.placement import PlacementProblem, SpotToCheck, placement_problem
from services.compliance.disclosure_engine.platforms import fold_for
from services.compliance.disclosure_engine.problems import label_problems
from services.compliance.rules.catalog import MarketRules
from services.compliance.rules.models import Certainty, PlatformToolRule, Requirement

_PLACEMENT_MESSAGES = {
    PlacementProblem.IN_HASHTAG_BLOCK: "the label is buried in a block of hashtags",
    PlacementProblem.BELOW_FOLD: "the label sits after the point where the platform cuts the "
    "caption behind 'more'",
    PlacementProblem.NOT_AT_START: "the label is not at the start of the text",
}


def disclosure_findings(ctx: CheckContext, market: MarketRules) -> list[Finding]:
    requirement = market.compiled.requirements[ctx.request.relationship]
    if requirement is Requirement.NOT_REQUIRED:
        return _undeclared_signal(ctx, market)
    found = market_labels(ctx, market)
    satisfied = _well_placed(ctx, market, found.disclosures)
    if satisfied is not None:
        return _brand_check(ctx, market, satisfied)
    tool = _platform_tool(ctx, market)
    if tool is not None and tool.severity is Severity.INFO:
        return [tool]
    findings = [*_misplaced(ctx, market, found.disclosures), *label_problems(ctx, market, found)]
    if tool is not None:
        findings.append(tool)
    if not findings:
        findings.append(_missing_disclosure(market.market, market.rules.preferred_label))
    if requirement is Requirement.UNKNOWN:
        # Copies: a finding may be the cached one, shared by every check of this market.
        findings = [f.model_copy(update={"severity": Severity.WARNING}) for f in findings]
        findings[0].message += f" (unknown whether {market.market} requires a disclosure here)"
    return findings


def _well_placed(ctx: CheckContext, market: MarketRules, disclosures: list[Disclosure]) -> Disclosure | None:
    fold = fold_for(ctx.request.platform, ctx.request.format)
    for disclosure in disclosures:
        spot = SpotToCheck(disclosure.start, disclosure.token)
        if placement_problem(ctx.doc, spot, market.rules.placement, fold) is None:
            return disclosure
    return None


def _misplaced(ctx: CheckContext, market: MarketRules, items: list[Disclosure]) -> list[Finding]:
    if not items:
        return []
    first = items[0]
    fold = fold_for(ctx.request.platform, ctx.request.format)
    placement = market.rules.placement
    problem = placement_problem(ctx.doc, SpotToCheck(first.start, first.token), placement, fold)
    if problem is None:
        return []
    return [
        finding(
            problem.value,
            market.market,
            severity_for(placement.certainty),
            f"{_PLACEMENT_MESSAGES[problem]}, so it is not clear and conspicuous in "
            f"{market.market}: {placement.note}",
            span_evidence(ctx.doc, first.start, first.end),
            f"put '{market.rules.preferred_label}' at the start of the text",
        )
    ]


def _brand_check(ctx: CheckContext, market: MarketRules, used: Disclosure) -> list[Finding]:
    if used.brand_named:
        return []
    return [
        finding(
            "brand_not_named",
            market.market,
            Severity.WARNING,
            f"'{used.text}' should name the advertiser in {market.market}",
            span_evidence(ctx.doc, used.start, used.end),
            f"name the brand with the label, e.g. '{used.text} @brand'",
            used.source,
        )
    ]


def _platform_tool(ctx: CheckContext, market: MarketRules) -> Finding | None:
    if not ctx.request.paid_partnership_label:
        return None
    tool = market.rules.platform_tool
    evidence = missing("a caption label besides the platform's paid-partnership tag")
    suggestion = f"add '{market.rules.preferred_label}' at the start as well"
    if tool.rule in (PlatformToolRule.YES, PlatformToolRule.IF_VISIBLE):
        return finding(
            "platform_tool_relied_on",
            market.market,
            Severity.INFO,
            f"the paid-partnership tag suffices in {market.market}: {tool.note}",
            evidence,
        )
    known = tool.rule is PlatformToolRule.NO
    verb = "is not enough" if known else "is not known to be enough"
    return finding(
        "platform_tool_insufficient",
        market.market,
        severity_for(tool.certainty, firm=known),
        f"the platform's paid-partnership tag alone {verb} in {market.market}: {tool.note}",
        evidence,
        suggestion,
    )


@lru_cache(maxsize=1024)
def _missing_disclosure(market: str, label: str) -> Finding:
    """The same finding whenever a market finds no disclosure: built once (callers never mutate
    it; the API and the store serialise it)."""
    return finding(
        "missing_disclosure",
        market,
        Severity.ERROR,
        f"no disclosure of the commercial relationship that {market} accepts",
        missing(f"a disclosure label such as '{label}'"),
        f"put '{label}' at the start of the text",
    )


def _undeclared_signal(ctx: CheckContext, market: MarketRules) -> list[Finding]:
    """No relationship was declared, yet the text carries hashtags that imply one."""
    hits = ctx.own_hits(market.compiled)
    if ctx.request.paid_partnership_label or any(h.entry.kind is EntryKind.ACCEPTED for h in hits):
        return []
    tags = [h for h in hits if h.entry.kind is EntryKind.INSUFFICIENT and h.token.hashtag_ordinal >= 0]
    if not tags:
        return []
    hit = tags[0]
    return [
        finding(
            "commercial_signal_without_relationship",
            market.market,
            severity_for(Certainty.UNVERIFIED),
            f"'{hit.entry.display}' suggests a commercial relationship although none was declared",
            span_evidence(ctx.doc, hit.start, hit.end),
            f"if there is one, put '{market.rules.preferred_label}' at the start",
        )
    ]
