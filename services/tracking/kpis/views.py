"""Computed KPIs as they are read: counts, ratios with their formulas, goal metrics, daily
running totals (HTTP report and `CampaignKpisUpdated` alike)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.tracking.domain.figures import FIGURES
from services.tracking.domain.kpi_math import FORMULAS, rates
from services.tracking.kpis import groups as g
from services.tracking.kpis.schemas import (
    CostRead,
    Emv,
    Figure,
    KpiDay,
    KpiGroup,
    KpiReport,
)
from services.tracking.kpis.service import Computed
from shared.vocabulary import GoalMetric

_SENTIMENT = "mean compound score of the scored comments, in [-1, 1] (Σ scores / comments scored)"
_RATIO_PARTS = {  # figure → (numerator, denominator) as named in counts
    "cpm": ("cost_minor", "audience"),
    "cpe": ("cost_minor", "engagements"),
    "cpc": ("cost_minor", "clicks"),
    "cpa": ("cost_minor", "conversions"),
    "conversion_rate": ("conversions", "clicks"),
    "roi": ("revenue_minor", "cost_minor"),
    "roas": ("revenue_minor", "cost_minor"),
}


def counts(computed: Computed, group: g.Group) -> dict[str, float]:
    totals, found = group.totals, group.outcomes
    values: dict[str, float] = dict(totals.sums)
    if totals.engagements is not None:
        values["engagements"] = totals.engagements
    if totals.audience is not None:
        values["audience"] = totals.audience
    values["ugc_pieces"] = totals.posts
    listening = sum(group.mentions.values())
    values["mentions"] = totals.posts + listening
    if group.mentions:
        values["listening_mentions"] = listening
    if computed.clicks_tracked:
        if "clicks" in values:
            values["platform_clicks"] = values["clicks"]
        values["clicks"] = found.get("clicks", 0)
    if "follows" in values:
        values["followers_gained"] = values["follows"]
    for name in ("conversions", "revenue_minor", "sentiment_scored"):
        if name in found:
            values[name] = found[name]
    return values


def figures(
    computed: Computed, group: g.Group, values: dict[str, float], cost: int | None
) -> dict[str, Figure]:
    totals = group.totals
    found = rates(totals, computed.outcomes(group), cost)
    parts = {
        "engagement_rate_by_followers": totals.with_followers,
        "engagement_rate_by_reach": totals.with_reach,
        "engagement_rate_by_views": totals.with_views,
    }
    known = {**values, "cost_minor": cost}
    read: dict[str, Figure] = {}
    for name, value in found.items():
        formula, denominator = FORMULAS[name]
        numerator_value: float | None
        denominator_value: float | None
        if name in parts:
            numerator_value, denominator_value = parts[name]
        else:
            top, bottom = _RATIO_PARTS[name]
            numerator_value, denominator_value = known.get(top), known.get(bottom)
        read[name] = Figure(
            value=value,
            formula=formula,
            denominator=denominator,
            numerator_value=numerator_value,
            denominator_value=denominator_value,
        )
    if group.outcomes.get("sentiment_scored"):
        read["sentiment"] = Figure(
            value=group.outcomes["sentiment_sum"] / group.outcomes["sentiment_scored"],
            formula=_SENTIMENT,
            denominator="sentiment_scored",
            numerator_value=group.outcomes["sentiment_sum"],
            denominator_value=group.outcomes["sentiment_scored"],
        )
    return read


def goal_values(values: dict[str, float], group: g.Group) -> dict[str, float]:
    """Every GoalMetric the figures know (absent = no data); engagement_rate is Σ engagements /
    Σ reach and sentiment the mean comment score, as CampaignKpisUpdated defines them."""
    found: dict[str, float] = {}
    for metric in GoalMetric:
        name = metric.value
        if name == GoalMetric.ENGAGEMENT_RATE:
            if values.get("reach") and "engagements" in values:
                found[name] = values["engagements"] / values["reach"]
        elif name == GoalMetric.SENTIMENT:
            if group.outcomes.get("sentiment_scored"):
                found[name] = group.outcomes["sentiment_sum"] / group.outcomes["sentiment_scored"]
        elif name == GoalMetric.REVENUE:
            if "revenue_minor" in values:
                found[name] = values["revenue_minor"]
        elif name in values:
            found[name] = values[name]
    return found


def daily_values(group: g.Group, clicks_tracked: bool) -> list[tuple[date, dict[str, float]]]:
    """Each day's goal-metric values as of its end (running totals; ratios of running totals)."""
    series = []
    for day, running in g.running_totals(group.daily):
        values = {name: running[name] for name in FIGURES if name in running}
        if clicks_tracked:
            values["clicks"] = running.get("clicks_tracked", running.get("clicks", 0))
        for name in ("engagements", "conversions", "ugc_pieces"):
            if name in running:
                values[name] = running[name]
        values["mentions"] = running.get("ugc_pieces", 0) + running.get("listening_mentions", 0)
        if "follows" in running:
            values["followers_gained"] = running["follows"]
        if "revenue_minor" in running:
            values["revenue"] = running["revenue_minor"]
        if running.get("reach") and "engagements" in running:
            values["engagement_rate"] = running["engagements"] / running["reach"]
        if running.get("sentiment_scored"):
            values["sentiment"] = running.get("sentiment_sum", 0) / running["sentiment_scored"]
        series.append((day, {k: v for k, v in values.items() if k in _GOALS}))
    return series


