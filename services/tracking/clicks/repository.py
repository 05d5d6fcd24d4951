from __future__ import annotations

import uuid
from typing import cast

import asyncpg
from sqlalchemy import Executable, Table

from services.tracking.models import Click
from shared.db.repository import RepositoryBase
from shared.db.staged import stage

_CLICKS = cast(Table, Click.__table__)
_TOUCH = """
SELECT c.click_id, c.campaign_id, c.collaboration_id, c.clicked_at, c.is_bot, l.influencer_id,
       r.window_days, r.precedence
FROM tracking.clicks c
LEFT JOIN tracking.links l ON l.id = c.link_id AND l.workspace_id = c.workspace_id
LEFT JOIN tracking.attribution_rules r ON r.workspace_id = c.workspace_id AND r.campaign_id = c.campaign_id
WHERE c.workspace_id = $1 AND c.click_id = $2
"""


class ClickRepository(RepositoryBase):
    def add(self, row: dict[str, object], then: Executable | None = None) -> None:
        """Staged: a consumer batch's clicks are inserted in one statement at its commit
        (`then` runs after it)."""
        stage(self.session, _CLICKS, [row], then=then)

    async def touch(self, workspace_id: uuid.UUID, click_id: uuid.UUID) -> asyncpg.Record | None:
        """The click with its link's influencer and its campaign's stored attribution rule
        (`window_days`, `precedence`: null for the default), or None. Plain SQL on asyncpg's
        own connection: an order's path (`conversions.service`)."""
        return await (await self.driver(begin=False)).fetchrow(_TOUCH, workspace_id, click_id)
