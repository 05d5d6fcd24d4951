"""`POST /v1/match`: a SQL prefilter picks a bounded candidate set, `score_fit` ranks it."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, or_
from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.domain.money import Money
from services.discovery.domain.persona import CampaignBrief
from services.discovery.influencer.read_schemas import ScorePartRead
from services.discovery.match.schemas import CostRead, MatchItem, MatchRequest, MatchResult
from services.discovery.match.scoring import Scored, score_rows
from services.discovery.models import AccountSearch
from services.discovery.search.conditions import conditions, path_exists, walks
from services.discovery.search.repository import SearchRepository, sort_expression
from services.discovery.search.schemas import AudienceFilter, AudienceShare, SearchFilters

# Scoring is Python; this bound keeps a match within its latency budget on any index size.
MATCH_CANDIDATES = 200
# Fewer candidates are enough when a bounded walk down the authenticity index found this many:
# they are the most authentic matches, and reading every match to find the rest cost ~200 ms.
MATCH_WINDOW = 50
# A persona country counts when it holds at least this share of the candidate's audience.
PERSONA_COUNTRY_MIN_SHARE = 0.1


def prefilter(brief: CampaignBrief) -> SearchFilters:
    audience = [AudienceFilter(dimension="country", any_of=[
        AudienceShare(value=c, min_share=PERSONA_COUNTRY_MIN_SHARE) for c in brief.persona.countries])
    ] if brief.persona.countries else []
    return SearchFilters(platforms=brief.platforms, topics=brief.topics, values=brief.required_values,
                         exclude_brand_safety_flags=brief.excluded_brand_safety_flags, audience=audience)


def within_budget(budget: Money) -> ColumnElement[bool]:
    """No price in the budget's currency (fit marks cost unknown), or one within the budget."""
    variables = {"currency": budget.currency, "max": budget.amount_minor}
    priced = path_exists(AccountSearch.prices, "$[*] ? (@.currency == $currency)", variables)
    affordable = path_exists(
        AccountSearch.prices, "$[*] ? (@.currency == $currency && @.amount_minor <= $max)", variables)
    return or_(~priced, affordable)


async def candidates(session: AsyncSession, workspace_id: uuid.UUID, brief: CampaignBrief,
                     extra: list[ColumnElement[bool]]) -> list[Scored]:
    filters = prefilter(brief)
    where = conditions(workspace_id, filters) + extra
    if brief.budget_per_influencer is not None:
        where.append(within_budget(brief.budget_per_influencer))
    rows = await SearchRepository(session).page(where, sort_expression("authenticity"), None,
                                                MATCH_CANDIDATES, walks(workspace_id, filters, False),
                                                window=MATCH_WINDOW)
    return await score_rows(session, workspace_id, rows, brief)


def _item(scored: Scored) -> MatchItem:
    row, fit = scored.row, scored.fit
    cost = fit.cost
    return MatchItem(
        influencer_id=row.influencer_id, account_id=row.account_id, display_name=row.display_name,
        platform=row.platform, handle=row.handle, followers=row.followers, score=fit.score,
        confidence=fit.confidence.value, persona_match_share=fit.persona_match_share,
        parts=[ScorePartRead(name=p.name, value=p.value, points=p.points, max_points=p.max_points,
                             explanation=p.explanation, evaluated=p.evaluated) for p in fit.parts],
        cost=CostRead(price_minor=cost.price.amount_minor, currency=cost.price.currency,
                      format=cost.rate.format.value, reached_per_post=cost.reached,
                      reach_estimated=cost.reach_estimated,
                      cost_per_mille_minor=cost.cost_per_mille.amount_minor if cost.cost_per_mille else None)
        if cost else None,
    )


async def match(session: AsyncSession, workspace_id: uuid.UUID, request: MatchRequest) -> MatchResult:
    scored = await candidates(session, workspace_id, request.brief(), [])
    return MatchResult(items=[_item(s) for s in scored[: request.limit]], candidates_scored=len(scored))
