"""`icp recheck`: stored checks re-evaluated under the current rule sets.

Every check whose result changed is updated (new findings, rule-set versions, `checked_at`); only
those whose verdict changed are announced (`DisclosureCheckCompleted` with `previous_verdict`, and
`DisclosureViolationDetected` when now non-compliant), and only for drafts and posts: ad-hoc API
checks are never announced. Each batch commits on its own, so an interrupted run keeps its progress
and a second run finds nothing left to change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.compliance.check import service as checks
from services.compliance.check.repository import CheckRepository
from services.compliance.events import publishers
from services.compliance.models import Check
from services.compliance.rules.catalog import RuleCatalog


@dataclass
class RecheckProgress:
    total: int
    checked: int = 0
    updated: int = 0
    verdicts_changed: int = 0
    announced: int = 0


@dataclass(frozen=True)
class RecheckScope:
    workspace_id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None


async def recheck(
    sessions: async_sessionmaker[AsyncSession], catalog: RuleCatalog, scope: RecheckScope,
    batch_size: int = 200, report: Callable[[RecheckProgress], None] = lambda _: None,
) -> RecheckProgress:
    async with sessions() as session:
        progress = RecheckProgress(await CheckRepository(session).count(
            scope.workspace_id, scope.campaign_id))
    after: uuid.UUID | None = None
    while True:
        async with sessions() as session, session.begin():
            rows = await CheckRepository(session).batch_after(
                after, batch_size, scope.workspace_id, scope.campaign_id)
            if not rows:
                return progress
            await recheck_batch(session, catalog, rows, progress)
        after = rows[-1].id
        report(progress)


async def recheck_batch(
    session: AsyncSession, catalog: RuleCatalog, rows: Sequence[Check], progress: RecheckProgress
) -> None:
    for row in rows:
        progress.checked += 1
        previous = row.verdict
        if not checks.reevaluate(row, catalog):
            continue
        progress.updated += 1
        if row.verdict == previous:
            continue
        progress.verdicts_changed += 1
        if row.subject_type != checks.ADHOC:
            publishers.check_completed(session, row, previous_verdict=previous)
            progress.announced += 1
    await session.flush()
