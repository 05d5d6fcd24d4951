"""A campaign's KPIs, computed on request from the read models (no SQL here): per group, the
posts' figures, the inputs beyond them, the cost and the EMV, with every formula named."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.campaign import service as campaigns
from services.tracking.contract import service as contracts
from services.tracking.domain.emv import EmvTable, emv_minor, unvalued_platforms
from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.domain.fx import FxRates
from services.tracking.domain.kpi_math import Outcomes, PostFigures
from services.tracking.emv import service as emv_tables
from services.tracking.fx import service as fx
from services.tracking.kpis import groups as g
from services.tracking.kpis.costs import Costs, campaign_costs
from services.tracking.kpis.inputs import INPUTS
from services.tracking.kpis.repository import KpiRepository
from services.tracking.models import Campaign

BY = ("campaign", "post", "influencer", "platform", "format", "market")
_CLICKS = FIGURES.index("clicks")
# Which daily series a caller reads: each group's (the KPI report, the event), the campaign's
# alone (the report's chart), or none (recommendations, KPIs without `daily`). Grouped by anything
# but the campaign, the figures' increments sum every post's day (90,000 rows on 1,000 posts × 90
# days): only the series a caller shows are read, and the others' `daily` lack the figures.
Series = Literal["groups", "campaign", "none"]
_KEY_COLUMN = {"post": "id", "influencer": "influencer_id", "platform": "platform", "format": "format",
               "market": "market", "collaboration": "collaboration_id"}


@dataclass
class Computed:
    """Everything a KPI report, an event, a recommendation or a chart is drawn from."""

    campaign_id: uuid.UUID
    campaign: Campaign | None
    currency: str | None
    by: str
    posts: list[Any]
    figures: list[PostFigures]  # each post's, in the order of `posts`
    groups: dict[g.Key, g.Group]
    whole: g.Group
    emv_table: EmvTable
    rates: FxRates
    costs: Costs | None
    as_of: datetime | None
    clicks_tracked: bool
    per_collaboration: dict[uuid.UUID, dict[str, float]] = field(default_factory=dict)
    cost_by_collaboration: dict[uuid.UUID, int] = field(default_factory=dict)  # of `costs`, once

    @property
    def as_of_day(self) -> date:
        return (self.as_of or datetime.now(UTC)).date()

    def outcomes(self, group: g.Group) -> Outcomes:
        found = group.outcomes
        return Outcomes(
            clicks=int(found.get("clicks", 0)) if self.clicks_tracked else None,
            conversions=int(found["conversions"]) if "conversions" in found else None,
            revenue_minor=int(found["revenue_minor"]) if "revenue_minor" in found else None)

    def cost_of(self, group: g.Group) -> int | None:
        """A collaboration's cost is shared equally by its posts; the campaign's is all of it."""
        if self.costs is None:
            return None
        if group is self.whole:
            return self.costs.total_minor
        posts_of, by_collaboration = self.whole.collaborations, self.cost_by_collaboration
        return round(sum(by_collaboration.get(collaboration, 0) * posts / posts_of[collaboration]
                         for collaboration, posts in group.collaborations.items()))

    def emv_of(self, group: g.Group) -> tuple[int, int | None, Any]:
        """(in the table's currency, in the campaign's, the conversion or None)."""
        value = emv_minor(self.emv_table, group.totals.by_platform)
        if self.currency is None:
            return value, None, None
        converted = self.rates.convert(value, self.emv_table.currency, self.currency, self.as_of_day)
        return value, converted.amount_minor if converted else None, converted

    def unvalued(self, group: g.Group) -> list[str]:
        return unvalued_platforms(self.emv_table, set(group.totals.by_platform))


async def compute(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                  by: str = "campaign", series: Series = "groups") -> Computed:
    campaign = await campaigns.get(session, workspace_id, campaign_id)
    market = campaign.markets[0] if campaign is not None and len(campaign.markets) == 1 else None
    repo = KpiRepository(session, workspace_id, campaign_id, market)
    posts = await repo.posts()
    figures = [g.post_figures(row) for row in posts]
    key_of = _key_of(by)
    groups = g.gather(posts, figures, key_of)
    if series == "groups":
        g.add_daily(groups, await repo.daily(by))
    if series != "none":
        g.add_posts_per_day(groups, posts, key_of)
    g.add_mentions(groups, await repo.mentions_daily(by))
    per_collaboration: dict[uuid.UUID, dict[str, float]] = {}
    clicks_tracked = False
    for source in INPUTS:
        rows = await repo.input_daily(source, by)
        g.add_input(groups, rows, source.provides, per_collaboration)
        clicks_tracked = clicks_tracked or ("clicks" in source.provides and bool(rows))
    whole = _whole(figures, groups) if by != "campaign" else groups.setdefault(None, g.Group(None))
    if series == "campaign" and by != "campaign":
        g.add_daily({None: whole}, await repo.daily("campaign"))
    as_of = max((p["captured_at"] for p in posts if p["captured_at"] is not None), default=None)
    computed = Computed(campaign_id, campaign, campaign.currency if campaign else None, by, posts, figures,
                        groups, whole, await emv_tables.current(session, workspace_id), FxRates([]), None,
                        as_of, clicks_tracked, per_collaboration)
    await _costs(session, workspace_id, computed)
    return computed


def _key_of(by: str) -> Any:
    if by == "campaign":
        return lambda row: None
    if by == "slice":  # as the repository's key: "platform|market"
        return lambda row: f"{row['platform']}|{row['market'] or ''}"
    column = _KEY_COLUMN[by]
    return lambda row: None if row[column] is None else str(row[column])


def _whole(figures: Sequence[PostFigures], groups: Mapping[g.Key, g.Group]) -> g.Group:
    """The campaign as one group: every group's totals (each post is in one), increments and inputs."""
    whole = g.Group(None)
    for post in figures:
        if (collaboration := post.collaboration_id) is not None:
            whole.collaborations[collaboration] = whole.collaborations.get(collaboration, 0) + 1
    for group in groups.values():
        whole.totals.merge(group.totals)
        for name, value in group.outcomes.items():
            whole.outcomes[name] = whole.outcomes.get(name, 0) + value
        for source, count in group.mentions.items():
            whole.mentions[source] = whole.mentions.get(source, 0) + count
        for day, increments in group.daily.items():
            target = whole.daily[day]
            for name, value in increments.items():
                target[name] = target.get(name, 0) + value
    return whole


