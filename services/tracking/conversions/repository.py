from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, and_, select, text, true
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import aliased

from services.tracking.models import (
    AttributionRule,
    Campaign,
    Contract,
    Conversion,
    ConversionReversal,
    PromoCode,
)
from shared.db.repository import RepositoryBase

_CONVERSIONS = cast(Table, Conversion.__table__)


class ConversionRepository(RepositoryBase):
    async def by_order(self, workspace_id: uuid.UUID, order_id: str, for_update: bool = False
                       ) -> Conversion | None:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id,
                                         Conversion.order_id == order_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    async def promo_code_and_rule(self, workspace_id: uuid.UUID, code_key: str
                                  ) -> tuple[PromoCode, AttributionRule | None] | None:
        """The code and its campaign's attribution rule (None: the default), in one round trip."""
        row = (await self.session.execute(
            select(PromoCode, AttributionRule).outerjoin(AttributionRule, and_(
                AttributionRule.workspace_id == PromoCode.workspace_id,
                AttributionRule.campaign_id == PromoCode.campaign_id))
            .where(PromoCode.workspace_id == workspace_id, PromoCode.code_key == code_key))).first()
        return (row[0], row[1]) if row is not None else None

    async def campaign_and_contract(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                                    collaboration_id: uuid.UUID) -> tuple[Campaign | None, Contract | None]:
        """The campaign and the collaboration's contract in force (its newest), in one round trip."""
        newest = (select(Contract)
                  .where(Contract.workspace_id == workspace_id, Contract.collaboration_id == collaboration_id)
                  .order_by(Contract.signed_at.desc(), Contract.id.desc()).limit(1).subquery().lateral())
        in_force = aliased(Contract, newest)
        row = (await self.session.execute(
            select(Campaign, in_force).outerjoin(in_force, true())
            .where(Campaign.workspace_id == workspace_id, Campaign.id == campaign_id))).first()
        return (row[0], row[1]) if row is not None else (None, None)

    async def count_use_and_mark_changed(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                                         promo_code_id: uuid.UUID | None) -> None:
        """Counts the code's use (if any) and marks the campaign's KPIs changed in one statement:
        rows many orders share, so each is locked for one round trip less before the commit."""
        await self.session.execute(_USE_AND_MARK, {"workspace_id": workspace_id, "campaign_id": campaign_id,
                                                   "promo_code_id": promo_code_id})

    async def get(self, workspace_id: uuid.UUID, conversion_id: uuid.UUID, for_update: bool = False
                  ) -> Conversion | None:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id,
                                         Conversion.id == conversion_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    async def add(self, conversion: Conversion) -> bool:
        """False when the order was attributed meanwhile (by a concurrent delivery)."""
        values = {c.key: getattr(conversion, c.key) for c in _CONVERSIONS.columns}
        added = await self.session.scalar(insert(Conversion).values(values).on_conflict_do_nothing(
            index_elements=["workspace_id", "order_id"]).returning(Conversion.id))
        return added is not None

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


_USE_AND_MARK = text(
    "WITH used AS (UPDATE tracking.promo_codes SET uses = uses + 1"
    " WHERE workspace_id = :workspace_id AND id = CAST(:promo_code_id AS uuid))"
    " INSERT INTO tracking.campaign_kpi_state (workspace_id, campaign_id, changed_at)"
    " VALUES (:workspace_id, :campaign_id, clock_timestamp())"
    " ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET changed_at = excluded.changed_at")
