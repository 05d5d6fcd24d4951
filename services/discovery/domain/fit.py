"""Campaign fit of one influencer for a brief (`POST /v1/match`), explained part by part.

Scoring rules:
- Parts the brief does not ask for (no persona, no topics, no values, no budget) leave the
  denominator, so a brief about topics only still scores 0–100.
- Parts the brief asks for but the profile has no data for earn nothing and lower the
  confidence: unknown is never ranked above known-good.
- Hard exclusions (`excluded=True`, reasons listed): no account on the requested platforms, an
  excluded brand-safety flag, or a price over the per-influencer budget — a brand cannot book
  someone over budget, so penalising instead would only push unbookable people down the list.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from services.discovery.domain.account import Account
from services.discovery.domain.audience_overlap import (
    DimensionOverlap,
    dimension_overlaps,
    persona_match_share,
)
from services.discovery.domain.authenticity import AuthenticityReport, score_authenticity
from services.discovery.domain.campaign_cost import (
    CostEstimate,
    CurrencyConverter,
    cheapest_in,
    eligible_rates,
    estimate_cost,
)
from services.discovery.domain.confidence import Confidence, confidence_from_coverage
from services.discovery.domain.fit_parts import (
    COST_MAX,
    audience_part,
    authenticity_part,
    engagement_part,
    topic_part,
    values_part,
)
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.score_parts import ScorePart, skipped
from shared.brief import CampaignBrief
from shared.money import Money


@dataclass(frozen=True, slots=True)
class FitResult:
    score: int
    confidence: Confidence
    excluded: bool
    exclusion_reasons: tuple[str, ...]
    account: Account | None  # the account the brief would book
    parts: tuple[ScorePart, ...]
    persona_match_share: float | None
    cost: CostEstimate | None


def _exclusions(profile: InfluencerProfile, brief: CampaignBrief) -> list[str]:
    flagged = [f for f in brief.excluded_brand_safety_flags if f in profile.brand_safety_flags]
    return [f"brand-safety flag {flag} is excluded by the brief" for flag in flagged]


def _cost_part(
    profile: InfluencerProfile,
    account: Account,
    brief: CampaignBrief,
    budget: Money,
    match_share: float | None,
    convert: CurrencyConverter | None,
) -> tuple[ScorePart, CostEstimate | None, str | None]:
    """(part, estimate, exclusion reason when over budget)."""
    name = "cost_within_budget"
    rates = eligible_rates(profile.rate_card, account, brief)
    if not rates:
        return skipped(name, COST_MAX, f"no rate card price on {account.platform}"), None, None
    cheapest = cheapest_in(rates, budget.currency, convert)
    if cheapest is None:
        currencies = ", ".join(sorted({r.price.currency for r in rates}))
        why = f"price in {currencies}, budget in {budget.currency}, no FX rate"
        return skipped(name, COST_MAX, why), None, None
    rate, price = cheapest
    cost = estimate_cost(rate, price, account, match_share)
    if price.amount_minor > budget.amount_minor:
        reason = f"{rate.format} price {price.amount_minor} exceeds budget {budget.amount_minor}"
        return ScorePart(name, price.amount_minor, 0.0, COST_MAX, reason), cost, reason
    # Cheaper within budget earns more; exactly at budget still earns half.
    points = COST_MAX * (1 - 0.5 * price.amount_minor / max(budget.amount_minor, 1))
    text = f"{rate.format} at {price.amount_minor} {price.currency} minor units"
    if cost.cost_per_mille is not None:
        text += f", ≈{cost.cost_per_mille.amount_minor} per 1000 persona-matched reached"
        text += " (reach estimated from followers)" if cost.reach_estimated else ""
    return ScorePart(name, price.amount_minor, round(points, 1), COST_MAX, text), cost, None


def _asked_criteria(brief: CampaignBrief) -> int:
    persona = brief.persona
    return sum(
        bool(c)
        for c in (persona.countries, persona.age, persona.genders, persona.languages, persona.interests)
    )


def score_fit(
    profile: InfluencerProfile,
    brief: CampaignBrief,
    *,
    authenticity: AuthenticityReport | None = None,
    convert: CurrencyConverter | None = None,
) -> FitResult:
    """Fit of `profile` for `brief`; pass `authenticity` when history-based scoring exists."""
    platforms = frozenset(brief.platforms) if brief.platforms else None
    account = profile.primary_account(platforms)
    if account is None:
        reason = "no account on the requested platforms"
        return FitResult(0, Confidence.LOW, True, (reason,), None, (), None, None)
    report = authenticity or score_authenticity(account, languages=profile.languages)
    overlaps = dimension_overlaps(account.audience, brief.persona)
    asked = _asked_criteria(brief)
    match_share = persona_match_share(overlaps, asked)
    parts: list[ScorePart] = [engagement_part(account), authenticity_part(report)]
    if not brief.persona.is_empty():
        parts.append(audience_part(overlaps, asked))
    if brief.topics:
        parts.append(topic_part(profile, brief.topics))
    if brief.required_values:
        parts.append(values_part(profile, brief.required_values))
    reasons = _exclusions(profile, brief)
    cost = None
    if (budget := brief.budget_per_influencer) is not None:
        # Without a persona everyone reached is persona-matched.
        targeted_share = 1.0 if brief.persona.is_empty() else match_share
        cost_part, cost, over_budget = _cost_part(profile, account, brief, budget, targeted_share, convert)
        parts.append(cost_part)
        reasons += [over_budget] if over_budget else []
    return FitResult(
        score=_normalised(parts),
        confidence=_confidence(parts, overlaps),
        excluded=bool(reasons),
        exclusion_reasons=tuple(reasons),
        account=account,
        parts=tuple(parts),
        persona_match_share=match_share,
        cost=cost,
    )


def _normalised(parts: Sequence[ScorePart]) -> int:
    available = sum(p.max_points for p in parts)
    return round(100 * sum(p.points for p in parts) / available) if available else 0


def _confidence(parts: Sequence[ScorePart], overlaps: Sequence[DimensionOverlap]) -> Confidence:
    evaluated = sum(p.evaluated for p in parts)
    confidence = confidence_from_coverage(evaluated, len(parts))
    if any(o.estimated for o in overlaps) and confidence is Confidence.HIGH:
        return Confidence.MEDIUM
    return confidence
