from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from services.tracking.domain.fx import RateRow
from shared.db.repository import RepositoryBase

# For each rate set the workspace may use and each wanted currency, the newest rate on or before
# a day: one index probe per (set, currency).
_NEWEST_ON_OR_BEFORE = """
SELECT s.workspace_id IS NOT NULL AS own, s.base_currency, c.currency, r.rate_date, r.rate
FROM tracking.fx_rate_sets s
CROSS JOIN unnest($2::text[]) AS c(currency)
CROSS JOIN LATERAL (
    SELECT f.rate_date, f.rate FROM tracking.fx_rates f
    WHERE f.set_id = s.id AND f.currency = c.currency AND f.rate_date <= $3
    ORDER BY f.rate_date DESC LIMIT 1) AS r
WHERE s.workspace_id = $1 OR s.workspace_id IS NULL
"""
_BETWEEN = """
SELECT s.workspace_id IS NOT NULL AS own, s.base_currency, f.currency, f.rate_date, f.rate
FROM tracking.fx_rate_sets s JOIN tracking.fx_rates f ON f.set_id = s.id
WHERE (s.workspace_id = $1 OR s.workspace_id IS NULL) AND f.currency = ANY($2::text[])
  AND f.rate_date > $3 AND f.rate_date <= $4
"""
_UPSERT_SET = """
INSERT INTO tracking.fx_rate_sets AS s (workspace_id, base_currency, rates_source, updated_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (workspace_id, base_currency) DO UPDATE
SET rates_source = excluded.rates_source, updated_at = excluded.updated_at
WHERE s.updated_at <= excluded.updated_at
RETURNING id
"""
_SET_ID = ("SELECT id FROM tracking.fx_rate_sets"
           " WHERE workspace_id IS NOT DISTINCT FROM $1 AND base_currency = $2")
_UPSERT_RATES = """
INSERT INTO tracking.fx_rates AS f (set_id, currency, rate_date, rate, updated_at)
SELECT $1, u.currency, u.rate_date, u.rate, $5
FROM unnest($2::text[], $3::date[], $4::numeric[]) AS u(currency, rate_date, rate)
ON CONFLICT (set_id, currency, rate_date) DO UPDATE
SET rate = excluded.rate, updated_at = excluded.updated_at
WHERE f.updated_at <= excluded.updated_at
"""


class FxRepository(RepositoryBase):
    # Reads need no transaction of their own (an order's path sends no BEGIN and COMMIT for them).
    async def newest_on_or_before(
        self, workspace_id: uuid.UUID, currencies: Sequence[str], day: date
    ) -> list[RateRow]:
        rows = await (await self.driver(begin=False)).fetch(
            _NEWEST_ON_OR_BEFORE, workspace_id, list(currencies), day)
        return [RateRow(*row) for row in rows]

    async def between(
        self, workspace_id: uuid.UUID, currencies: Sequence[str], after: date, through: date
    ) -> list[RateRow]:
        rows = await (await self.driver(begin=False)).fetch(
            _BETWEEN, workspace_id, list(currencies), after, through)
        return [RateRow(*row) for row in rows]

    async def upsert_set(
        self, workspace_id: uuid.UUID | None, base_currency: str, source: str, updated_at: datetime
    ) -> int:
        driver = await self.driver()
        set_id = await driver.fetchval(_UPSERT_SET, workspace_id, base_currency, source, updated_at)
        if set_id is None:  # a newer load of this set is stored; its rates still merge by date
            set_id = await driver.fetchval(_SET_ID, workspace_id, base_currency)
        return int(set_id)

    async def upsert_rates(
        self, set_id: int, rates: Sequence[tuple[str, date, Decimal]], updated_at: datetime
    ) -> None:
        if rates:
            currencies, days, values = zip(*rates, strict=True)
            await (await self.driver()).execute(
                _UPSERT_RATES, set_id, list(currencies), list(days), list(values), updated_at)
