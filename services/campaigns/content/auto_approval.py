"""The worker's auto-approval job: drafts the brand left unanswered for their campaign's number
of business days are approved, when their newest disclosure check passed (ContentApproved with
`auto_approved`). A job rather than a rule applied on read, so the approval is an event at the
time it happens and the collaboration moves on without anyone reading it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.campaigns.collaboration.repository import CollaborationRepository
from services.campaigns.content import flows
from services.campaigns.content.repository import AWAITING, ContentRepository
from services.campaigns.domain import content as rules
from services.campaigns.models.content import Draft

log = logging.getLogger(__name__)


async def approve_due(sessions: async_sessionmaker[AsyncSession], now: datetime,
                      limit: int = 100) -> int:
    """Approves the drafts due by `now`, each in its own transaction; how many it approved."""
    async with sessions() as session:
        due = await ContentRepository(session).due_for_auto_approval(now, limit)
    approved = 0
    for draft in due:
        async with sessions() as session, session.begin():
            approved += await _approve_one(session, draft, now)
    return approved


async def _approve_one(session: AsyncSession, due: Draft, now: datetime) -> int:
    """Locks the collaboration, then the draft (the order every writer keeps), and approves it if
    it is still awaiting the brand, still due and its newest check still passes."""
    collaboration = await CollaborationRepository(session).get(
        due.workspace_id, due.collaboration_id, for_update=True)
    repository = ContentRepository(session)
    draft = await repository.draft(due.workspace_id, due.id, for_update=True)
    if collaboration is None or draft is None or draft.status != AWAITING \
            or draft.auto_approve_at is None or draft.auto_approve_at > now:
        return 0
    check = flows.newest(await repository.checks(draft.workspace_id, [draft.id]))
    if not rules.may_auto_approve(
            rules.CheckResult(check.check_id, check.verdict, check.checked_at) if check else None):
        return 0
    log.info("draft approved after the brand's silence", extra={
        "draft_id": str(draft.id), "due": draft.auto_approve_at.isoformat()})
    await flows.approve(session, collaboration, draft, at=now, actor=None, auto=True)
    return 1


class AutoApprover:
    name = "content-auto-approval"

    def __init__(self, sessions: async_sessionmaker[AsyncSession], interval_s: float) -> None:
        self.sessions, self.period_s = sessions, interval_s

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        while not stop.is_set():
            beat()
            try:
                await approve_due(self.sessions, datetime.now(UTC))
            except Exception:  # the database away, say: the next round retries
                log.exception("auto-approval round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.period_s)
