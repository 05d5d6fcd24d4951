"""Streaming import: parse chunks as they arrive, write accepted rows in batches, report the rest.

A batch's database write overlaps with parsing the next batch (one write in flight at a time on
the session's connection), so the CPU-bound parser and PostgreSQL work side by side.

Each batch commits on its own, holding the workspace's write lock only while it writes: an
import of millions of rows neither stalls the workspace's other writers for its whole length
nor loses what it wrote when it fails late (importing the file again upserts the rest).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.importing.gc_pacing import full_collections_spaced
from services.discovery.importing.planning import plan_upserts
from services.discovery.importing.schemas import MAX_REPORTED_ISSUES, ImportReport, RowProblem
from services.discovery.ingest.pipeline import ImportFormat, ImportParser
from services.discovery.ingest.report import FILE_ROW, AcceptedRow, RejectedRow
from services.discovery.profile_store.repository import ProfileStoreRepository
from services.discovery.profile_store.service import write_profiles

BATCH_ROWS = 5000
Progress = Callable[[int], None]


@dataclass
class _Tally:
    rows: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    truncated: bool = False

    def reject(self, item: RejectedRow) -> None:
        if item.row != FILE_ROW:
            self.rejected += 1
        for issue in item.issues:
            if len(self.problems) >= MAX_REPORTED_ISSUES:
                self.truncated = True
                return
            self.problems.append(RowProblem(row=item.row, line=item.line, field=issue.field,
                                            reason=issue.reason))


class _Importer:
    def __init__(self, session: AsyncSession, workspace_id: uuid.UUID, progress: Progress | None):
        self.repo = ProfileStoreRepository(session)
        self.session = session
        self.workspace_id = workspace_id
        self.tally = _Tally()
        self.progress = progress
        self.pending: asyncio.Task[None] | None = None

    async def submit(self, rows: list[AcceptedRow]) -> None:
        await self.drain()
        self.pending = asyncio.create_task(self._write(rows))

    async def drain(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            await pending

    async def _write(self, rows: list[AcceptedRow]) -> None:
        await self.repo.lock_workspace(self.workspace_id)
        writes, rejected = await plan_upserts(self.repo, self.workspace_id, rows)
        await write_profiles(self.session, self.workspace_id, writes)
        await self.session.commit()
        for item in sorted(rejected, key=lambda r: r.row):
            self.tally.reject(item)
        self.tally.created += sum(w.new_influencer for w in writes)
        self.tally.updated += len(rows) - len(rejected) - sum(w.new_influencer for w in writes)
        if self.progress is not None:
            self.progress(len(rows))


async def import_stream(
    session: AsyncSession, workspace_id: uuid.UUID, chunks: AsyncIterable[bytes], fmt: ImportFormat,
    preset: str | None = None, progress: Progress | None = None,
) -> ImportReport:
    """Upserts every valid row by (platform, handle), committing batch by batch on `session`;
    `progress` is told of rows handled."""
    parser = ImportParser(fmt, received_at=datetime.now(UTC), preset=preset)
    importer = _Importer(session, workspace_id, progress)
    with full_collections_spaced():
        await _run(importer, parser, chunks)
    tally = importer.tally
    return ImportReport(
        format=fmt, preset=parser.preset, rows=tally.rows, imported=tally.created + tally.updated,
        created=tally.created, updated=tally.updated, rejected=tally.rejected,
        problems=sorted(tally.problems, key=lambda p: p.row), problems_truncated=tally.truncated,
    )


async def _run(importer: _Importer, parser: ImportParser, chunks: AsyncIterable[bytes]) -> None:
    batch: list[AcceptedRow] = []
    try:
        async for chunk in chunks:
            # Parsed in a worker thread: validating a chunk's rows would hold the event loop.
            for item in await asyncio.to_thread(_parsed, parser, chunk):
                batch = await _take(importer, item, batch)
        for item in parser.finish():
            batch = await _take(importer, item, batch)
        if batch:
            await importer.submit(batch)
    finally:
        # Even when the upload fails, the batch being written completes before the session
        # goes back to the caller, who closes it.
        await importer.drain()


def _parsed(parser: ImportParser, chunk: bytes) -> list[AcceptedRow | RejectedRow]:
    return list(parser.feed(chunk))


async def _take(importer: _Importer, item: AcceptedRow | RejectedRow, batch: list[AcceptedRow]
                ) -> list[AcceptedRow]:
    if item.row != FILE_ROW:
        importer.tally.rows += 1
    if isinstance(item, RejectedRow):
        importer.tally.reject(item)
        if importer.progress is not None and item.row != FILE_ROW:
            importer.progress(1)
        return batch
    batch.append(item)
    if len(batch) < BATCH_ROWS:
        return batch
    await importer.submit(batch)
    return []
