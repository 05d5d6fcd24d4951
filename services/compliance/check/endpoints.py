from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from services.compliance.access import ReadAccess, WriteAccess
from services.compliance.check import service
from services.compliance.check.repository import CheckFilters
from services.compliance.check.schemas import CheckCreate, CheckPage, CheckRead
from services.compliance.disclosure_engine.models import Verdict
from services.compliance.rule_catalog import CatalogDep
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/checks", tags=["checks"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=CheckRead, summary="Check a text's disclosure")
async def create_check(
    body: CheckCreate, session: SessionDep, catalog: CatalogDep, principal: WriteAccess,
    idempotency: IdempotencyDep,
) -> JSONResponse:
    """Checks the text against the disclosure rules of each market and stores the check. The
    verdict is the strictest across the markets; each finding names its market and a fix."""
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    check = await service.create(session, catalog, principal.workspace_id, body)
    return await idempotency.respond(201, CheckRead.of(check))


def check_filters(
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    influencer_id: Annotated[uuid.UUID | None, Query()] = None,
    verdict: Annotated[Verdict | None, Query()] = None,
    market: Annotated[str | None, Query(min_length=2, max_length=2, description="ISO code")] = None,
) -> CheckFilters:
    return CheckFilters(campaign_id, influencer_id, verdict.value if verdict else None,
                        market.upper() if market else None)


@router.get("", response_model=CheckPage, summary="List checks, newest first")
async def list_checks(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[CheckFilters, Depends(check_filters)],
) -> CheckPage:
    rows = await service.list_page(session, principal.workspace_id, filters, uuid_after(page),
                                   page.limit)
    return make_page([CheckRead.of(r) for r in rows], page.limit, lambda c: [c.id])


@router.get("/{check_id}", response_model=CheckRead, summary="Get a check")
async def get_check(check_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> CheckRead:
    return CheckRead.of(await service.get_or_raise(session, principal.workspace_id, check_id))
