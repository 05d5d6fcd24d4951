from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models import (
    BudgetCommitment,
    BudgetPayment,
    Campaign,
    Collaboration,
    Contract,
    SeededProduct,
)
from services.campaigns.models.relationship import (
    CreatorFeedback,
    CreatorPostMetrics,
    Programme,
    ProgrammeFeedback,
    ProgrammeMember,
)
from shared.db.repository import RepositoryBase


class RelationshipRepository(RepositoryBase):
    async def collaborations(self, workspace_id: uuid.UUID,
                             influencer_id: uuid.UUID) -> Sequence[Row[Collaboration, str, str]]:
        return (await self.session.execute(
            select(Collaboration, Campaign.name, Campaign.brand)
            .join(Campaign, Campaign.id == Collaboration.campaign_id)
            .where(Collaboration.workspace_id == workspace_id, Campaign.workspace_id == workspace_id,
                   Collaboration.influencer_id == influencer_id)
            .order_by(Collaboration.created_at.desc(), Collaboration.id.desc()))).all()

    async def posts(self, workspace_id: uuid.UUID,
                    influencer_id: uuid.UUID) -> Sequence[CreatorPostMetrics]:
        return (await self.session.scalars(select(CreatorPostMetrics).where(
            CreatorPostMetrics.workspace_id == workspace_id,
            CreatorPostMetrics.influencer_id == influencer_id))).all()

    async def keep_newest_metrics(self, values: dict[str, Any]) -> None:
        """Stores a post's figures unless newer ones are already kept (events may come twice or
        out of order)."""
        statement = insert(CreatorPostMetrics).values(**values)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["post_id"], set_={k: statement.excluded[k] for k in values if k != "post_id"},
            where=(CreatorPostMetrics.captured_at < statement.excluded.captured_at)
            & (CreatorPostMetrics.workspace_id == statement.excluded.workspace_id)))

    def add_feedback(self, feedback: CreatorFeedback) -> None:
        self.session.add(feedback)

    async def feedback(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                       before: uuid.UUID | None, limit: int) -> Sequence[CreatorFeedback]:
        """Newest first (keyset on id, time-ordered)."""
        query = select(CreatorFeedback).where(CreatorFeedback.workspace_id == workspace_id,
                                              CreatorFeedback.influencer_id == influencer_id)
        if before is not None:
            query = query.where(CreatorFeedback.id < before)
        return (await self.session.scalars(query.order_by(CreatorFeedback.id.desc()).limit(limit))).all()

    async def rating(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> tuple[float | None, int]:
        row = (await self.session.execute(select(
            func.avg(CreatorFeedback.score), func.count(CreatorFeedback.score),
        ).where(CreatorFeedback.workspace_id == workspace_id,
                CreatorFeedback.influencer_id == influencer_id,
                CreatorFeedback.kind == "rating"))).one()
        return (float(row[0]) if row[0] is not None else None), int(row[1])

    async def memberships(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                          ) -> Sequence[Row[ProgrammeMember, Programme, int]]:
        feedback = (select(func.count(ProgrammeFeedback.id))
                    .where(ProgrammeFeedback.workspace_id == workspace_id,
                           ProgrammeFeedback.programme_id == ProgrammeMember.programme_id,
                           ProgrammeFeedback.influencer_id == ProgrammeMember.influencer_id)
                    .scalar_subquery())
        return (await self.session.execute(
            select(ProgrammeMember, Programme, feedback)
            .join(Programme, Programme.id == ProgrammeMember.programme_id)
            .where(ProgrammeMember.workspace_id == workspace_id, Programme.workspace_id == workspace_id,
                   ProgrammeMember.influencer_id == influencer_id)
            .order_by(ProgrammeMember.invited_at.desc()))).all()

    async def spend(self, workspace_id: uuid.UUID,
                    influencer_id: uuid.UUID) -> dict[str, tuple[int, int]]:
        """currency → (committed, paid) from the budget ledger, over the creator's contracts and
        seeded products, each amount in the currency it was agreed in."""
        contracts = select(Contract.id).where(Contract.workspace_id == workspace_id,
                                              Contract.influencer_id == influencer_id)
        products = select(SeededProduct.id).where(SeededProduct.workspace_id == workspace_id,
                                                  SeededProduct.influencer_id == influencer_id)
        committed = await self.session.execute(
            select(BudgetCommitment.currency, func.sum(BudgetCommitment.amount_minor)).where(
                BudgetCommitment.workspace_id == workspace_id,
                ((BudgetCommitment.kind.in_(["contract", "performance_fee"])
                  & BudgetCommitment.source_id.in_(contracts))
                 | ((BudgetCommitment.kind == "seeding") & BudgetCommitment.source_id.in_(products))),
            ).group_by(BudgetCommitment.currency))
        paid = await self.session.execute(
            select(BudgetPayment.currency, func.sum(BudgetPayment.amount_minor)).where(
                BudgetPayment.workspace_id == workspace_id, BudgetPayment.status == "paid",
                BudgetPayment.source_id.in_(contracts),
            ).group_by(BudgetPayment.currency))
        totals = {currency: (int(amount), 0) for currency, amount in committed}
        for currency, amount in paid:
            totals[currency] = (totals.get(currency, (0, 0))[0], int(amount))
        return totals
