"""Telling database errors apart: what the client sent, and what is the database being away or
busy (retrying later cures it)."""

from __future__ import annotations

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# A server shutting down or restarting (admin command, crash, still starting): class 57's other
# codes (statement timeout, cancel) are about the statement, not the server.
_SERVER_GOING_AWAY = frozenset({"57P01", "57P02", "57P03"})

# What a later attempt of the same transaction gets past: a serialization failure or deadlock (it
# lost to a concurrent one), a statement or lock timeout (the database is busy), a read-only
# transaction (connected to a standby during a fail-over), and class 53 (too many connections,
# out of memory or disk: the server's resources, not the statement).
_TRANSIENT = frozenset({"40001", "40P01", "57014", "55P03", "25006"})


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


def transient(exc: BaseException) -> bool:
    """Whether `exc` is the database's state rather than the work's fault: the database away,
    busy or failing over, or the connection pool exhausted. Retried until it passes; the work is
    never given up on (dead-lettered) for it."""
    if database_unavailable(exc) or isinstance(exc, PoolTimeout):
        return True
    state = sqlstate(exc)
    return state is not None and (state in _TRANSIENT or state.startswith("53"))
