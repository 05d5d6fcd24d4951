"""Social-listening mention counts: imported per campaign, day and source (the source is always
stated); a campaign's mentions are its registered posts plus these counts."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.domain.mention_rows import MentionRow, MentionRows
from services.tracking.kpis import state as kpi_state
from services.tracking.mentions.repository import MentionRepository
from services.tracking.mentions.schemas import MentionsImportReport
from shared.ingest.batches import import_in_batches
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow, rejected

BATCH_ROWS = 5_000


async def import_stream(
    session: AsyncSession, workspace_id: uuid.UUID, chunks: AsyncIterable[bytes], fmt: ImportFormat
) -> MentionsImportReport:
    imported_at = datetime.now(UTC)

    async def write(rows: list[MentionRow]) -> Sequence[RejectedRow]:
        repo = MentionRepository(session)
        known = await repo.known_campaigns(workspace_id, {r.campaign_id for r in rows})
        refused = [
            rejected(r.row, r.line, "campaign_id", "no such campaign in this workspace")
            for r in rows
            if r.campaign_id not in known
        ]
        await repo.upsert(workspace_id, [r for r in rows if r.campaign_id in known], imported_at)
        await kpi_state.mark_changed(session, workspace_id, known)
        await session.commit()
        return refused

    tally = await import_in_batches(ImportParser(fmt, MentionRows()), chunks, write, BATCH_ROWS)
    return MentionsImportReport(
        format=fmt,
        rows=tally.rows,
        stored=tally.written,
        rejected=tally.rejected,
        problems=tally.sorted_problems(),
        problems_truncated=tally.truncated,
    )
