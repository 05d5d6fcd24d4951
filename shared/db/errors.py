"""Telling database errors apart: what the client sent, and what is the database being away."""

from __future__ import annotations

import asyncpg
from sqlalchemy.exc import DBAPIError

# A server shutting down or restarting (admin command, crash, still starting): class 57's other
# codes (statement timeout, cancel) are about the statement, not the server.
_SERVER_GOING_AWAY = frozenset({"57P01", "57P02", "57P03"})


def sqlstate(exc: BaseException | None) -> str | None:
    """The SQLSTATE of a database error, raised by asyncpg or wrapped (`orig`) by SQLAlchemy."""
    while exc is not None:
        if (state := getattr(exc, "sqlstate", None)) is not None:
            return str(state)
        exc = getattr(exc, "orig", None) or exc.__cause__
    return None


def database_unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database is unreachable or went away (not that a statement failed):
    what retrying after a wait cures."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OSError | asyncpg.InterfaceError):
        return True
    state = sqlstate(exc)
    return state is not None and (state.startswith("08") or state in _SERVER_GOING_AWAY)
