from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.tracking.access import ReadAccess
from services.tracking.recommendations import service
from services.tracking.recommendations.schemas import Recommendations
from shared.http.app import SessionDep
from shared.http.problems import PROBLEM_RESPONSES
from shared.vocabulary import GoalMetric

router = APIRouter(prefix="/v1/campaigns", tags=["recommendations"], responses=PROBLEM_RESPONSES)
DESCRIPTION = """
What to change (guide step 8), from the campaign's KPIs per post; every recommendation carries
the figures it rests on.

- **Rankings** of platforms, formats, markets and creators by cost per unit of the goal metric
  (Σ cost / Σ units; a collaboration's cost shared equally by its posts), cheapest first, with a
  90 % interval from 5 costed posts and a sample-size caveat below that.
- **Underperformers**: creators and platforms whose engagements fall short of what their follower
  tiers' benchmark (ER by followers) predicts for their posts.
- **Budget shifts**: half the costliest segment's spend to the cheapest, when the costliest pays
  ≥ 25 % more per unit; expected effect = amount / each side's cost per unit, with a 90 % interval
  of the net effect, or a caveat where the data is thin.
- **Format experiments**: a short video or a poll format native to a platform the campaign pays
  on and has not tried, sized at one post at that platform's cost per post.

The goal metric is `goal` when given, else the campaign's first goal, else engagements.
"""


@router.get("/{campaign_id}/recommendations", response_model=Recommendations,
            summary="What to change in a campaign, with the numbers behind it", description=DESCRIPTION)
async def get_recommendations(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    goal: Annotated[GoalMetric | None, Query(description="Cost segments against this goal metric "
                                             "instead of the campaign's first")] = None,
) -> Recommendations:
    return await service.recommend(session, principal.workspace_id, campaign_id, goal)
