from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from services.tracking.db import spine
from services.tracking.models import Conversion, ConversionReversal
from shared.bus.outbox import outbox_channel
from shared.db.repository import RepositoryBase


@dataclass(frozen=True, slots=True)
class ConversionRow:
    """A conversion's row as the order path writes and reads it (`models.Conversion`'s columns),
    without the ORM's per-object bookkeeping: an order builds one, and answers with it."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    order_id: str
    source: str
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None
    attributed_by: str
    click_id: uuid.UUID | None
    promo_code_id: uuid.UUID | None
    promo_code: str | None
    amount_minor: int
    currency: str
    reporting_amount_minor: int
    reporting_currency: str
    fx_rate: Decimal
    fx_rate_date: date
    commission_minor: int | None
    reversed_minor: int
    status: str
    ordered_at: datetime
    attributed_at: datetime


_COLUMNS = [f.name for f in fields(ConversionRow)]
_N = len(_COLUMNS)


@dataclass(frozen=True, slots=True)
class PromoCodeRow:
    """A promo code as an order is matched against it (`domain.promo_codes.CodeWindow`), with
    its campaign's stored attribution rule (None: the default)."""

    id: uuid.UUID
    code: str
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None
    active: bool
    valid_from: datetime
    valid_until: datetime | None
    max_uses: int | None
    uses: int
    code_key: str
    window_days: int | None
    precedence: str | None


@dataclass(frozen=True, slots=True)
class ContractInForce:
    """What an order's commission needs of the collaboration's newest contract."""

    currency: str
    influencer_id: uuid.UUID
    performance_rates: list[dict[str, Any]] | None


_CODE_COLUMNS = ("p.id, p.code, p.campaign_id, p.collaboration_id, p.influencer_id, p.active, p.valid_from,"
                 " p.valid_until, p.max_uses, p.uses, p.code_key, r.window_days, r.precedence")
_RULE_OF_CODE = ("LEFT JOIN tracking.attribution_rules r"
                 " ON r.workspace_id = p.workspace_id AND r.campaign_id = p.campaign_id")
# The order's codes (by key) that are the workspace's, each with its campaign's rule.
_CODES = (f"SELECT {_CODE_COLUMNS} FROM unnest($2::text[]) AS k(key)"
          f" JOIN tracking.promo_codes p ON p.workspace_id = $1 AND p.code_key = k.key {_RULE_OF_CODE}")
_LOCKED_CODE = (f"SELECT {_CODE_COLUMNS} FROM tracking.promo_codes p {_RULE_OF_CODE}"
                " WHERE p.workspace_id = $1 AND p.code_key = $2 FOR UPDATE OF p")
# The campaign's currency and the collaboration's contract in force (its newest), if any.
_CAMPAIGN_AND_CONTRACT = """
SELECT c.currency, k.id IS NOT NULL AS contracted, k.currency, k.influencer_id,
       k.terms -> 'performance_rates'
FROM tracking.campaigns c LEFT JOIN LATERAL (
    SELECT id, currency, influencer_id, terms FROM tracking.contracts
    WHERE workspace_id = $1 AND collaboration_id = $3 ORDER BY signed_at DESC, id DESC LIMIT 1) k ON true
WHERE c.workspace_id = $1 AND c.id = $2
"""
# The order, its event (waking the relay), the code's use and the campaign's KPIs marked changed,
# in one statement: atomic without a transaction of its own, and the rows every order of the
# campaign shares (its KPI state, the code) are locked for this statement alone. A replay (the
# order id taken) inserts nothing and changes nothing.
_ADD = f"""
WITH added AS (
    INSERT INTO tracking.conversions ({", ".join(_COLUMNS)})
    VALUES ({", ".join(f"${i + 1}" for i in range(_N))})
    ON CONFLICT (workspace_id, order_id) DO NOTHING
    RETURNING workspace_id, campaign_id, promo_code_id),
announced AS (
    INSERT INTO tracking.outbox (event_id, topic, key, headers, payload)
    SELECT ${_N + 1}::uuid, ${_N + 2}::text, ${_N + 3}::text, ${_N + 4}::jsonb, ${_N + 5}::bytea FROM added
    RETURNING pg_notify('{outbox_channel(spine.outbox)}', '')),
used AS (
    UPDATE tracking.promo_codes p SET uses = p.uses + 1 FROM added a
    WHERE p.workspace_id = a.workspace_id AND p.id = a.promo_code_id),
marked AS (
    INSERT INTO tracking.campaign_kpi_state (workspace_id, campaign_id, changed_at)
    SELECT workspace_id, campaign_id, clock_timestamp() FROM added
    ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET changed_at = excluded.changed_at)
SELECT count(*) FROM announced
"""
_STORED = f"SELECT {', '.join(_COLUMNS)} FROM tracking.conversions WHERE workspace_id = $1 AND order_id = $2"


