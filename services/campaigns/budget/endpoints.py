from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from services.campaigns.access import ReadAccess
from services.campaigns.budget import service
from services.campaigns.budget.schemas import (
    BudgetSummary,
    CommitmentPage,
    CommitmentRead,
    PaymentPage,
    PaymentRead,
)
from services.campaigns.campaign import service as campaigns
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/campaigns", tags=["budget"], responses=PROBLEM_RESPONSES)

MONEY_RULES = (
    "All figures are integer minor units of the campaign currency (the budget's). Each commitment "
    "and payment is converted at the exchange rates of its own date (the workspace's own rate "
    "when it has one, else the ECB reference rate; see /v1/fx-rates) and keeps that rate and date."
)


@router.get("/{campaign_id}/budget", response_model=BudgetSummary, summary="A campaign's budget summary",
            description=MONEY_RULES + " committed = signed contracts + gifted product value + accrued "
            "performance fees; paid = payments whose status is paid; remaining = total − committed. "
            "Per allocation line (platform, market or tier): allocated, committed and paid money "
            "attributed to it, remaining = allocated − committed; a payment falls on the lines of "
            "the contract it settles. BudgetThresholdReached is emitted once when committed reaches "
            "80 % of the total and once at 100 % (again only if spend fell back under it).")
async def get_budget(campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> BudgetSummary:
    await campaigns.get_or_raise(session, principal.workspace_id, campaign_id)
    return await service.summary(session, principal.workspace_id, campaign_id)


@router.get("/{campaign_id}/budget/commitments", response_model=CommitmentPage,
            summary="What is committed against the budget", description=MONEY_RULES)
async def list_budget_commitments(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> CommitmentPage:
    await campaigns.get_or_raise(session, principal.workspace_id, campaign_id)
    rows = await service.commitments_page(session, principal.workspace_id, campaign_id,
                                          uuid_after(page), page.limit)
    return make_page([CommitmentRead.model_validate(r) for r in rows], page.limit, lambda c: [c.id])


@router.get("/{campaign_id}/budget/payments", response_model=PaymentPage,
            summary="Payments recorded against the budget", description=MONEY_RULES)
async def list_budget_payments(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> PaymentPage:
    await campaigns.get_or_raise(session, principal.workspace_id, campaign_id)
    rows = await service.payments_page(session, principal.workspace_id, campaign_id,
                                       uuid_after(page), page.limit)
    return make_page([PaymentRead.model_validate(r) for r in rows], page.limit,
                     lambda p: [p.payment_id])
