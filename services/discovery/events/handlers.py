"""Events this service consumes: type → handler (each runs in the consumer's transaction)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.collaboration_history import service as history
from shared.bus.consumer import Handler
from shared.events.base import Event
from shared.events.catalog.campaigns import CollaborationEnded
from shared.events.envelope import Envelope
from shared.events.problems import require_workspace


async def on_collaboration_ended(session: AsyncSession, envelope: Envelope[CollaborationEnded]) -> None:
    await history.record_end(session, require_workspace(envelope), envelope.data)


HANDLERS: dict[type[Event], Handler] = {CollaborationEnded: on_collaboration_ended}