class ConversionRepository(RepositoryBase):
    """The order path (codes, campaign and contract, the write) is plain SQL on asyncpg's own
    connection, outside a transaction unless the session has begun one: SQLAlchemy's statement
    building and ORM loading cost more CPU than the rest of an order. Reversals use the ORM."""

    async def codes(self, workspace_id: uuid.UUID, keys: Sequence[str]) -> dict[str, PromoCodeRow]:
        rows = await (await self.driver(begin=False)).fetch(_CODES, workspace_id, list(keys))
        return {row["code_key"]: PromoCodeRow(*row) for row in rows}

    async def locked_code(self, workspace_id: uuid.UUID, key: str) -> PromoCodeRow | None:
        """Locked until the session commits (its transaction begins here)."""
        row = await (await self.driver()).fetchrow(_LOCKED_CODE, workspace_id, key)
        return PromoCodeRow(*row) if row is not None else None

    async def campaign_and_contract(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                                    collaboration_id: uuid.UUID) -> tuple[str | None, ContractInForce | None]:
        """The campaign's currency (None: no such campaign, or its currency not known yet) and the
        collaboration's contract in force, in one round trip."""
        row = await (await self.driver(begin=False)).fetchrow(
            _CAMPAIGN_AND_CONTRACT, workspace_id, campaign_id, collaboration_id)
        if row is None:
            return None, None
        currency, contracted, *contract = row
        return currency, ContractInForce(*contract) if contracted else None

    async def add(self, conversion: ConversionRow, event: dict[str, Any]) -> bool:
        """False when the order was attributed before (or meanwhile, by a concurrent delivery)."""
        announced = await (await self.driver(begin=False)).fetchval(
            _ADD, *[getattr(conversion, c) for c in _COLUMNS],
            event["event_id"], event["topic"], event["key"], event["headers"], event["payload"])
        return bool(announced)

    async def stored(self, workspace_id: uuid.UUID, order_id: str) -> ConversionRow | None:
        row = await (await self.driver(begin=False)).fetchrow(_STORED, workspace_id, order_id)
        return ConversionRow(*row) if row is not None else None

    async def by_order(self, workspace_id: uuid.UUID, order_id: str, for_update: bool = False
                       ) -> Conversion | None:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id,
                                         Conversion.order_id == order_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    async def get(self, workspace_id: uuid.UUID, conversion_id: uuid.UUID, for_update: bool = False
                  ) -> Conversion | None:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id,
                                         Conversion.id == conversion_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    async def reversal(self, workspace_id: uuid.UUID, conversion_id: uuid.UUID, key: str
                       ) -> ConversionReversal | None:
        return await self.session.scalar(select(ConversionReversal).where(
            ConversionReversal.workspace_id == workspace_id,
            ConversionReversal.conversion_id == conversion_id,
            ConversionReversal.reversal_key == key))

    async def add_reversal(self, reversal: ConversionReversal) -> None:
        self.session.add(reversal)
        await self.session.flush()

    async def list(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
                   collaboration_id: uuid.UUID | None, after: uuid.UUID | None, limit: int
                   ) -> Sequence[Conversion]:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id)
        if campaign_id is not None:
            query = query.where(Conversion.campaign_id == campaign_id)
        if collaboration_id is not None:
            query = query.where(Conversion.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(Conversion.id > after)
        return (await self.session.scalars(query.order_by(Conversion.id).limit(limit))).all()
