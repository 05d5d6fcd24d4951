"""Events this service consumes: type → handler (each runs in the consumer's transaction)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.collaboration import service as collaborations
from shared.bus.consumer import Handler
from shared.events.base import Event
from shared.events.catalog.discovery import InfluencerRemovedFromShortlist, InfluencerShortlisted
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


HANDLERS: dict[type[Event], Handler] = {
    InfluencerShortlisted: on_influencer_shortlisted,
    InfluencerRemovedFromShortlist: on_influencer_removed_from_shortlist,
}
