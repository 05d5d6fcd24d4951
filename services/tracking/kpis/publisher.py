"""The worker's job announcing campaigns' KPIs (`CampaignKpisUpdated`): a campaign whose inputs
changed is announced at once, then at most once per `interval_s` while changes keep coming
(the last change is always announced). Claimed rows are skipped by other workers' publishers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.tracking.events import publishers
from services.tracking.kpis import service, views
from services.tracking.kpis.service import Computed
from shared.events.catalog.tracking import AccruedFee, CampaignKpisUpdated, KpiDay, KpiSlice

log = logging.getLogger(__name__)
_DUE = text("""
SELECT workspace_id, campaign_id FROM tracking.campaign_kpi_state
WHERE (emitted_at IS NULL OR emitted_at < changed_at)
  AND (emitted_at IS NULL OR emitted_at <= now() - make_interval(secs => :interval))
ORDER BY changed_at LIMIT :limit
FOR UPDATE SKIP LOCKED
""")
# now(): the transaction's start, before the figures were read. A change written after that is
# newer, so its campaign stays due.
_EMITTED = text(
    "UPDATE tracking.campaign_kpi_state SET emitted_at = now()"
    " WHERE workspace_id = :workspace_id AND campaign_id = :campaign_id"
)


class KpiPublisher:
    name = "kpi-publisher"

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], interval_s: float, poll_s: float, batch: int = 20
    ) -> None:
        self.sessions, self.interval_s, self.period_s, self.batch = sessions, interval_s, poll_s, batch

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        while not stop.is_set():
            beat()
            try:
                published = await self.publish_due()
            except Exception:  # the database away, say: the next poll retries
                log.exception("announcing campaign KPIs failed; retrying")
                published = 0
            if published < self.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.period_s)

    async def publish_due(self) -> int:
        async with self.sessions() as session, session.begin():
            due = (await session.execute(_DUE, {"interval": self.interval_s, "limit": self.batch})).all()
            for workspace_id, campaign_id in due:
                computed = await service.compute(session, workspace_id, campaign_id, "slice")
                publishers.campaign_kpis_updated(session, workspace_id, kpis_event(computed))
                await session.execute(_EMITTED, {"workspace_id": workspace_id, "campaign_id": campaign_id})
            return len(due)


def kpis_event(computed: Computed) -> CampaignKpisUpdated:
    """The campaign's goal metrics, daily series and slices (platform × market), as the catalog
    describes them."""
    whole = computed.whole
    slices = []
    for key, group in computed.groups.items():
        platform, _, market = (key or "|").partition("|")
        slices.append(
            KpiSlice(
                platform=platform or None,
                market=market or None,
                values=views.goal_values(views.counts(computed, group), group),
                sentiment_scored=int(group.outcomes.get("sentiment_scored", 0)),
                daily=[
                    KpiDay(day=d, values=v) for d, v in views.daily_values(group, computed.clicks_tracked)
                ],
            )
        )
    costs = computed.costs
    return CampaignKpisUpdated(
        campaign_id=computed.campaign_id,
        computed_at=datetime.now(UTC),
        currency=computed.currency,
        values=views.goal_values(views.counts(computed, whole), whole),
        daily=[KpiDay(day=d, values=v) for d, v in views.daily_values(whole, computed.clicks_tracked)],
        slices=slices,
        cost_minor=costs.total_minor if costs else None,
        accrued_fees=[
            AccruedFee(
                contract_id=f.contract_id,
                collaboration_id=f.collaboration_id,
                accrued_minor=f.accrued_minor,
                capped=f.capped,
            )
            for f in costs.fees
        ]
        if costs
        else [],
    )
