from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.domain.metric_rows import COLUMNS
from services.tracking.metrics import service
from services.tracking.metrics.schemas import MetricsImportReport, SnapshotCreate, SnapshotPage, SnapshotRead
from services.tracking.post import service as posts
from shared.http.app import SessionDep
from shared.http.imports import UNSUPPORTED, import_format
from shared.http.pagination import PageParams, make_page, page_params, timestamp_text_after
from shared.http.problems import PROBLEM_RESPONSES
from shared.ingest.parser import ImportFormat

router = APIRouter(prefix="/v1", tags=["metrics"], responses=PROBLEM_RESPONSES)

_RULES = (
    "A snapshot is one observation of a post's cumulative counts, idempotent on (post, "
    "captured_at, source): sending it again stores nothing; the same key with other figures is "
    "refused (snapshots never change). Late and out-of-order snapshots are accepted. A counter "
    "lower than in the post's figures before the snapshot is stored as sent and flagged in "
    "`decreased`. The post must be registered in the workspace; `captured_at` may be neither "
    "more than a day before its publication nor more than a day after it is received.")
BODY: dict[str, Any] = {"content": {
    "text/csv": {"schema": {"type": "string"}, "example": (
        "post_id,captured_at,source,impressions,reach,views,likes,comments,shares,saves\n"
        "0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05,2026-05-05T18:00:00Z,imported,61200,48900,52300,3140,212,95,410\n")},
    "application/x-ndjson": {"schema": {"type": "string"}, "example": (
        '{"post_id":"0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05","captured_at":"2026-05-05T18:00:00Z",'
        '"views":52300,"likes":3140,"comments":212}\n')},
}}


@router.post("/metrics", status_code=201, response_model=SnapshotRead,
             summary="Record one metrics snapshot of a post", description=_RULES,
             responses={200: {"model": SnapshotRead, "description": "Stored before: nothing changed"},
                        409: PROBLEM_RESPONSES[422] | {"description": "Stored before with other figures"}})
async def record_snapshot(
    body: SnapshotCreate, request: Request, session: SessionDep, principal: WriteAccess,
) -> JSONResponse:
    snapshot, created = await service.record(session, request.app.state.engine, principal.workspace_id, body)
    return JSONResponse(snapshot.model_dump(mode="json"), status_code=201 if created else 200)


@router.post(
    "/metrics:import", response_model=MetricsImportReport, openapi_extra={"requestBody": BODY},
    responses=UNSUPPORTED,
    summary="Bulk import of metrics snapshots (streamed CSV or NDJSON), reported per row",
    description=(
        "The body is read as it arrives, never held whole (up to millions of rows). Columns "
        f"(CSV header or NDJSON keys): {', '.join(COLUMNS)}; `post_id` and `captured_at` are "
        "required, `source` defaults to `imported`, empty figures are not reported. " + _RULES +
        " A row with an unknown post, a negative, fractional or non-finite count, an unreadable "
        "timestamp or a malformed line is rejected alone, with its row, field and reason; the "
        f"good rows are stored, in batches of {service.BATCH_ROWS:,} committed as they are "
        "written: an upload that breaks off keeps the batches before the break, and sending the "
        "file again stores the rest (what was stored is counted as already stored). Each batch "
        "announces each post whose latest figures changed once (`PostMetricsUpdated`)."),
)
async def import_metrics(
    request: Request, session: SessionDep, principal: WriteAccess,
    fmt: Annotated[ImportFormat | None, Query(alias="format", description="Overrides Content-Type")] = None,
) -> MetricsImportReport:
    chosen = import_format(request, fmt)
    return await service.import_stream(session, request.app.state.engine, principal.workspace_id,
                                       request.stream(), chosen)


@router.get("/posts/{post_id}/metrics", response_model=SnapshotPage,
            summary="List a post's metrics snapshots, newest first")
async def list_snapshots(
    post_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
) -> SnapshotPage:
    await posts.get_or_raise(session, principal.workspace_id, post_id)
    rows = await service.list_page(session, principal.workspace_id, post_id, timestamp_text_after(page),
                                     page.limit)
    made = make_page(list(rows), page.limit, lambda s: [s.captured_at.isoformat(), s.source])
    return SnapshotPage(items=made.items, next_cursor=made.next_cursor)
