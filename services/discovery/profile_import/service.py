"""Streaming import of profiles: the shared batched import (`shared.ingest.batches`) upserting
each batch by (platform, handle).

Each batch commits on its own, holding the workspace's write lock only while it writes: an
import of millions of rows neither stalls the workspace's other writers for its whole length
nor loses what it wrote when it fails late (importing the file again upserts the rest).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.profile_import.parsing.pipeline import profile_parser
from services.discovery.profile_import.parsing.report import AcceptedRow
from services.discovery.profile_import.planning import plan_upserts
from services.discovery.profile_import.schemas import ImportReport
from services.discovery.profile_store.repository import ProfileStoreRepository
from services.discovery.profile_store.service import write_profiles
from shared.ingest.batches import Progress, import_in_batches
from shared.ingest.parser import ImportFormat
from shared.ingest.report import RejectedRow

BATCH_ROWS = 5000


class _ProfileWriter:
    def __init__(self, session: AsyncSession, workspace_id: uuid.UUID) -> None:
        self.session = session
        self.workspace_id = workspace_id
        self.created = 0

    async def __call__(self, rows: list[AcceptedRow]) -> Sequence[RejectedRow]:
        repo = ProfileStoreRepository(self.session)
        await repo.lock_workspace(self.workspace_id)
        writes, rejected = await plan_upserts(repo, self.workspace_id, rows)
        await write_profiles(self.session, self.workspace_id, writes)
        await self.session.commit()
        self.created += sum(w.new_influencer for w in writes)
        return rejected


async def import_stream(
    session: AsyncSession, workspace_id: uuid.UUID, chunks: AsyncIterable[bytes], fmt: ImportFormat,
    preset: str | None = None, progress: Progress | None = None,
) -> ImportReport:
    """Upserts every valid row by (platform, handle), committing batch by batch on `session`;
    `progress` is told of rows handled."""
    parser, rows = profile_parser(fmt, received_at=datetime.now(UTC), preset=preset)
    writer = _ProfileWriter(session, workspace_id)
    tally = await import_in_batches(parser, chunks, writer, BATCH_ROWS, progress)
    return ImportReport(
        format=fmt, preset=rows.preset, rows=tally.rows, imported=tally.written,
        created=writer.created, updated=tally.written - writer.created, rejected=tally.rejected,
        problems=tally.sorted_problems(), problems_truncated=tally.truncated,
    )