_GOALS = frozenset(m.value for m in GoalMetric)


def group_read(computed: Computed, group: g.Group, key: dict[str, str | None], daily: bool) -> KpiGroup:
    values = counts(computed, group)
    cost = computed.cost_of(group)
    in_table, converted_minor, conversion = computed.emv_of(group)
    emv = Emv(
        value_minor=converted_minor if computed.currency else None,
        currency=computed.currency,
        table_version=computed.emv_table.version,
        table_value_minor=in_table,
        table_currency=computed.emv_table.currency,
        rate=conversion.rate if conversion else None,
        rate_date=conversion.rate_date if conversion else None,
        unvalued_platforms=computed.unvalued(group),
    )
    return KpiGroup(
        key=key,
        posts=group.totals.posts,
        counts=values,
        rates=figures(computed, group, values, cost),
        cost_minor=cost,
        emv=emv,
        daily=[KpiDay(day=day, counts=running) for day, running in g.running_totals(group.daily)]
        if daily
        else [],
    )


def report(computed: Computed, daily: bool) -> KpiReport:
    whole = group_read(computed, computed.whole, {}, daily)
    groups = (
        []
        if computed.by == "campaign"
        else [
            group_read(computed, group, {computed.by: key}, daily)
            for key, group in sorted(
                computed.groups.items(), key=lambda item: (item[0] is None, item[0] or "")
            )
        ]
    )
    return KpiReport(
        campaign_id=computed.campaign_id,
        currency=computed.currency,
        computed_at=datetime.now(UTC),
        as_of=computed.as_of,
        by=computed.by,
        goal_metrics=computed.campaign.goal_metrics if computed.campaign else [],
        clicks_source="tracked_links" if computed.clicks_tracked else "platform",
        values=goal_values(counts(computed, computed.whole), computed.whole),
        campaign=whole,
        groups=groups,
        cost=cost_read(computed),
        notes=notes(computed),
        formulas={name: formula for name, (formula, _) in FORMULAS.items()} | {"sentiment": _SENTIMENT},
    )


def cost_read(computed: Computed) -> CostRead:
    costs = computed.costs
    if costs is None:
        return CostRead(
            currency=None, total_minor=None, lines=[], accrued_fees=[], paid_minor=None, unconverted=[]
        )
    # Validated in one call from plain dicts: a line or fee model built one by one from Python
    # costs about half again as much (3,000 of them on a campaign of 1,000 contracts).
    return CostRead.model_validate({
        "currency": costs.currency,
        "total_minor": costs.total_minor,
        "lines": [
            {
                "collaboration_id": line.collaboration_id,
                "contract_id": line.contract_id,
                "kind": line.kind,
                "day": line.day,
                "amount_minor": line.minor,
                "original_minor": line.original_minor,
                "original_currency": line.original_currency,
                "rate": line.rate,
                "rate_date": line.rate_date,
            }
            for line in costs.lines
        ],
        "accrued_fees": [
            {
                "contract_id": f.contract_id,
                "collaboration_id": f.collaboration_id,
                "accrued_minor": f.accrued_minor,
                "capped": f.capped,
                "parts": dict(f.parts),
            }
            for f in costs.fees
        ],
        "paid_minor": sum(minor for _, minor in costs.paid),
        "unconverted": costs.unconverted,
    })


def notes(computed: Computed) -> list[str]:
    found: list[str] = []
    if computed.currency is None:
        found.append(
            "the campaign's currency is not known yet (no CampaignStateChanged): costs, "
            "money ratios and EMV in the campaign currency are null"
        )
    if not computed.clicks_tracked:
        found.append(
            "clicks are the platforms' reported link clicks: the campaign has no tracked-link clicks yet"
        )
    if "conversions" not in computed.whole.outcomes:
        found.append(
            "conversions and attributed revenue are unknown (not zero): CPA, conversion rate, "
            "ROI and ROAS are null until orders are attributed"
        )
    if computed.costs is not None and computed.costs.unconverted:
        found.append("some amounts could not be converted (no exchange rate): the cost is incomplete")
    return found
