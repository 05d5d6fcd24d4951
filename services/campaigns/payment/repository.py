from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import func, select

from services.campaigns.models import Payment
from shared.db.repository import RepositoryBase


class PaymentRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, payment_id: uuid.UUID, *,
                  for_update: bool = False) -> Payment | None:
        query = select(Payment).where(Payment.workspace_id == workspace_id, Payment.id == payment_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, payment: Payment) -> None:
        self.session.add(payment)
        await self.session.flush()

    async def total(self, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                    statuses: Collection[str], *, besides: uuid.UUID | None = None) -> int:
        """The sum of the contract's payments in `statuses`, leaving out `besides`."""
        query = select(func.coalesce(func.sum(Payment.amount_minor), 0)).where(
            Payment.workspace_id == workspace_id, Payment.contract_id == contract_id,
            Payment.status.in_(statuses))
        if besides is not None:
            query = query.where(Payment.id != besides)
        return int(await self.session.scalar(query) or 0)

    async def for_contract(self, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                           after: uuid.UUID | None, limit: int) -> Sequence[Payment]:
        query = select(Payment).where(Payment.workspace_id == workspace_id,
                                      Payment.contract_id == contract_id)
        if after is not None:
            query = query.where(Payment.id > after)
        return (await self.session.scalars(query.order_by(Payment.id).limit(limit))).all()

    async def installments(self, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                           triggers: Collection[str]) -> Sequence[Payment]:
        """The contract's installments of these triggers, in schedule order."""
        return (await self.session.scalars(select(Payment).where(
            Payment.workspace_id == workspace_id, Payment.contract_id == contract_id,
            Payment.trigger.in_(triggers)).order_by(Payment.installment))).all()
