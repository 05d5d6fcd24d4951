"""Streaming import into storage: parse chunks as they arrive, hand accepted rows to the
service's writer in batches, report the rest.

A batch's write overlaps with parsing the next batch (one write in flight at a time, on the
writer's session), so the CPU-bound parser and PostgreSQL work side by side; parsing runs in a
worker thread so the event loop keeps serving the process's other requests. Each batch is the
writer's to commit: an import that breaks off keeps the batches before the break.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from shared.ingest.gc_pacing import full_collections_spaced
from shared.ingest.parser import ImportParser, RowBlock
from shared.ingest.report import FILE_ROW, MAX_REPORTED_ISSUES, RejectedRow, RowProblem

T = TypeVar("T")
# Writes (and commits) a batch of accepted rows; returns those refused at write time.
BatchWriter = Callable[[list[T]], Awaitable[Sequence[RejectedRow]]]
Progress = Callable[[int], None]


@dataclass
class ImportTally:
    rows: int = 0  # data rows read
    written: int = 0  # rows the writer stored (accepted, not refused at write time)
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

    def sorted_problems(self) -> list[RowProblem]:
        return sorted(self.problems, key=lambda p: p.row)


class _Importer(Generic[T]):
    def __init__(self, write: BatchWriter[T], progress: Progress | None) -> None:
        self.write = write
        self.tally = ImportTally()
        self.progress = progress
        self.pending: asyncio.Task[None] | None = None

    async def submit(self, batch: _Batch[T]) -> None:
        await self.drain()
        self.pending = asyncio.create_task(self._write(batch.items, batch.rows))

    async def drain(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            await pending

    async def _write(self, items: list[T], rows: int) -> None:
        refused = await self.write(items)
        for item in sorted(refused, key=lambda r: r.row):
            self.tally.reject(item)
        self.tally.written += rows - len(refused)
        if self.progress is not None:
            self.progress(rows)


@dataclass
class _Batch(Generic[T]):
    items: list[T] = field(default_factory=list)
    rows: int = 0  # a `RowBlock` item holds many


async def import_in_batches(
    parser: ImportParser[T], chunks: AsyncIterable[bytes], write: BatchWriter[T], batch_rows: int,
    progress: Progress | None = None,
) -> ImportTally:
    """Parses `chunks` to the end and writes every accepted row; `progress` is told of rows
    handled."""
    importer: _Importer[T] = _Importer(write, progress)
    with full_collections_spaced():
        batch: _Batch[T] = _Batch()
        try:
            async for chunk in chunks:
                for item in await asyncio.to_thread(_parsed, parser, chunk):
                    batch = await _take(importer, item, batch, batch_rows)
            for item in parser.finish():
                batch = await _take(importer, item, batch, batch_rows)
            if batch.items:
                await importer.submit(batch)
        finally:
            # Even when the upload fails, the batch being written completes before the writer's
            # session goes back to the caller, who closes it.
            await importer.drain()
    return importer.tally


def _parsed(parser: ImportParser[T], chunk: bytes) -> list[T | RejectedRow]:
    return list(parser.feed(chunk))


async def _take(
    importer: _Importer[T], item: T | RejectedRow, batch: _Batch[T], batch_rows: int,
) -> _Batch[T]:
    if isinstance(item, RejectedRow):
        if item.row != FILE_ROW:
            importer.tally.rows += 1
            if importer.progress is not None:
                importer.progress(1)
        importer.tally.reject(item)
        return batch
    rows = len(item) if isinstance(item, RowBlock) else 1
    importer.tally.rows += rows
    batch.items.append(item)
    batch.rows += rows
    if batch.rows < batch_rows:
        return batch
    await importer.submit(batch)
    return _Batch()
