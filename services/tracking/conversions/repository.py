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
class ContractInForce:
    """What an order's commission needs of the collaboration's newest contract."""

    currency: str
    influencer_id: uuid.UUID
    performance_rates: list[dict[str, Any]] | None


@dataclass(frozen=True, slots=True)
class TouchTerms:
    """What attributing an order to a touch (a click or a code) needs, read with the touch: its
    campaign's stored rule (None: the default), the campaign's currency (None: no such campaign,
    or its currency not known yet) and the collaboration's contract in force."""

    window_days: int | None
    precedence: str | None
    campaign_currency: str | None
    contract: ContractInForce | None


@dataclass(frozen=True, slots=True)
class PromoCodeRow:
    """A promo code as an order is matched against it (`domain.promo_codes.CodeWindow`)."""

    terms: TouchTerms
    id: uuid.UUID
    code: str
    code_key: str
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None
    active: bool
    valid_from: datetime
    valid_until: datetime | None
    max_uses: int | None
    uses: int


@dataclass(frozen=True, slots=True)
class ClickRow:
    terms: TouchTerms
    click_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    clicked_at: datetime
    is_bot: bool
    influencer_id: uuid.UUID | None  # the link's


def _terms_of(touch: str) -> str:
    """The joins that read a touch's terms (`_TERMS`), `touch` the alias of its row."""
    return f"""
LEFT JOIN tracking.attribution_rules r
    ON r.workspace_id = {touch}.workspace_id AND r.campaign_id = {touch}.campaign_id
LEFT JOIN tracking.campaigns c ON c.workspace_id = {touch}.workspace_id AND c.id = {touch}.campaign_id
LEFT JOIN LATERAL (
    SELECT id, currency, influencer_id, terms -> 'performance_rates' AS rates FROM tracking.contracts
    WHERE workspace_id = {touch}.workspace_id AND collaboration_id = {touch}.collaboration_id
    ORDER BY signed_at DESC, id DESC LIMIT 1) k ON true"""


_TERMS = "r.window_days, r.precedence, c.currency, k.id IS NOT NULL, k.currency, k.influencer_id, k.rates"


def _touch_terms(values: Sequence[Any]) -> TouchTerms:
    window_days, precedence, currency, contracted, *contract = values
    return TouchTerms(window_days, precedence, currency, ContractInForce(*contract) if contracted else None)


_CODE = ("p.id, p.code, p.code_key, p.campaign_id, p.collaboration_id, p.influencer_id, p.active,"
         " p.valid_from, p.valid_until, p.max_uses, p.uses")


def codes_query(workspace_id: str, keys: str) -> str:
    """The codes of `keys` (an array) that are the workspace's, each with its terms: SQL for
    a statement of its own, or a lateral subquery of one that reads the workspace first (a
    webhook's endpoint)."""
    return (f"SELECT {_CODE}, {_TERMS} FROM unnest({keys}::text[]) AS w(key)"
            f" JOIN tracking.promo_codes p ON p.workspace_id = {workspace_id} AND p.code_key = w.key"
            f" {_terms_of('p')}")


def code_row(values: Sequence[Any]) -> PromoCodeRow:
    return PromoCodeRow(_touch_terms(values[11:]), *values[:11])


_CODES = codes_query("$1", "$2")
_LOCKED_CODE = (f"SELECT {_CODE}, {_TERMS} FROM tracking.promo_codes p {_terms_of('p')}"
                " WHERE p.workspace_id = $1 AND p.code_key = $2 FOR UPDATE OF p")
_CLICK = f"""
SELECT t.click_id, t.campaign_id, t.collaboration_id, t.clicked_at, t.is_bot, l.influencer_id, {_TERMS}
FROM tracking.clicks t
LEFT JOIN tracking.links l ON l.id = t.link_id AND l.workspace_id = t.workspace_id {_terms_of('t')}
WHERE t.workspace_id = $1 AND t.click_id = $2
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
    """The order path is plain SQL on asyncpg's own connection, outside a transaction unless the
    session has begun one (SQLAlchemy's statement building and ORM loading cost more CPU than
    the rest of an order), in two round trips: the touches with all they need (a webhook reads
    its codes with its endpoint), then the write. Reversals use the ORM."""

    async def codes(self, workspace_id: uuid.UUID, keys: Sequence[str]) -> dict[str, PromoCodeRow]:
        rows = await (await self.driver(begin=False)).fetch(_CODES, workspace_id, list(keys))
        return {row["code_key"]: code_row(row) for row in rows}

    async def locked_code(self, workspace_id: uuid.UUID, key: str) -> PromoCodeRow | None:
        """Locked until the session commits (its transaction begins here)."""
        row = await (await self.driver()).fetchrow(_LOCKED_CODE, workspace_id, key)
        return code_row(row) if row is not None else None

    async def click(self, workspace_id: uuid.UUID, click_id: uuid.UUID) -> ClickRow | None:
        """The click with its link's influencer and its terms."""
        row = await (await self.driver(begin=False)).fetchrow(_CLICK, workspace_id, click_id)
        return ClickRow(_touch_terms(row[6:]), *row[:6]) if row is not None else None

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
