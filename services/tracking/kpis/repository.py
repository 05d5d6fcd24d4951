"""The SQL KPIs are computed from: a campaign's posts with their latest figures (one row per
post), and daily series aggregated in PostgreSQL by the requested group (a campaign of 1,000
posts × 90 days reads back at most 90 rows per group)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.kpis.inputs import DailyInput
from shared.db.repository import RepositoryBase

# What KPIs can be grouped by, as an expression over `p` (tracking.posts) and `$3` (the market
# of a campaign with exactly one: posts that name none are in it). Fixed text, never user input.
GROUP_KEYS = {
    "campaign": "NULL::text",
    "post": "p.id::text",
    "influencer": "p.influencer_id::text",
    "collaboration": "p.collaboration_id::text",
    "platform": "p.platform",
    "format": "p.format",
    "market": "coalesce(p.market, $3)",
    "slice": "p.platform || '|' || coalesce(p.market, $3, '')",
}
# A post's latest figures as one array (FIGURES order, ABSENT where never reported): what
# `PostFigures` holds, read without a lookup per figure.
_F = ", ".join(f"coalesce(l.{f}, {ABSENT})" for f in FIGURES)
_POSTS = f"""
SELECT p.id, p.collaboration_id, p.influencer_id, p.platform, p.format, coalesce(p.market, $3) AS market,
    coalesce(p.followers, c.followers) AS followers, p.published_at, l.captured_at, ARRAY[{_F}] AS figures
FROM tracking.posts p
LEFT JOIN tracking.post_metrics_latest l ON l.post_id = p.id
LEFT JOIN LATERAL (SELECT followers FROM tracking.contracts c
    WHERE c.workspace_id = p.workspace_id AND c.collaboration_id = p.collaboration_id
      AND c.platform = p.platform
    ORDER BY c.signed_at DESC LIMIT 1) AS c ON true
WHERE p.workspace_id = $1 AND p.campaign_id = $2
ORDER BY p.id
"""
_SUMS = ", ".join(f"sum(d.{f}_delta)::bigint AS {f}" for f in FIGURES)
# Each post's figures at the end of a day carry forward until its next measured day, so its
# increments (kept by the metrics writer: day minus its previous measured day) add up to a
# running total per group.
_DAILY = """
SELECT {key} AS key, d.day, {sums}
FROM tracking.post_metrics_daily d JOIN tracking.posts p ON p.id = d.post_id
WHERE d.campaign_id = $2 AND d.workspace_id = $1
GROUP BY 1, 2 ORDER BY 2
"""
# The same sums for the campaign as a whole, kept per day by post_metrics_daily's triggers
# (models.CampaignMetricsDaily): one row a day instead of one per post and day.
_CAMPAIGN_DAILY = """
SELECT NULL::text AS key, c.day, {figures}
FROM tracking.campaign_metrics_daily c
WHERE c.workspace_id = $1 AND c.campaign_id = $2 AND c.rows > 0
ORDER BY 2
""".format(figures=", ".join(f"CASE WHEN c.{f}_reported > 0 THEN c.{f}_delta END AS {f}" for f in FIGURES))
_INPUT = """
WITH i AS ({sql}),
    pk AS (SELECT p.id, {key} AS key FROM tracking.posts p WHERE p.workspace_id = $1 AND p.campaign_id = $2),
    ck AS (SELECT p.collaboration_id, CASE WHEN count(DISTINCT {key}) = 1 THEN min({key}) END AS key
           FROM tracking.posts p WHERE p.workspace_id = $1 AND p.campaign_id = $2
           GROUP BY p.collaboration_id)
SELECT CASE WHEN i.post_id IS NOT NULL THEN pk.key ELSE ck.key END AS key,
    i.collaboration_id, i.day, {sums}
FROM i LEFT JOIN pk ON pk.id = i.post_id LEFT JOIN ck ON ck.collaboration_id = i.collaboration_id
GROUP BY 1, 2, 3 ORDER BY 3
"""
_MENTIONS = """
SELECT {key} AS key, m.day, m.source, sum(m.count)::bigint AS count
FROM tracking.mention_counts m
CROSS JOIN LATERAL (SELECT m.platform AS platform, m.market AS market, NULL::uuid AS id,
    NULL::uuid AS influencer_id, NULL::uuid AS collaboration_id, NULL::text AS format) AS p
WHERE m.workspace_id = $1 AND m.campaign_id = $2
GROUP BY 1, 2, 3 ORDER BY 2
"""


class KpiRepository(RepositoryBase):
    """Every query reads one campaign of one workspace ($1, $2); `market` is the campaign's
    only market, if it has exactly one."""

    def __init__(self, session: Any, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                 market: str | None) -> None:
        super().__init__(session)
        self.workspace_id, self.campaign_id, self.market = workspace_id, campaign_id, market

    async def _fetch(self, query: str) -> list[Any]:
        arguments = [self.workspace_id, self.campaign_id] + ([self.market] if "$3" in query else [])
        return list(await (await self.driver()).fetch(query, *arguments))

    async def posts(self) -> list[Any]:
        return await self._fetch(_POSTS)

    async def daily(self, by: str) -> list[Any]:
        if by == "campaign":
            return await self._fetch(_CAMPAIGN_DAILY)
        return await self._fetch(_DAILY.format(key=GROUP_KEYS[by], sums=_SUMS))

    async def input_daily(self, source: DailyInput, by: str) -> list[Any]:
        sums = ", ".join(f"sum(i.{m}) AS {m}" for m in source.provides)
        return await self._fetch(_INPUT.format(sql=source.sql, key=GROUP_KEYS[by], sums=sums))

    async def mentions_daily(self, by: str) -> Sequence[Any]:
        """Listening counts belong to no post: grouped by platform or market only (else none)."""
        key = GROUP_KEYS[by] if by in ("campaign", "platform", "market", "slice") else "NULL::text"
        return await self._fetch(_MENTIONS.format(key=key))
