from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Executable, Table, text

from services.tracking.models import Click
from shared.db.repository import RepositoryBase
from shared.db.staged import stage

_CLICKS = cast(Table, Click.__table__)
_TOUCH = text("""
SELECT c.click_id, c.campaign_id, c.collaboration_id, c.clicked_at, c.is_bot, l.influencer_id
FROM tracking.clicks c LEFT JOIN tracking.links l ON l.id = c.link_id AND l.workspace_id = c.workspace_id
WHERE c.workspace_id = :workspace_id AND c.click_id = :click_id
""")


class ClickRepository(RepositoryBase):
    def add(self, row: dict[str, object], then: Executable | None = None) -> None:
        """Staged: a consumer batch's clicks are inserted in one statement at its commit
        (`then` runs after it)."""
        stage(self.session, _CLICKS, [row], then=then)

    async def touch(self, workspace_id: uuid.UUID, click_id: uuid.UUID) -> Any:
        """The click with its link's influencer, or None."""
        result = await self.session.execute(_TOUCH, {"workspace_id": workspace_id, "click_id": click_id})
        return result.mappings().first()
