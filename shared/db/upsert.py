"""Read models kept from events: store a row unless a newer version of it is already stored.

Events of one aggregate arrive in order, but a replayed or redelivered old one must not roll a
read model back; the row's own time of change (from the event) decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute

M = TypeVar("M", bound=DeclarativeBase)


async def upsert_if_newer(
    session: AsyncSession, model: type[M], values: dict[str, Any], key: Sequence[str],
    changed_at: InstrumentedAttribute[Any],
) -> M | None:
    """The stored row, or None when what is stored is newer by `changed_at` than `values`."""
    statement = insert(model).values(**values)
    return await session.scalar(
        statement.on_conflict_do_update(
            index_elements=list(key),
            set_={k: statement.excluded[k] for k in values if k not in key},
            where=changed_at <= statement.excluded[changed_at.key],
        ).returning(model),
        execution_options={"populate_existing": True},
    )
