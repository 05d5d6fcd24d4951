from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

import orjson
from sqlalchemy import select

from services.tracking.models import Contract, Payment, SeededProduct
from shared.db.repository import RepositoryBase
from shared.db.upsert import upsert_if_newer


class ContractInForce(NamedTuple):
    """What a campaign's cost reads of a collaboration's contract in force: its cost terms
    (shared.events.catalog.campaigns.ContractTerms, whose amounts are integers)."""

    id: uuid.UUID
    collaboration_id: uuid.UUID
    currency: str
    signed_at: datetime
    fixed_fee_minor: int
    gifted_value_minor: int
    performance_rates: list[dict[str, Any]]  # as stored; one list shared by identical ones
    performance_cap_minor: int | None


# The newest contract of each collaboration (as `in_force`), read as plain rows with only the
# terms a cost needs: a campaign of 1,000 collaborations as ORM objects was ~25 ms of a KPI
# request and most of its garbage.
_IN_FORCE = """
SELECT DISTINCT ON (collaboration_id) id, collaboration_id, currency, signed_at,
    coalesce((terms->>'fixed_fee_minor')::bigint, 0), coalesce((terms->>'gifted_value_minor')::bigint, 0),
    coalesce(terms->>'performance_rates', '[]'), (terms->>'performance_cap_minor')::bigint
FROM tracking.contracts WHERE workspace_id = $1 AND campaign_id = $2
ORDER BY collaboration_id, signed_at DESC, id DESC
"""


class ContractRepository(RepositoryBase):
    async def upsert_contract(self, values: dict[str, Any]) -> Contract | None:
        return await upsert_if_newer(self.session, Contract, values, ("id",), Contract.signed_at)

    async def upsert_payment(self, values: dict[str, Any]) -> Payment | None:
        return await upsert_if_newer(self.session, Payment, values, ("id",), Payment.recorded_at)

    async def upsert_seeding(self, values: dict[str, Any]) -> SeededProduct | None:
        return await upsert_if_newer(self.session, SeededProduct, values, ("id",),
                                     SeededProduct.recorded_at)

    async def in_force(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID) -> Contract | None:
        """The collaboration's newest contract."""
        return await self.session.scalar(
            select(Contract)
            .where(Contract.workspace_id == workspace_id, Contract.collaboration_id == collaboration_id)
            .order_by(Contract.signed_at.desc(), Contract.id.desc()).limit(1))

    async def campaign_contracts(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID
    ) -> list[ContractInForce]:
        """The contract in force of each of the campaign's collaborations, by collaboration."""
        rows = await (await self.driver()).fetch(_IN_FORCE, workspace_id, campaign_id)
        rates: dict[str, list[dict[str, Any]]] = {}  # a campaign's contracts mostly share a rate card
        found = []
        for id_, collaboration_id, currency, signed_at, fixed_fee, gifted_value, rates_json, cap in rows:
            performance_rates = rates.get(rates_json)
            if performance_rates is None:
                performance_rates = rates[rates_json] = orjson.loads(rates_json)
            found.append(ContractInForce(id_, collaboration_id, currency, signed_at, fixed_fee, gifted_value,
                                         performance_rates, cap))
        return found

    async def campaign_payments(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Sequence[Payment]:
        return (await self.session.scalars(
            select(Payment).where(Payment.workspace_id == workspace_id, Payment.campaign_id == campaign_id)
            .order_by(Payment.id))).all()

    async def campaign_seedings(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID
    ) -> Sequence[SeededProduct]:
        return (await self.session.scalars(
            select(SeededProduct)
            .where(SeededProduct.workspace_id == workspace_id, SeededProduct.campaign_id == campaign_id)
            .order_by(SeededProduct.id))).all()
