"""Rows staged on a session and inserted just before it commits, one statement per table.

A consumer batch that records hundreds of rows pays one round trip per table instead of one per
row, and no unit-of-work bookkeeping. The rows commit with the transaction or not at all, in the
order they were staged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Executable, Table, event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_STAGED = "icp_staged_rows"
Row = dict[str, Any]


@dataclass
class _Rows:
    items: list[Any] = field(default_factory=list)
    row_of: Callable[[Any], Row] | None = None
    then: Executable | None = None
    columnar: Executable | None = None

    def rows(self) -> list[Row]:
        return [self.row_of(i) for i in self.items] if self.row_of else self.items


def stage(session: AsyncSession, table: Table, items: Iterable[Any], *,
          row_of: Callable[[Any], Row] | None = None, then: Executable | None = None,
          columnar: Executable | None = None) -> None:
    """Stages rows of `table`: `items` are rows, or objects that `row_of` turns into rows when they
    are inserted (so changes made to them until then are kept). `then` runs once after the insert.
    `columnar` replaces the multi-row INSERT: a statement given one array per column, each named
    as the rows' key, which inserts them in their order (unnested: the same statement text
    whatever the count, no parameter per field to bind); it may carry a RETURNING of its own (a
    NOTIFY: PostgreSQL delivers one per transaction and channel)."""
    staged: dict[Table, _Rows] = session.sync_session.info.setdefault(_STAGED, {})
    batch = staged.setdefault(table, _Rows(row_of=row_of))
    batch.items.extend(items)
    if then is not None:
        batch.then = then
    if columnar is not None:
        batch.columnar = columnar


async def insert_staged(session: AsyncSession) -> None:
    """Inserts what is staged now, for a query of the same transaction that must see it."""
    await session.run_sync(_insert)


@event.listens_for(Session, "before_commit")
def _insert(session: Session) -> None:
    for table, batch in session.info.pop(_STAGED, {}).items():
        rows = batch.rows()
        if batch.columnar is not None:
            session.execute(batch.columnar, {key: [row[key] for row in rows] for key in rows[0]})
        else:
            session.execute(insert(table), rows)
        if batch.then is not None:
            session.execute(batch.then)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_STAGED, None)
