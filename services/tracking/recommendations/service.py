"""A campaign's recommendations: its KPIs per post (`kpis.service`, the same figures and cost
shares the KPI report shows), costed against its goal and judged by `domain.recommendations`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.domain import recommendations as r
from services.tracking.kpis import service as kpis
from services.tracking.kpis import views
from services.tracking.kpis.service import Computed
from services.tracking.recommendations import schemas as s
from shared.http.problems import not_found
from shared.vocabulary import GoalMetric

DEFAULT_GOAL = GoalMetric.ENGAGEMENTS
# The unit's name among a group's counts.
_COUNT_OF: dict[str, str] = {GoalMetric.REVENUE.value: "revenue_minor"}


async def recommend(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                    goal: GoalMetric | None) -> s.Recommendations:
    computed = await kpis.compute(session, workspace_id, campaign_id, "post", "none")
    if computed.campaign is None and not computed.posts:
        raise not_found("campaign")
    goal_metric, source = _goal(computed, goal)
    found = r.recommend(post_results(computed, goal_metric), goal_metric, computed.currency)
    return s.Recommendations(
        campaign_id=campaign_id, computed_at=datetime.now(UTC), as_of=computed.as_of,
        currency=computed.currency, goal_metric=goal_metric, goal_source=source, unit=found.unit,
        rankings={dimension: [_ranked(segment, i) for i, segment in enumerate(ranked, 1)]
                  for dimension, ranked in found.rankings.items()},
        underperformers=[_underperformer(u) for u in found.underperformers],
        budget_shifts=[_shift(b, computed.currency or "") for b in found.budget_shifts],
        format_experiments=[_experiment(e, computed.currency or "") for e in found.format_experiments],
        notes=_notes(computed, found),
    )


def _goal(computed: Computed, goal: GoalMetric | None) -> tuple[str, str]:
    if goal is not None:
        return goal.value, "request"
    if computed.campaign is not None and computed.campaign.goal_metrics:
        return computed.campaign.goal_metrics[0], "campaign"
    return DEFAULT_GOAL.value, "default"


def post_results(computed: Computed, goal_metric: str) -> list[r.PostResult]:
    """Each post's cost share and its result in the goal's costed unit (0 when not reported)."""
    unit = r.costed_unit(goal_metric)
    name = _COUNT_OF.get(unit, unit)
    shares = _cost_shares(computed)
    results = []
    for row in computed.posts:
        group = computed.groups[str(row["id"])]
        counts = views.counts(computed, group)
        results.append(r.PostResult(
            post_id=str(row["id"]), platform=row["platform"], format=row["format"], market=row["market"],
            creator=str(row["influencer_id"]) if row["influencer_id"] else None,
            followers=row["followers"], cost_minor=None if shares is None else shares.get(row["id"], 0),
            units=float(counts.get(name, 0)), engagements=group.totals.engagements))
    return results


def _cost_shares(computed: Computed) -> dict[uuid.UUID, int] | None:
    """Each collaboration's cost split equally over its posts, the remainder to the first ones, so
    segments add up to the campaign's cost to the minor unit."""
    if computed.costs is None:
        return None
    posts_of: dict[uuid.UUID, list[uuid.UUID]] = {}
    for row in computed.posts:
        if row["collaboration_id"] is not None:
            posts_of.setdefault(row["collaboration_id"], []).append(row["id"])
    shares: dict[uuid.UUID, int] = {}
    for collaboration, cost in computed.cost_by_collaboration.items():
        posts = posts_of.get(collaboration, [])
        for i, post_id in enumerate(posts):
            shares[post_id] = cost // len(posts) + (1 if i < cost % len(posts) else 0)
    return shares


def _ranked(segment: r.Segment, rank: int) -> s.RankedSegment:
    low, high = segment.interval or (None, None)
    return s.RankedSegment(
        key=segment.key, rank=rank, posts=segment.posts, costed_posts=segment.costed_posts,
        cost_minor=segment.cost_minor, units=segment.units, cost_per_unit_minor=segment.cost_per_unit_minor,
        interval_low_minor=low, interval_high_minor=high, caveat=segment.caveat)


def _underperformer(u: r.Underperformer) -> s.Underperformer:
    return s.Underperformer(
        level=u.level, key=u.key, platform=u.platform, tier=u.tier, followers=u.followers, posts=u.posts,
        engagements=u.engagements, expected_engagements=u.expected_engagements,
        engagement_rate=u.engagement_rate, benchmark_rate=u.benchmark_rate, ratio=u.ratio,
        severity=u.severity, benchmark_basis=u.basis, benchmark_derived=u.derived, message=u.message)


def _shift(b: r.BudgetShift, currency: str) -> s.BudgetShift:
    low, high = b.interval or (None, None)
    return s.BudgetShift(
        dimension=b.dimension, from_key=b.source.key, to_key=b.target.key, amount_minor=b.amount_minor,
        currency=currency, from_cost_per_unit_minor=b.source.cost_per_unit_minor,
        to_cost_per_unit_minor=b.target.cost_per_unit_minor or 0.0,
        from_costed_posts=b.source.costed_posts, to_costed_posts=b.target.costed_posts,
        expected_gain=b.expected_gain, expected_loss=b.expected_loss, expected_net=b.expected_net,
        interval_low=low, interval_high=high, caveat=b.caveat, message=b.message)


def _experiment(e: r.FormatExperiment, currency: str) -> s.FormatExperiment:
    return s.FormatExperiment(
        experiment="poll" if e.experiment == "poll" else "short_video", platform=e.platform,
        format=e.format, budget_minor=e.budget_minor, currency=currency,
        evidence=[_ranked(segment, 0) for segment in e.evidence], message=e.message)


def _notes(computed: Computed, found: r.Recommendations) -> list[str]:
    notes = []
    if computed.currency is None:
        notes.append("the campaign's currency is not known yet (no CampaignStateChanged): no cost per "
                     "unit, budget shift or sized experiment can be given")
    if found.goal_metric != found.unit:
        notes.append(f"{found.goal_metric} is a ratio: segments are costed by {found.unit}")
    unplaced = computed.groups.get(None)
    if unplaced is not None and unplaced.outcomes:
        notes.append("some clicks, conversions or revenue were recorded against a collaboration with "
                     "several posts: they count in the campaign's KPIs but in no segment here")
    return notes
