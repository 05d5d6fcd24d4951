"""`GET /r/{code}`: public, no token (it is listed among the public routes of the HTTP contract)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from services.tracking.redirect.service import Redirects

router = APIRouter(tags=["redirect"])
Code = Annotated[str, Path(max_length=64, description="The link's short code")]
_RESPONSES: dict[int | str, dict[str, object]] = {
    302: {"description": "To the link's destination with its UTM parameters and a new "
                         "`icp_click_id`; `Location` holds it"},
    404: {"description": "Unknown or expired code: an HTML page, not a redirect",
          "content": {"text/html": {}}},
    503: {"description": "The process is starting and has not loaded its links yet "
                         "(`Retry-After: 1`)", "content": {"text/html": {}}},
}


@router.get("/r/{code}", status_code=302, response_class=Response, responses=_RESPONSES,
            summary="Follow a tracked link (public)")
async def follow_link(code: Code, request: Request) -> Response:
    """Answers at once from memory (never waits on the database or the broker). The click — its
    time, referrer without query, country from the configured header, user-agent class and bot
    flag, and a visitor hash salted per UTC day (no address is stored) — is published as
    `LinkClicked` straight to the broker, or spooled to local disk while the broker is away."""
    redirects: Redirects = request.app.state.redirects
    return redirects.follow(code, request)


@router.head("/r/{code}", status_code=302, response_class=Response, responses=_RESPONSES,
             summary="Check a tracked link (public; records no click)")
async def check_link(code: Code, request: Request) -> Response:
    """Link checkers and previews ask with HEAD: the same answer as GET, and no click."""
    redirects: Redirects = request.app.state.redirects
    return redirects.follow(code, request, record=False)
