"""`POST /v1/match`: the search index picks a bounded candidate set, `score_fit` ranks it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.influencer.read_schemas import ScorePartRead
from services.discovery.match.repository import ProfileRepository
from services.discovery.match.schemas import CostRead, MatchItem, MatchRequest, MatchResult
from services.discovery.match.scoring import Scored, score_rows
from services.discovery.search.matching import Matched, matched
from services.discovery.search.schemas import AudienceFilter, AudienceShare, SearchFilters
from shared.brief import CampaignBrief

# Scoring is Python; this bound keeps a match within its latency budget on any index size.
MATCH_CANDIDATES = 200
# A persona country counts when it holds at least this share of the candidate's audience, or
# is the top country of an audience known by no shares.
PERSONA_COUNTRY_MIN_SHARE = 0.1


def prefilter(brief: CampaignBrief, include_blocked: bool = False) -> SearchFilters:
    """`include_blocked`: a brief never asks for blocked accounts; a search sorted by fit may."""
    return SearchFilters(platforms=brief.platforms, topics=brief.topics, values=brief.required_values,
                         exclude_brand_safety_flags=brief.excluded_brand_safety_flags,
                         include_blocked=include_blocked)


def persona_countries(brief: CampaignBrief) -> AudienceFilter | None:
    # Built unvalidated: a persona may name more countries (a pan-EU brief) than the search
    # request's any_of limit lets a client send, and its codes are validated already.
    if not brief.persona.countries:
        return None
    return AudienceFilter.model_construct(dimension="country", any_of=[
        AudienceShare(value=c, min_share=PERSONA_COUNTRY_MIN_SHARE) for c in brief.persona.countries])


async def brief_matches(session: AsyncSession, workspace_id: uuid.UUID, brief: CampaignBrief,
                        also: SearchFilters | None = None) -> Matched:
    """The accounts that pass the brief's prefilter, its budget (unpriced in its currency for
    its formats, or priced within it) and `also`."""
    shown = prefilter(brief, include_blocked=also is not None and also.include_blocked)
    return await matched(session, workspace_id, shown, *([also] if also else []),
                         budget=brief.budget_per_influencer, formats=brief.formats,
                         persona_countries=persona_countries(brief))


async def candidates(session: AsyncSession, workspace_id: uuid.UUID, brief: CampaignBrief,
                     found: Matched) -> list[Scored]:
    """The most authentic MATCH_CANDIDATES of `found` (brief_matches), scored and ranked by fit."""
    ranked = found.top("authenticity", None, MATCH_CANDIDATES)
    rows = await ProfileRepository(session).candidates(workspace_id, [r.account_id for r in ranked])
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
    brief = request.brief()
    scored = await candidates(session, workspace_id, brief, await brief_matches(session, workspace_id, brief))
    return MatchResult(items=[_item(s) for s in scored[: request.limit]], candidates_scored=len(scored))
