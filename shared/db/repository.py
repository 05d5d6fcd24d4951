"""Base for repositories: all SQL of one noun, on the caller's session (flush, never commit)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class RepositoryBase:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
