from __future__ import annotations

from typing import cast

from sqlalchemy import Executable, Table

from services.tracking.models import Click
from shared.db.repository import RepositoryBase
from shared.db.staged import stage

_CLICKS = cast(Table, Click.__table__)


class ClickRepository(RepositoryBase):
    def add(self, row: dict[str, object], then: Executable | None = None) -> None:
        """Staged: a consumer batch's clicks are inserted in one statement at its commit
        (`then` runs after it)."""
        stage(self.session, _CLICKS, [row], then=then)
