from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.campaign import service as campaigns
from services.tracking.comments import service
from services.tracking.comments.schemas import CommentPage, CommentsImportReport, SentimentRead
from services.tracking.domain.comment_rows import COLUMNS, REQUIRED
from services.tracking.post import service as posts
from shared.http.app import SessionDep
from shared.http.imports import UNSUPPORTED, import_format
from shared.http.pagination import PageParams, make_page, page_params, timestamp_text_after
from shared.http.problems import PROBLEM_RESPONSES, not_found
from shared.ingest.parser import ImportFormat

router = APIRouter(prefix="/v1", tags=["comments"], responses=PROBLEM_RESPONSES)
_POST = "0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05"
BODY: dict[str, Any] = {"content": {
    "text/csv": {"schema": {"type": "string"}, "example": (
        "post_id,comment_id,text,commented_at,author\n"
        f'{_POST},17890011,"Love this serum, my skin is glowing!",2026-05-05T18:02:00Z,mia.k\n'
        f'{_POST},17890012,"Me encanta, lo compraré",2026-05-05T18:03:10Z,lucia\n')},
    "application/x-ndjson": {"schema": {"type": "string"}, "example": (
        f'{{"post_id":"{_POST}","comment_id":"17890013","text":"It broke me out, sadly",'
        '"commented_at":"2026-05-05T19:40:00Z"}\n')},
}}
VERDICTS = (
    "Each comment is judged once as it is stored: **spam** (emoji_only: no letter or digit; "
    "link_bait: a link, a web address or a call to follow, visit or message someone; repeated: one "
    "word or phrase over and over, or the same text by the same author on the same post again, "
    "the first copy counting) and left out of the score; else its language is detected (lingua, "
    "sixteen languages) and, in English, scored by VADER (compound score in [-1, 1]: positive "
    "from +0.05, negative from -0.05); a comment of fewer than two words, of a language lingua "
    "cannot tell, or of a language without an analyser is **unscored** with that reason, never "
    "counted as neutral.")
SENTIMENT = ("The sentiment value is the mean compound score of the scored comments, in [-1, 1] "
             "(score_sum / scored; null when none is scored): the `sentiment` goal metric of the "
             "campaign's KPIs. " + VERDICTS)


@router.post(
    "/comments:import", response_model=CommentsImportReport, openapi_extra={"requestBody": BODY},
    responses=UNSUPPORTED, summary="Import comments on posts (streamed CSV or NDJSON), reported per row",
    description=(
        f"Columns (CSV header or NDJSON keys): {', '.join(COLUMNS)}; {', '.join(REQUIRED)} are required. "
        "`comment_id` is the platform's id of the comment: idempotent on (post, comment_id), so "
        "sending a file again stores nothing twice, and a comment whose text changed (edited) "
        "replaces the one stored. `author` (the handle) is only compared, to tell repeats, and "
        "never kept. A row with an unknown post, a comment dated before its post or more than a day "
        "after it is received, an empty text or a malformed line is rejected alone, with its "
        f"field and reason. Rows are stored in batches of {service.BATCH_ROWS:,}, each committed: an "
        "upload that breaks off keeps the batches before the break. " + VERDICTS),
)
async def import_comments(
    request: Request, session: SessionDep, principal: WriteAccess,
    fmt: Annotated[ImportFormat | None, Query(alias="format", description="Overrides Content-Type")] = None,
) -> CommentsImportReport:
    return await service.import_stream(session, principal.workspace_id, request.stream(),
                                       import_format(request, fmt))


@router.get("/posts/{post_id}/comments", response_model=CommentPage,
            summary="A post's comments with their verdicts, newest first", description=VERDICTS)
async def list_comments(
    post_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    page: Annotated[PageParams, Depends(page_params)],
    status: Annotated[Literal["scored", "unscored", "spam"] | None, Query(description="Only these")] = None,
) -> CommentPage:
    await posts.get_or_raise(session, principal.workspace_id, post_id)
    rows = await service.list_page(session, principal.workspace_id, post_id, timestamp_text_after(page),
                                   page.limit, status)
    made = make_page(rows, page.limit, lambda c: [c.commented_at.isoformat(), c.comment_id])
    return CommentPage(items=made.items, next_cursor=made.next_cursor)


@router.get("/posts/{post_id}/sentiment", response_model=SentimentRead,
            summary="The sentiment of a post's comments", description=SENTIMENT)
async def post_sentiment(post_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> SentimentRead:
    await posts.get_or_raise(session, principal.workspace_id, post_id)
    return await service.sentiment(session, principal.workspace_id, "post_id", post_id)


@router.get("/influencers/{influencer_id}/sentiment", response_model=SentimentRead,
            summary="The sentiment of the comments on a creator's posts, in every campaign",
            description=SENTIMENT)
async def influencer_sentiment(
    influencer_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    by: Annotated[Literal["none", "post"], Query(description="Also per post")] = "none",
) -> SentimentRead:
    return await service.sentiment(session, principal.workspace_id, "influencer_id", influencer_id, by)


@router.get("/campaigns/{campaign_id}/sentiment", response_model=SentimentRead,
            summary="The sentiment of the comments on a campaign's posts", description=SENTIMENT)
async def campaign_sentiment(
    campaign_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
    by: Annotated[Literal["none", "post", "influencer"],
                  Query(description="Also per post or creator")] = "none",
) -> SentimentRead:
    found = await service.sentiment(session, principal.workspace_id, "campaign_id", campaign_id, by)
    if not found.comments and await campaigns.get(session, principal.workspace_id, campaign_id) is None:
        raise not_found("campaign")
    return found
