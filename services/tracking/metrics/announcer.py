"""The worker's job announcing posts whose latest figures changed (`PostMetricsUpdated`): one
event per post however many snapshots or import batches changed it since its last one. A post is
pending while its latest row changed after it was last announced; claimed rows are skipped by
the other workers' announcers, and announced in the transaction that marks them announced."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.tracking.domain.figures import FIGURES
from services.tracking.events import publishers

log = logging.getLogger(__name__)
_CLAIM = text(f"""
SELECT l.post_id, l.workspace_id, l.campaign_id, l.captured_at, l.source, l.decreased, l.updated_at,
    {", ".join(f"l.{f}" for f in FIGURES)}, p.collaboration_id, p.influencer_id, p.platform
FROM tracking.post_metrics_latest l JOIN tracking.posts p ON p.id = l.post_id
WHERE l.announced_at IS NULL OR l.announced_at < l.updated_at
ORDER BY l.updated_at LIMIT :limit
FOR UPDATE OF l SKIP LOCKED
""")
_ANNOUNCED = text("UPDATE tracking.post_metrics_latest SET announced_at = updated_at"
                  " WHERE post_id = ANY(CAST(:posts AS uuid[]))")


class MetricsAnnouncer:
    name = "metrics-announcer"

    def __init__(self, sessions: async_sessionmaker[AsyncSession], poll_s: float, batch: int = 500) -> None:
        self.sessions, self.period_s, self.batch = sessions, poll_s, batch

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        while not stop.is_set():
            beat()
            try:
                announced = await self.announce_once()
            except Exception:  # the database away, say: the next poll retries
                log.exception("announcing metrics failed; retrying")
                announced = 0
            if announced < self.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.period_s)

    async def announce_once(self) -> int:
        async with self.sessions() as session, session.begin():
            rows = (await session.execute(_CLAIM, {"limit": self.batch})).mappings().all()
            by_workspace: dict[Any, list[Any]] = defaultdict(list)
            for row in rows:
                by_workspace[row["workspace_id"]].append(row)
            for workspace_id, latest in by_workspace.items():
                publishers.posts_metrics_updated(session, workspace_id, latest)
            if rows:
                await session.execute(_ANNOUNCED, {"posts": [r["post_id"] for r in rows]})
            return len(rows)
