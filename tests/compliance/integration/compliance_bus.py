"""Reading compliance's own events through the real broker, per test topics."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.settings import BaseServiceSettings
from shared.testing import EventLog, events_on


class ComplianceEvents(EventLog):
    async def wait_for_checks(self, count: int, timeout: float = 20) -> list[DisclosureCheckCompleted]:
        return await self.wait_for(DisclosureCheckCompleted, count, timeout)


@contextlib.asynccontextmanager
async def compliance_events(settings: BaseServiceSettings) -> AsyncIterator[ComplianceEvents]:
    """Everything compliance publishes on `compliance.check`, decoded, as it arrives."""
    async with events_on(settings, DisclosureCheckCompleted) as log:
        events = ComplianceEvents()
        events.received = log.received
        yield events
