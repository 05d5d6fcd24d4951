"""Events this service consumes: type → handler (each runs in the consumer's transaction)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.clicks import service as clicks
from shared.bus.consumer import Handler
from shared.events.base import Event
from shared.events.catalog.tracking import LinkClicked
from shared.events.envelope import Envelope
from shared.events.problems import require_workspace


async def on_link_clicked(session: AsyncSession, envelope: Envelope[LinkClicked]) -> None:
    clicks.record(session, require_workspace(envelope), envelope.data)


HANDLERS: dict[type[Event], Handler] = {
    LinkClicked: on_link_clicked,
}
