from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Depends, Request

from services.discovery.access import ReadAccess, WriteAccess
from services.discovery.influencer import service as influencers
from services.discovery.influencer.read_schemas import InfluencerRead
from services.discovery.snapshot import service
from services.discovery.snapshot.connectors import connector_for, platform_http_client
from services.discovery.snapshot.schemas import SnapshotPage, SnapshotRead
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params
from shared.http.problems import PROBLEM_RESPONSES, ProblemError
from shared.vocabulary import Platform

router = APIRouter(prefix="/v1/influencers/{influencer_id}/accounts/{platform}/{handle}",
                   tags=["snapshots"], responses=PROBLEM_RESPONSES)
CONNECTOR_PROBLEMS: dict[int | str, dict[str, Any]] = {
    502: PROBLEM_RESPONSES[422] | {"description": "The platform answered with something unreadable"},
    503: PROBLEM_RESPONSES[422] | {"description": "No API key configured, platform quota exceeded "
                                                  "(Retry-After: seconds for a per-minute rate "
                                                  "limit; for a spent daily quota, the seconds "
                                                  "until it resets at midnight Pacific time), or "
                                                  "platform unreachable"},
}


def _before(page: PageParams) -> datetime | None:
    if page.after is None:
        return None
    try:
        before = datetime.fromisoformat(str(page.after[0]))
        # Moved to UTC here, as the driver would: an offset that carries the instant past year
        # 9999 or before year 1 overflows there, which answered a 500.
        return before.astimezone(UTC) if before.tzinfo is not None else before
    except (ValueError, IndexError, OverflowError) as error:
        raise ProblemError(400, "Invalid cursor", "the cursor is not one this API issued",
                           "invalid-cursor") from error


@router.get("/snapshots", response_model=SnapshotPage, summary="An account's dated snapshots, newest first")
async def list_snapshots(
    influencer_id: uuid.UUID, platform: Platform, handle: str, session: SessionDep,
    principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
) -> SnapshotPage:
    account = await service.account_or_raise(session, principal.workspace_id, influencer_id,
                                             platform, handle)
    rows = await service.list_page(session, account, _before(page), page.limit)
    return make_page([SnapshotRead.model_validate(r) for r in rows], page.limit,
                     lambda s: [s.observed_at.isoformat()])


@router.post("/refresh", response_model=InfluencerRead, responses=CONNECTOR_PROBLEMS,
             summary="Refresh the account's metrics from the platform API and append a snapshot")
async def refresh_account(
    influencer_id: uuid.UUID, platform: Platform, handle: str, request: Request,
    session: SessionDep, principal: WriteAccess,
    client: Annotated[httpx.AsyncClient, Depends(platform_http_client)],
) -> InfluencerRead:
    account = await service.account_or_raise(session, principal.workspace_id, influencer_id,
                                             platform, handle)
    connector = connector_for(platform, request.app.state.settings, client)
    await service.refresh(session, principal.workspace_id, account, connector)
    return await influencers.read(session, principal.workspace_id, influencer_id)
