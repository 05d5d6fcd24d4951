"""Events this service consumes: type → handler (each runs in the consumer's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.compliance import flows
from services.compliance.campaign import service as campaigns
from services.compliance.check.service import Subject
from services.compliance.rules.catalog import RuleCatalog
from shared.bus.consumer import Handler
from shared.events.base import Event
from shared.events.catalog.campaigns import CampaignGuidelinesUpdated, ContentSubmitted
from shared.events.catalog.tracking import PostPublished
from shared.events.envelope import Envelope
from shared.events.problems import require_workspace


async def on_guidelines_updated(
    catalog: RuleCatalog, session: AsyncSession, envelope: Envelope[CampaignGuidelinesUpdated]
) -> None:
    await flows.guidelines_updated(session, catalog, require_workspace(envelope), envelope.data)


async def on_content_submitted(
    catalog: RuleCatalog, session: AsyncSession, envelope: Envelope[ContentSubmitted]
) -> None:
    draft = envelope.data
    subject = Subject("draft", draft.submission_id, draft.campaign_id, draft.influencer_id)
    await flows.check_content(session, catalog, require_workspace(envelope), subject, _content(draft))


async def on_post_published(
    catalog: RuleCatalog, session: AsyncSession, envelope: Envelope[PostPublished]
) -> None:
    post = envelope.data
    subject = Subject("post", post.post_id, post.campaign_id, post.influencer_id)
    await flows.check_content(session, catalog, require_workspace(envelope), subject, _content(post))


def _content(event: ContentSubmitted | PostPublished) -> flows.Content:
    return flows.Content(
        text=event.text, platform=event.platform, format=event.format,
        paid_partnership_label=event.paid_partnership_label, relationship=event.relationship,
        image_retouched=event.image_retouched, image_ai_generated=event.image_ai_generated,
    )


async def preload_campaigns(session: AsyncSession, envelopes: Sequence[Envelope[Any]]) -> None:
    """The guidelines a batch's drafts and posts are checked against, read in one query."""
    await campaigns.load(session, {
        (envelope.workspace_id, envelope.data.campaign_id) for envelope in envelopes
        if isinstance(envelope.data, ContentSubmitted | PostPublished) and envelope.workspace_id
    })


def build_handlers(catalog: RuleCatalog) -> dict[type[Event], Handler]:
    """The handlers, bound to the rule catalog the worker loaded at start-up."""
    return {
        CampaignGuidelinesUpdated: partial(on_guidelines_updated, catalog),
        ContentSubmitted: partial(on_content_submitted, catalog),
        PostPublished: partial(on_post_published, catalog),
    }
