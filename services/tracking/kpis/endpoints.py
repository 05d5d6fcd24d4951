from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from services.tracking.access import ReadAccess
from services.tracking.domain.kpi_math import FORMULAS
from services.tracking.kpis import service, views
from services.tracking.kpis.schemas import KpiReport
from shared.http.app import SessionDep
from shared.http.problems import PROBLEM_RESPONSES, not_found
from shared.http.responses import model_response

router = APIRouter(prefix="/v1/campaigns", tags=["kpis"], responses=PROBLEM_RESPONSES)
_FORMULAS = "\n".join(f"- **{name}** = {formula}" for name, (formula, _) in FORMULAS.items())
DESCRIPTION = f"""
A campaign's KPIs, as totals and as daily running totals, for the campaign and per group (`by`).

**Inputs.** Each post's latest figures (the latest known value of each: impressions, reach,
views, watch time, likes, comments, shares, saves, clicks, profile visits, follows); the daily
figures (each post's figures at the end of each UTC day it was measured, carried forward);
listening mention counts; tracked clicks, conversions, attributed revenue and comment sentiment
once they are recorded (until then clicks are the platforms' reported link clicks, and
conversions, revenue and sentiment are unknown: null, never 0); the cost from the contracts in
force, seeded products and the performance fees accrued under each contract's cap, in the
campaign currency, each converted amount with its rate and date.

**Formulas** (every ratio names its denominator; money ratios are in minor units of the campaign
currency):
{_FORMULAS}
- **mentions** = posts registered + listening mentions imported
- **ugc_pieces** = posts registered; **followers_gained** = Σ follows
- **sentiment** = mean VADER compound score of the scored comments, in [-1, 1] (Σ scores /
  comments scored: English, not spam; comments in other languages and spam are never counted —
  see `GET /v1/campaigns/{{id}}/sentiment`)

A collaboration's cost is shared equally by its posts in per-post and per-group figures; the
campaign's cost is all of it. Reach summed over posts counts a person reached by two posts twice.
"""


@router.get(
    "/{campaign_id}/kpis",
    response_model=KpiReport,
    summary="A campaign's KPIs with their formulas",
    description=DESCRIPTION,
)
async def get_kpis(
    campaign_id: uuid.UUID,
    session: SessionDep,
    principal: ReadAccess,
    by: Annotated[
        Literal["campaign", "post", "influencer", "platform", "format", "market"],
        Query(description="Group the figures by this, beside the campaign's totals"),
    ] = "campaign",
    daily: Annotated[bool, Query(description="Include each group's daily running totals")] = True,
) -> Response:
    computed = await service.compute(session, principal.workspace_id, campaign_id, by,
                                     "groups" if daily else "none")
    if computed.campaign is None and not computed.posts:
        raise not_found("campaign")
    return model_response(views.report(computed, daily))
