from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from services.tracking.access import ReadAccess
from services.tracking.report import chart, service
from services.tracking.report.schemas import CampaignReport
from shared.http.app import SessionDep
from shared.http.problems import PROBLEM_RESPONSES, ProblemError

router = APIRouter(prefix="/v1/campaigns", tags=["reports"], responses=PROBLEM_RESPONSES)
Format = Literal["json", "csv", "png"]
MEDIA_TYPES: dict[str, Format] = {"application/json": "json", "text/csv": "csv", "image/png": "png"}
_CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "png": "image/png"}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": (
        "section,day,platform,metric,value,target,unit\r\n"
        "goal,2026-05-31,,engagements,16200,25000,count\r\n")},
        "image/png": {"schema": {"type": "string", "format": "binary"}}}},
    406: PROBLEM_RESPONSES[422] | {"description": "Accept names none of JSON, CSV or PNG"},
}
DESCRIPTION = """
A campaign's report for people: each goal metric against its target (current value, progress,
deadline), the KPI totals and rates, figures per platform, and each day's goal values beside the
spend so far (committed = cost counted: fees from signing, gifted value when seeded, performance
fees as accrued; paid = payments made), all in the campaign currency.

The same report as **JSON**, **CSV** (one figure per row: section, day, platform, metric, value,
target, unit) or a **PNG** chart (one panel per goal metric with its target as a dashed line to the
deadline, and one of spend over time): `?format=json|csv|png`, else the Accept header.
"""


def negotiate(request: Request, fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    accepted = []
    for part in request.headers.get("accept", "").split(","):
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media.strip():
            accepted.append((quality, media.strip().lower()))
    if not accepted:
        return "json"
    for quality, media in sorted(accepted, key=lambda item: -item[0]):
        if quality <= 0:
            continue
        if media in MEDIA_TYPES:
            return MEDIA_TYPES[media]
        if media in ("*/*", "application/*", "application/problem+json"):
            return "json"
        if media == "text/*":
            return "csv"
        if media == "image/*":
            return "png"
    raise ProblemError(406, "Not acceptable", "the report is application/json, text/csv or image/png "
                       "(or pass format=json|csv|png)", "not-acceptable")


@router.get("/{campaign_id}/report", response_model=CampaignReport, responses=RESPONSES,
            summary="A campaign's report as JSON, CSV or a PNG chart", description=DESCRIPTION)
async def get_report(
    campaign_id: uuid.UUID, request: Request, session: SessionDep, principal: ReadAccess,
    fmt: Annotated[Format | None, Query(alias="format", description="Overrides the Accept header")] = None,
) -> Any:
    chosen = negotiate(request, fmt)
    report = await service.build(session, principal.workspace_id, campaign_id)
    if chosen == "json":
        return report
    if chosen == "csv":
        body: bytes = service.to_csv(report).encode()
        name = "csv"
    else:
        body = await asyncio.to_thread(chart.render_png, report)  # CPU-bound: off the event loop
        name = "png"
    return Response(body, media_type=_CONTENT_TYPES[chosen], headers={
        "Content-Disposition": f'inline; filename="campaign-{campaign_id}-report.{name}"'})
