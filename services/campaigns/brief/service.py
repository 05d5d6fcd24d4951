"""The match brief of a campaign: its plan in the words discovery's match reads."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.brief.schemas import MatchBriefRead
from services.campaigns.campaign import service as campaigns
from services.campaigns.campaign.document import PlanDocument
from services.campaigns.campaign.plan_schemas import TargetPersona
from services.campaigns.domain.brief import BriefInputs, match_brief
from services.campaigns.domain.budget import contingency_minor
from shared.http.problems import FieldError, ProblemError
from shared.money import Money


async def brief(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, market: str | None,
    persona: str | None, limit: int,
) -> MatchBriefRead:
    plan = await campaigns.document(session, await campaigns.get_or_raise(session, workspace_id, campaign_id))
    if market is not None and market not in plan.market_codes():
        raise _query_problem("market", f"{market} is not one of the campaign's markets "
                             f"({', '.join(plan.market_codes()) or 'none'})")
    personas = [p for p in plan.personas if persona is None or p.name == persona]
    if persona is not None and not personas:
        raise _query_problem("persona", f"the campaign has no persona named {persona!r}")
    built = match_brief(_inputs(plan, personas), market)
    return MatchBriefRead(**built.model_dump(), limit=limit)


def _inputs(plan: PlanDocument, personas: list[TargetPersona]) -> BriefInputs:
    budget, creators = plan.budget, plan.creators
    spendable = None
    if budget is not None:
        reserve = contingency_minor(budget.total_minor, budget.contingency_percent)
        spendable = Money(amount_minor=budget.total_minor - reserve, currency=budget.currency)
    return BriefInputs(
        personas=personas, markets={m.country: list(m.languages) for m in plan.markets},
        topics=list(creators.topics), platforms=list(creators.platforms),
        values=[*creators.values, *(value for p in personas for value in p.values)],
        formats=list(creators.formats), excluded_flags=list(creators.excluded_brand_safety_flags),
        allocated_platforms=[line.key for line in (budget.allocations if budget else [])
                             if line.dimension == "platform"],
        spendable=spendable, creators=creators.count)


def _query_problem(name: str, message: str) -> ProblemError:
    return ProblemError(422, "Request validation failed", "1 field is invalid", "validation-error",
                        [FieldError(field=f"query.{name}", message=message, type="value_error")])
