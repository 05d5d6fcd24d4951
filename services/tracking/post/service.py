"""Posts: registered once per (platform, URL), announced to compliance and campaigns, and kept
with the newest disclosure verdict compliance sends back (no SQL, no commit)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.contract import service as contracts
from services.tracking.domain.post_urls import url_key
from services.tracking.events import publishers
from services.tracking.kpis import state as kpi_state
from services.tracking.models import Contract, Post
from services.tracking.post.repository import PostFilters, PostRepository
from services.tracking.post.schemas import PostCreate
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.http.problems import FieldError, ProblemError, not_found
from shared.ids import uuid7
from shared.vocabulary import Relationship

log = logging.getLogger(__name__)


async def register(session: AsyncSession, workspace_id: uuid.UUID, body: PostCreate) -> tuple[Post, bool]:
    """(the post, whether it is new). A post already registered at the same (platform, URL) is
    returned as it is, unless it belongs to another campaign (a 409)."""
    repo = PostRepository(session)
    key = url_key(body.url)
    if (existing := await repo.by_url(workspace_id, body.platform.value, key)) is not None:
        return _same_campaign(existing, body), False
    contract = await _contract(session, workspace_id, body)
    relationship, source = _relationship(body, contract)
    influencer_id = body.influencer_id or (contract.influencer_id if contract else None)
    if influencer_id is None:
        raise _invalid("body.influencer_id", "name the influencer, or a collaboration whose "
                       "contract is known")
    followers = body.followers
    if followers is None and contract is not None and contract.platform == body.platform.value:
        followers = contract.followers
    post = await repo.add_unless_registered({
        "id": uuid7(), "workspace_id": workspace_id, "campaign_id": body.campaign_id,
        "collaboration_id": body.collaboration_id, "deliverable_id": body.deliverable_id,
        "influencer_id": influencer_id, "platform": body.platform.value, "format": body.format.value,
        "url": body.url, "url_key": key, "text": body.text, "published_at": body.published_at,
        "paid_partnership_label": body.paid_partnership_label, "relationship": relationship,
        "relationship_source": source, "image_retouched": body.image_retouched,
        "image_ai_generated": body.image_ai_generated, "market": body.market, "followers": followers,
    })
    if post is None:  # registered by a concurrent request meanwhile
        raced = await repo.by_url(workspace_id, body.platform.value, key)
        assert raced is not None
        return _same_campaign(raced, body), False
    publishers.post_published(session, post)
    await kpi_state.mark_changed(session, workspace_id, [post.campaign_id])
    return post, True


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, post_id: uuid.UUID) -> Post:
    post = await PostRepository(session).get(workspace_id, post_id)
    if post is None:
        raise not_found("post")
    return post


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, filters: PostFilters, before: uuid.UUID | None,
    limit: int,
) -> Sequence[Post]:
    return await PostRepository(session).list(workspace_id, filters, before, limit + 1)


async def record_disclosure(
    session: AsyncSession, workspace_id: uuid.UUID, event: DisclosureCheckCompleted
) -> None:
    """A post's check: kept unless the post holds a newer one (drafts' checks are not ours)."""
    if event.subject_type != "post" or event.subject_id is None:
        return
    stored = await PostRepository(session).record_disclosure(
        workspace_id, event.subject_id, event.verdict, event.check_id, event.rule_set_version,
        event.checked_at)
    if not stored:
        log.info("disclosure verdict skipped: the post is unknown or holds a newer verdict",
                 extra={"post_id": str(event.subject_id), "check_id": str(event.check_id)})


async def _contract(session: AsyncSession, workspace_id: uuid.UUID, body: PostCreate) -> Contract | None:
    if body.collaboration_id is None:
        return None
    contract = await contracts.in_force(session, workspace_id, body.collaboration_id)
    if contract is None:
        return None
    if contract.campaign_id != body.campaign_id:
        raise _invalid("body.collaboration_id", "the collaboration belongs to another campaign")
    if body.influencer_id is not None and body.influencer_id != contract.influencer_id:
        raise _invalid("body.influencer_id", "the collaboration's contract is with another influencer")
    return contract


def _relationship(body: PostCreate, contract: Contract | None) -> tuple[str, str]:
    """(relationship, where it came from). Without a contract, `paid`: the strictest disclosure."""
    if body.relationship is not None:
        return body.relationship.value, "request"
    if contract is not None:
        return contract.relationship, "contract"
    return Relationship.PAID.value, "default"


def _same_campaign(post: Post, body: PostCreate) -> Post:
    if post.campaign_id != body.campaign_id:
        raise ProblemError(409, "Conflict", "a post at this URL is registered for another campaign",
                           "conflict", extensions={"post_id": str(post.id)})
    return post


def _invalid(field: str, message: str) -> ProblemError:
    return ProblemError(422, "Request validation failed", "1 field is invalid", "validation-error",
                        [FieldError(field=field, message=message, type="value_error")])
