"""Events this service consumes: type → handler (each runs in the consumer's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.collaboration import service as collaborations
from services.campaigns.content import flows as content_flows
from services.campaigns.kpi import flows as kpi_flows
from services.campaigns.relationship import service as relationships
from shared.bus.consumer import Handler
from shared.events.base import Event
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.events.catalog.discovery import InfluencerRemovedFromShortlist, InfluencerShortlisted
from shared.events.catalog.tracking import CampaignKpisUpdated, PostMetricsUpdated, PostPublished
from shared.events.envelope import Envelope
from shared.events.problems import require_workspace


async def on_influencer_shortlisted(
    session: AsyncSession, envelope: Envelope[InfluencerShortlisted]
) -> None:
    await collaborations.create_from_shortlist(session, require_workspace(envelope), envelope.data)


async def on_influencer_removed_from_shortlist(
    session: AsyncSession, envelope: Envelope[InfluencerRemovedFromShortlist]
) -> None:
    await collaborations.drop_from_shortlist(session, require_workspace(envelope), envelope.data)


async def on_campaign_kpis_updated(session: AsyncSession, envelope: Envelope[CampaignKpisUpdated]) -> None:
    await kpi_flows.apply(session, require_workspace(envelope), envelope.data)


async def on_post_metrics_updated(session: AsyncSession, envelope: Envelope[PostMetricsUpdated]) -> None:
    await relationships.post_metrics_updated(session, require_workspace(envelope), envelope.data)


async def on_disclosure_check_completed(
    session: AsyncSession, envelope: Envelope[DisclosureCheckCompleted]
) -> None:
    await content_flows.check_completed(session, require_workspace(envelope), envelope.data)


async def on_post_published(session: AsyncSession, envelope: Envelope[PostPublished]) -> None:
    await content_flows.post_published(session, require_workspace(envelope), envelope.data)


async def preload(session: AsyncSession, envelopes: Sequence[Envelope[Any]]) -> None:
    """Reads in one query per table what a batch's handlers would read one event at a time."""
    await kpi_flows.preload(session, envelopes)
    await collaborations.preload_shortlist(session, envelopes)


HANDLERS: dict[type[Event], Handler] = {
    InfluencerShortlisted: on_influencer_shortlisted,
    InfluencerRemovedFromShortlist: on_influencer_removed_from_shortlist,
    CampaignKpisUpdated: on_campaign_kpis_updated,
    PostMetricsUpdated: on_post_metrics_updated,
    DisclosureCheckCompleted: on_disclosure_check_completed,
    PostPublished: on_post_published,
}
