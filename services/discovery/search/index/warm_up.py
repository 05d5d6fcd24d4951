"""Reading the search indexes of the most recently written workspaces when the process starts.

Without it the first search of each workspace after a deploy or restart waits while the whole
workspace is read (31-55 s at a million accounts). It runs in the background: the service
answers meanwhile, and a search of the workspace being read waits for that same read.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from services.discovery.search.index.connections import driver_connection
from services.discovery.search.index.registry import current_segments

log = logging.getLogger(__name__)

RECENTLY_WRITTEN = ("SELECT workspace_id, count(*) FROM discovery.account_search"
                    " GROUP BY workspace_id ORDER BY max(updated_at) DESC")


def chosen(workspaces: Sequence[tuple[uuid.UUID, int]], max_accounts: int) -> list[uuid.UUID]:
    """Of (workspace, accounts), most recently written first: those that fit the budget together."""
    picked: list[uuid.UUID] = []
    held = 0
    for workspace_id, accounts in workspaces:
        if held + accounts <= max_accounts:
            picked.append(workspace_id)
            held += accounts
    return picked


async def warm_up(engine: AsyncEngine, max_accounts: int) -> None:
    """Reads the indexes `chosen` picks, one at a time; stops at the first failure (logged),
    leaving the rest to be read on their first search as without a warm-up."""
    try:
        async with driver_connection(engine) as connection:
            workspaces = [(r[0], r[1]) for r in await connection.fetch(RECENTLY_WRITTEN)]
        picked = chosen(workspaces, max_accounts)
        for number, workspace_id in enumerate(picked, start=1):
            started = time.monotonic()
            segments = await current_segments(engine, workspace_id)
            log.info("search index warm-up %d/%d: workspace %s, %d accounts read in %.1f s", number,
                     len(picked), workspace_id, sum(s.size for s in segments), time.monotonic() - started)
    except Exception:
        log.exception("search index warm-up stopped; the remaining workspaces load on first search")
