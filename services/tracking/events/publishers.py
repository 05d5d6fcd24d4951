"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.db import spine
from services.tracking.models import Post
from shared.bus.outbox import Outbox
from shared.events.catalog.tracking import PostPublished

_outbox = Outbox(spine.outbox)


def post_published(session: AsyncSession, post: Post) -> None:
    _outbox.add(session, PostPublished(
        post_id=post.id, campaign_id=post.campaign_id, collaboration_id=post.collaboration_id,
        deliverable_id=post.deliverable_id, influencer_id=post.influencer_id,
        platform=post.platform, format=post.format, url=post.url, text=post.text,
        paid_partnership_label=post.paid_partnership_label, relationship=post.relationship,
        image_retouched=post.image_retouched, image_ai_generated=post.image_ai_generated,
        published_at=post.published_at,
    ), post.workspace_id)
