"""Metrics snapshots: one over HTTP, or a streamed file of up to millions (no SQL here)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.domain.metric_rows import MetricBlock, MetricRow, MetricRows
from services.tracking.metrics.repository import MetricsRepository, PostInfo
from services.tracking.metrics.schemas import MetricsImportReport, SnapshotCreate, SnapshotRead
from services.tracking.metrics.writing import write_snapshots
from shared.http.problems import FieldError, ProblemError, conflict
from shared.ingest.batches import Progress, import_in_batches
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow

# A batch upserts each of its posts' latest figures once: larger batches pay that less often per
# row (a batch is held as columns, ~150 bytes a row).
BATCH_ROWS = 200_000


async def record(
    session: AsyncSession, engine: AsyncEngine, workspace_id: uuid.UUID, body: SnapshotCreate
) -> tuple[SnapshotRead, bool]:
    """(the snapshot as stored, whether it is new)."""
    figures = tuple(ABSENT if (v := getattr(body, name)) is None else v for name in FIGURES)
    row = MetricRow(1, 1, body.post_id, body.captured_at, body.source.value, body.confidence, figures)
    outcome = await write_snapshots(session, engine, workspace_id, [row], datetime.now(UTC))
    if outcome.rejected:
        (issue,) = outcome.rejected[0].issues
        if issue.field == "row":
            raise conflict(issue.reason)
        error = FieldError(field=f"body.{issue.field}", message=issue.reason, type="value_error")
        raise ProblemError(422, "Request validation failed", "1 field is invalid", "validation-error",
                           [error])
    stored = await MetricsRepository(session).snapshot(
        workspace_id, body.post_id, body.captured_at, body.source.value)
    assert stored is not None
    return SnapshotRead.model_validate(stored), bool(outcome.stored)


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, post_id: uuid.UUID,
    before: tuple[datetime, str] | None, limit: int,
) -> Sequence[SnapshotRead]:
    rows = await MetricsRepository(session).snapshots(workspace_id, post_id, before, limit + 1)
    return [SnapshotRead.model_validate(r) for r in rows]


class _SnapshotWriter:
    def __init__(self, session: AsyncSession, engine: AsyncEngine, workspace_id: uuid.UUID) -> None:
        self.session, self.engine, self.workspace_id = session, engine, workspace_id
        self.received_at = datetime.now(UTC)
        self.already_stored = self.decreased = self.posts_updated = 0
        self.posts: dict[uuid.UUID, PostInfo] = {}

    async def __call__(self, rows: list[MetricRow | MetricBlock]) -> Sequence[RejectedRow]:
        outcome = await write_snapshots(self.session, self.engine, self.workspace_id, rows, self.received_at,
                                        self.posts)
        await self.session.commit()
        self.already_stored += outcome.already_stored
        self.decreased += len(outcome.decreased)
        self.posts_updated += len(outcome.posts_updated)
        return outcome.rejected


async def import_stream(
    session: AsyncSession, engine: AsyncEngine, workspace_id: uuid.UUID, chunks: AsyncIterable[bytes],
    fmt: ImportFormat, progress: Progress | None = None,
) -> MetricsImportReport:
    """Stores every valid row, committing batch by batch on `session`."""
    writer = _SnapshotWriter(session, engine, workspace_id)
    rows = MetricRows(writer.received_at)
    parser = ImportParser[MetricRow | MetricBlock](fmt, rows)
    tally = await import_in_batches(parser, chunks, writer, BATCH_ROWS, progress)
    for warning in rows.warnings:
        tally.reject(warning)
    # A bulk load leaves the planner's statistics behind until autovacuum catches up: KPIs by
    # platform read right after 90,000 daily rows were imported into an empty table were planned
    # for 2 rows, a 137 ms read; sampled afresh, it planned a hash join (docs/tracking.md).
    if await MetricsRepository(session).refresh_statistics(tally.written - writer.already_stored):
        await session.commit()
    return MetricsImportReport(
        format=fmt, rows=tally.rows, stored=tally.written - writer.already_stored,
        already_stored=writer.already_stored, rejected=tally.rejected, decreased=writer.decreased,
        posts_updated=writer.posts_updated, problems=tally.sorted_problems(),
        problems_truncated=tally.truncated,
    )
