"""The worker's sweep of emails left `sending`: the API records an email `sending`, commits, talks
to the SMTP server, then records the outcome; a process that stopped in between left it so. Past
`outreach_sending_stale_s` (far beyond the SMTP timeout) it is logged `failed`, its outcome
unknown — visibly unsent, as a refused delivery is: the team checks the mailbox's sent folder and
marks it sent, or sends again. Never re-sent by itself: it may have gone out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.campaigns.outreach.repository import OutreachRepository

log = logging.getLogger(__name__)

UNKNOWN_OUTCOME = ("the service stopped while sending this email, so whether the SMTP server took "
                   "it is unknown: check the sent folder, then mark it sent or send it again")


async def fail_stale(sessions: async_sessionmaker[AsyncSession], now: datetime,
                     stale_after: timedelta) -> int:
    """Logs failed the emails `sending` since before `now - stale_after`; how many."""
    async with sessions() as session, session.begin():
        failed = await OutreachRepository(session).fail_stale_sending(now - stale_after,
                                                                      UNKNOWN_OUTCOME)
    for message_id in failed:
        log.warning("email left sending is logged failed", extra={"message_id": str(message_id)})
    return len(failed)


class SendingSweep:
    name = "outreach-sending-sweep"

    def __init__(self, sessions: async_sessionmaker[AsyncSession], stale_after_s: float,
                 interval_s: float) -> None:
        self.sessions, self.period_s = sessions, interval_s
        self.stale_after = timedelta(seconds=stale_after_s)

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        while not stop.is_set():
            beat()
            try:
                await fail_stale(self.sessions, datetime.now(UTC), self.stale_after)
            except Exception:  # the database away, say: the next round retries
                log.exception("outreach sending sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.period_s)
