from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from services.discovery.access import WriteAccess
from services.discovery.profile_import import service
from services.discovery.profile_import.parsing.presets.registry import PRESETS, preset_named
from services.discovery.profile_import.schemas import ImportReport
from shared.http.app import SessionDep
from shared.http.imports import UNSUPPORTED, import_format
from shared.http.problems import PROBLEM_RESPONSES, ProblemError
from shared.ingest.parser import ImportFormat

router = APIRouter(prefix="/v1/influencers", tags=["import"], responses=PROBLEM_RESPONSES)

BODY: dict[str, Any] = {"content": {
    "text/csv": {"schema": {"type": "string"}, "example": (
        "platform,handle,followers,avg_likes,avg_comments,topics,audience_countries\n"
        "instagram,lena.berg,84000,2900,85,beauty|fashion,DE:0.62|AT:0.14\n")},
    "application/x-ndjson": {"schema": {"type": "string"}, "example": (
        '{"display_name":"Lena Berg","accounts":[{"platform":"instagram","handle":"lena.berg",'
        '"stats":{"followers":84000,"provenance":{"observed_at":"2025-05-30T08:00:00Z",'
        '"source":"imported"}}}]}\n')},
}}


@router.post(
    ":import", response_model=ImportReport, openapi_extra={"requestBody": BODY}, responses=UNSUPPORTED,
    summary="Bulk import (streamed CSV or NDJSON): upsert by (platform, handle), report per row",
    description=(
        "The body is read as it arrives, never held whole. Each valid row is upserted by "
        "(platform, handle) within the workspace; each invalid row is reported with its row "
        "number, the field and the reason, and never stops the good rows. Importing the same "
        "file again updates the same influencers and records no second snapshot. Rows are committed "
        f"in batches of {service.BATCH_ROWS:,} as they are written: an upload that breaks off keeps "
        "the batches before the break, and sending the file again upserts the rest. CSV presets: "
        + ", ".join(sorted(PRESETS)) + " (detected from the header unless `preset` is given)."),
)
async def import_influencers(
    request: Request, session: SessionDep, principal: WriteAccess,
    fmt: Annotated[ImportFormat | None, Query(alias="format", description="Overrides Content-Type")] = None,
    preset: Annotated[str | None, Query(description="CSV preset; detected when omitted")] = None,
) -> ImportReport:
    chosen = import_format(request, fmt)
    if preset is not None:
        try:
            preset_named(preset)
        except ValueError as error:
            raise ProblemError(422, "Unknown preset", str(error), "unknown-preset") from error
    return await service.import_stream(session, principal.workspace_id, request.stream(), chosen, preset)
