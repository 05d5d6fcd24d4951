from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.post import service
from services.tracking.post.repository import PostFilters
from services.tracking.post.schemas import PostCreate, PostPage, PostRead
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_RESPONSES
from shared.vocabulary import Platform

router = APIRouter(prefix="/v1/posts", tags=["posts"], responses=PROBLEM_RESPONSES)


@router.post(
    "", status_code=201, response_model=PostRead, summary="Register a published post",
    responses={200: {"model": PostRead, "description": "Already registered at this (platform, URL) "
                     "for the same campaign: the stored post, nothing changed"},
               409: PROBLEM_RESPONSES[422] | {"description": "A post at this URL belongs to "
                                              "another campaign (`post_id` names it)"}},
)
async def register_post(
    body: PostCreate, session: SessionDep, principal: WriteAccess, idempotency: IdempotencyDep,
) -> JSONResponse:
    """Registers the post and announces it (`PostPublished`): compliance checks its disclosure
    against the campaign's markets and the verdict comes back on the post; campaigns marks the
    deliverable published. The relationship the disclosure follows is the request's, else the
    collaboration's contract's, else `paid`. A post is one per (platform, URL) in the workspace:
    the URL is compared without its scheme, `www.`, trailing slash, fragment and share-tracking
    parameters."""
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    post, created = await service.register(session, principal.workspace_id, body)
    return await idempotency.respond(201 if created else 200, PostRead.of(post))


def post_filters(
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    collaboration_id: Annotated[uuid.UUID | None, Query()] = None,
    influencer_id: Annotated[uuid.UUID | None, Query()] = None,
    platform: Annotated[Platform | None, Query()] = None,
) -> PostFilters:
    return PostFilters(campaign_id, collaboration_id, influencer_id, platform.value if platform else None)


@router.get("", response_model=PostPage, summary="List posts, newest first")
async def list_posts(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[PostFilters, Depends(post_filters)],
) -> PostPage:
    rows = await service.list_page(session, principal.workspace_id, filters, uuid_after(page), page.limit)
    made = make_page([PostRead.of(r) for r in rows], page.limit, lambda p: [p.id])
    return PostPage(items=made.items, next_cursor=made.next_cursor)


@router.get("/{post_id}", response_model=PostRead, summary="Get a post with its disclosure verdict")
async def get_post(post_id: uuid.UUID, session: SessionDep, principal: ReadAccess) -> PostRead:
    return PostRead.of(await service.get_or_raise(session, principal.workspace_id, post_id))
