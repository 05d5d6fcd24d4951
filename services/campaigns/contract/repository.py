from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update

from services.campaigns.models import Contract, Deliverable
from shared.db.repository import RepositoryBase


class ContractRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, contract_id: uuid.UUID, *,
                  for_update: bool = False) -> Contract | None:
        query = select(Contract).where(Contract.workspace_id == workspace_id,
                                       Contract.id == contract_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def live(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID) -> Contract | None:
        """The collaboration's contract that is a draft or signed (there is at most one)."""
        return await self.session.scalar(select(Contract).where(
            Contract.workspace_id == workspace_id, Contract.collaboration_id == collaboration_id,
            Contract.status.in_(("draft", "signed"))))

    async def add(self, contract: Contract, deliverables: Sequence[Deliverable]) -> None:
        self.session.add(contract)
        await self.session.flush()
        self.session.add_all(deliverables)
        await self.session.flush()

    async def supersede_draft(self, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                              at: datetime) -> None:
        """A draft a newer offer replaced; its deliverables go, nothing can name them yet
        (drafts and posts name deliverables of signed contracts)."""
        await self.session.execute(delete(Deliverable).where(
            Deliverable.workspace_id == workspace_id, Deliverable.contract_id == contract_id))
        await self.session.execute(update(Contract).where(
            Contract.workspace_id == workspace_id, Contract.id == contract_id,
            Contract.status == "draft").values(status="superseded", updated_at=at))

    async def for_collaboration(
        self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID, after: uuid.UUID | None,
        limit: int,
    ) -> Sequence[Contract]:
        query = select(Contract).where(Contract.workspace_id == workspace_id,
                                       Contract.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(Contract.id > after)
        return (await self.session.scalars(query.order_by(Contract.id).limit(limit))).all()

    async def deliverables(self, workspace_id: uuid.UUID,
                           contract_ids: Sequence[uuid.UUID]) -> Sequence[Deliverable]:
        return (await self.session.scalars(select(Deliverable).where(
            Deliverable.workspace_id == workspace_id, Deliverable.contract_id.in_(contract_ids),
        ).order_by(Deliverable.contract_id, Deliverable.position))).all()

    async def deliverable(self, workspace_id: uuid.UUID, deliverable_id: uuid.UUID) -> Deliverable | None:
        return await self.session.scalar(select(Deliverable).where(
            Deliverable.workspace_id == workspace_id, Deliverable.id == deliverable_id))

    async def mark_paid(self, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                        deliverable_id: uuid.UUID | None, at: datetime) -> None:
        """Marks one deliverable paid, or every one of the contract still unpaid."""
        query = update(Deliverable).where(Deliverable.workspace_id == workspace_id,
                                          Deliverable.contract_id == contract_id,
                                          Deliverable.paid_at.is_(None))
        if deliverable_id is not None:
            query = query.where(Deliverable.id == deliverable_id)
        await self.session.execute(query.values(paid_at=at))
