"""All findings for one market: disclosure, special image labels and format reminders."""

from __future__ import annotations

from services.compliance.disclosure_engine.context import CheckContext
from services.compliance.disclosure_engine.disclosure import disclosure_findings
from services.compliance.disclosure_engine.findings import finding, missing
from services.compliance.disclosure_engine.models import Finding, Severity
from services.compliance.disclosure_engine.platforms import VIDEO_FORMATS
from services.compliance.disclosure_engine.special_categories import special_category_findings
from services.compliance.rules.catalog import MarketRules
from shared.vocabulary import ContentFormat, Relationship


def market_findings(ctx: CheckContext, market: MarketRules) -> list[Finding]:
    findings = [*_fallback_note(market), *disclosure_findings(ctx, market)]
    findings.extend(special_category_findings(ctx, market))
    findings.extend(_format_reminder(ctx, market))
    return findings


def unknown_market(market: str) -> Finding:
    return finding(
        "no_rule_set",
        market,
        Severity.WARNING,
        f"there is no rule set for {market} and it is not an EU member state",
        missing(f"disclosure rules for {market}"),
        "have the rules for this market reviewed",
    )


def markets_unknown() -> Finding:
    return finding(
        "markets_unknown",
        None,
        Severity.WARNING,
        "the markets of this content are not known, so no market's disclosure rules were applied",
        missing("the markets the content is published in"),
        "name the markets (for a campaign: set its markets), then check again",
    )


def _fallback_note(market: MarketRules) -> list[Finding]:
    if not market.fallback:
        return []
    return [
        finding(
            "eu_baseline_fallback",
            market.market,
            Severity.INFO,
            f"{market.market} has no rule set of its own; the EU baseline applies "
            f"(labels in {'/'.join(market.languages)})",
            missing(f"a {market.market} rule set"),
        )
    ]


def _format_reminder(ctx: CheckContext, market: MarketRules) -> list[Finding]:
    request = ctx.request
    if request.relationship is Relationship.NONE:
        return []
    if request.format in VIDEO_FORMATS:
        message = "the disclosure must also be said and shown in the video, not only written here"
    elif request.format is ContentFormat.STORY:
        message = "every promotional story frame needs its own label"
    else:
        return []
    return [
        finding(
            "format_reminder",
            market.market,
            Severity.INFO,
            message,
            missing("what the text cannot show"),
            f"say and show '{market.rules.preferred_label}' in the content itself",
        )
    ]