async def _costs(session: AsyncSession, workspace_id: uuid.UUID, computed: Computed) -> None:
    signed = await contracts.campaign_contracts(session, workspace_id, computed.campaign_id)
    seeded = await contracts.campaign_seedings(session, workspace_id, computed.campaign_id)
    paid = await contracts.campaign_payments(session, workspace_id, computed.campaign_id)
    currencies = {computed.emv_table.currency, *(c.currency for c in signed), *(s.currency for s in seeded),
                  *(p.currency for p in paid)} | ({computed.currency} if computed.currency else set())
    days = [computed.as_of_day, *(c.signed_at.date() for c in signed),
            *(s.recorded_at.date() for s in seeded), *((p.paid_at or p.recorded_at).date() for p in paid)]
    computed.rates = await fx.rates_for(session, workspace_id, currencies, min(days), max(days))
    if computed.currency is None:
        return
    computed.costs = campaign_costs(computed.currency, computed.rates, computed.as_of_day, signed, seeded,
                                    paid, _basis(computed))
    computed.cost_by_collaboration = computed.costs.by_collaboration()


def _basis(computed: Computed) -> dict[uuid.UUID, dict[str, float | None]]:
    """What each collaboration's performance fees are counted on: its posts' audience and
    engagements as their totals count them (None until a post has any), and its clicks."""
    per_collaboration: dict[uuid.UUID, list[int | None]] = {}  # [audience, engagements, clicks]
    for post in computed.figures:
        if post.collaboration_id is None:
            continue
        mine = per_collaboration.get(post.collaboration_id)
        if mine is None:
            mine = per_collaboration[post.collaboration_id] = [None, None, None]
        if post.audience is not None:
            mine[0] = (mine[0] or 0) + post.audience
        if post.engagements is not None:
            mine[1] = (mine[1] or 0) + post.engagements
        if post.figures[_CLICKS] != ABSENT:
            mine[2] = (mine[2] or 0) + post.figures[_CLICKS]
    basis: dict[uuid.UUID, dict[str, float | None]] = {}
    for collaboration in per_collaboration.keys() | computed.per_collaboration.keys():
        audience, engagements, platform_clicks = per_collaboration.get(collaboration, (None, None, None))
        found = computed.per_collaboration.get(collaboration, {})
        clicks = found.get("clicks") if computed.clicks_tracked else platform_clicks
        basis[collaboration] = {"impressions": audience, "engagements": engagements,
                                "clicks": clicks, "conversions": found.get("conversions"),
                                "revenue": found.get("revenue_minor")}
    return basis
