from __future__ import annotations

from fastapi import APIRouter

from services.discovery.access import ReadAccess
from services.discovery.search import service
from services.discovery.search.schemas import SearchPage, SearchRequest
from shared.http.app import SessionDep
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/influencers", tags=["search"], responses=PROBLEM_RESPONSES)


@router.post(
    "/search", response_model=SearchPage, summary="Search influencer accounts",
    description=(
        "Results are platform accounts (each names its influencer). Filters combine with AND; "
        "values inside one list combine with OR. Audience filters match when any listed value "
        "reaches its minimum share of that account's audience (shares known from audience data; "
        "a ranking's unshared 'main country' does not count). Keyset pagination on the sort key "
        "(descending) and the account id. `facets: true` counts platforms, tiers and countries "
        "over every matching account. "
        "sort=fit scores the best prefiltered candidates of `brief` (see POST /v1/match)."),
)
async def search_influencers(body: SearchRequest, session: SessionDep, principal: ReadAccess) -> SearchPage:
    return await service.search(session, principal.workspace_id, body)
