from __future__ import annotations

from fastapi import APIRouter

from services.discovery.access import ReadAccess
from services.discovery.match import service
from services.discovery.match.schemas import MatchRequest, MatchResult
from shared.http.app import SessionDep
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/match", tags=["match"], responses=PROBLEM_RESPONSES)


@router.post(
    "", response_model=MatchResult, summary="Rank influencers by campaign fit, explained",
    description=(
        "Candidates are prefiltered in the search index (platforms, topics, required values, persona "
        f"countries at ≥ {service.PERSONA_COUNTRY_MIN_SHARE:.0%} of the audience or as the top "
        "country of an audience known without shares, excluded brand-safety flags, budget, "
        "blocklist); the "
        f"{service.MATCH_CANDIDATES} most authentic are scored: audience overlap with the persona, "
        "topic relevance, engagement against the tier benchmark, authenticity, values alignment, "
        "and cost per 1000 persona-matched people reached within budget. Over-budget or "
        "brand-unsafe accounts are excluded, not ranked low."),
)
async def match_influencers(body: MatchRequest, session: SessionDep, principal: ReadAccess) -> MatchResult:
    return await service.match(session, principal.workspace_id, body)
