from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.tracking.access import WriteAccess
from services.tracking.domain.mention_rows import COLUMNS
from services.tracking.mentions import service
from services.tracking.mentions.schemas import MentionsImportReport
from shared.http.app import SessionDep
from shared.http.imports import UNSUPPORTED, import_format
from shared.http.problems import PROBLEM_RESPONSES
from shared.ingest.parser import ImportFormat

router = APIRouter(prefix="/v1", tags=["mentions"], responses=PROBLEM_RESPONSES)
BODY: dict[str, Any] = {
    "content": {
        "text/csv": {
            "schema": {"type": "string"},
            "example": (
                "campaign_id,day,source,count,platform,market\n"
                "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0a01,2026-05-04,brandwatch,1840,instagram,DE\n"
            ),
        },
        "application/x-ndjson": {
            "schema": {"type": "string"},
            "example": (
                '{"campaign_id":"0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0a01","day":"2026-05-04",'
                '"source":"brandwatch","count":1840}\n'
            ),
        },
    }
}


@router.post(
    "/mentions:import",
    response_model=MentionsImportReport,
    openapi_extra={"requestBody": BODY},
    responses=UNSUPPORTED,
    summary="Import social-listening mention counts per day (source stated)",
    description=(
        f"Streamed CSV or NDJSON with {', '.join(COLUMNS)} (platform and market optional): how "
        "many brand mentions a listening source counted on a UTC day for a campaign. A day already "
        "imported from the same source (and platform, market) is replaced, so a corrected export "
        "can be sent again. A campaign's `mentions` KPI is its registered posts plus these counts "
        "(a source that counts the campaign's own posts counts them twice: filter them out at the "
        "source). Bad rows are reported alone, with the field and the reason."
    ),
)
async def import_mentions(
    request: Request,
    session: SessionDep,
    principal: WriteAccess,
    fmt: Annotated[ImportFormat | None, Query(alias="format", description="Overrides Content-Type")] = None,
) -> MentionsImportReport:
    return await service.import_stream(
        session, principal.workspace_id, request.stream(), import_format(request, fmt)
    )
