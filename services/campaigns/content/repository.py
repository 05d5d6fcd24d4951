from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models.content import Draft, DraftCheck, Review, ReviewPolicy
from services.campaigns.models.contract import Contract, Deliverable
from shared.db.repository import RepositoryBase

AWAITING = "submitted"


class ContentRepository(RepositoryBase):
    async def deliverable(self, workspace_id: uuid.UUID, deliverable_id: uuid.UUID, *,
                          for_update: bool = False) -> Deliverable | None:
        query = select(Deliverable).where(Deliverable.workspace_id == workspace_id,
                                          Deliverable.id == deliverable_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def contract(self, workspace_id: uuid.UUID, contract_id: uuid.UUID) -> Contract | None:
        return await self.session.scalar(select(Contract).where(
            Contract.workspace_id == workspace_id, Contract.id == contract_id))

    async def newest_draft(self, workspace_id: uuid.UUID,
                           deliverable_id: uuid.UUID) -> Draft | None:
        return await self.session.scalar(
            select(Draft).where(Draft.workspace_id == workspace_id,
                                Draft.deliverable_id == deliverable_id)
            .order_by(Draft.version.desc()).limit(1))

    def add(self, row: Draft | Review) -> None:
        self.session.add(row)

    async def draft(self, workspace_id: uuid.UUID, draft_id: uuid.UUID, *,
                    for_update: bool = False) -> Draft | None:
        query = select(Draft).where(Draft.workspace_id == workspace_id, Draft.id == draft_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def versions(self, workspace_id: uuid.UUID, deliverable_id: uuid.UUID,
                       after: int | None, limit: int) -> Sequence[Draft]:
        query = select(Draft).where(Draft.workspace_id == workspace_id,
                                    Draft.deliverable_id == deliverable_id)
        if after is not None:
            query = query.where(Draft.version > after)
        return (await self.session.scalars(query.order_by(Draft.version).limit(limit))).all()

    async def checks(self, workspace_id: uuid.UUID,
                     draft_ids: Sequence[uuid.UUID]) -> Sequence[DraftCheck]:
        # keep_check upserts without the ORM: a row read before it must be read anew.
        return (await self.session.scalars(select(DraftCheck).where(
            DraftCheck.workspace_id == workspace_id, DraftCheck.draft_id.in_(draft_ids),
        ).execution_options(populate_existing=True))).all()

    async def keep_check(self, values: dict[str, Any]) -> bool:
        """Stores a check result unless one at least as new is kept for that check (the same
        event twice, or an older result after a newer one); whether it was stored."""
        stmt = insert(DraftCheck).values(**values)
        upsert = stmt.on_conflict_do_update(
            index_elements=[DraftCheck.check_id],
            set_={name: stmt.excluded[name] for name in (
                "verdict", "markets", "rule_set_version", "findings", "checked_at", "received_at")},
            where=(DraftCheck.workspace_id == stmt.excluded.workspace_id)
            & (DraftCheck.checked_at < stmt.excluded.checked_at),
        ).returning(DraftCheck.check_id)
        return await self.session.scalar(upsert) is not None

    async def reviews(self, workspace_id: uuid.UUID,
                      draft_ids: Sequence[uuid.UUID]) -> Sequence[Review]:
        return (await self.session.scalars(select(Review).where(
            Review.workspace_id == workspace_id, Review.draft_id.in_(draft_ids),
        ).order_by(Review.round))).all()

    async def next_round(self, workspace_id: uuid.UUID, deliverable_id: uuid.UUID) -> int:
        last = await self.session.scalar(select(func.max(Review.round)).where(
            Review.workspace_id == workspace_id, Review.deliverable_id == deliverable_id))
        return (last or 0) + 1

    async def supersede_awaiting(self, workspace_id: uuid.UUID, deliverable_id: uuid.UUID,
                                 at: datetime) -> None:
        """A new version replaces the one the brand has not answered yet."""
        await self.session.execute(update(Draft).where(
            Draft.workspace_id == workspace_id, Draft.deliverable_id == deliverable_id,
            Draft.status == AWAITING,
        ).values(status="superseded", auto_approve_at=None, decided_at=at))

    async def progress(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                       ) -> Sequence[tuple[Deliverable, str | None]]:
        """The deliverables of the collaboration's signed contract, each with the status of its
        newest draft (None before the first)."""
        newest = (select(Draft.status).where(Draft.workspace_id == workspace_id,
                                             Draft.deliverable_id == Deliverable.id)
                  .order_by(Draft.version.desc()).limit(1).scalar_subquery())
        rows = await self.session.execute(
            select(Deliverable, newest).join(Contract, Contract.id == Deliverable.contract_id)
            .where(Deliverable.workspace_id == workspace_id,
                   Deliverable.collaboration_id == collaboration_id,
                   Contract.workspace_id == workspace_id, Contract.status == "signed")
            .order_by(Deliverable.position, Deliverable.id))
        return [(deliverable, status) for deliverable, status in rows]

    async def policy(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> ReviewPolicy | None:
        return await self.session.scalar(select(ReviewPolicy).where(
            ReviewPolicy.workspace_id == workspace_id, ReviewPolicy.campaign_id == campaign_id))

    async def save_policy(self, values: dict[str, Any]) -> ReviewPolicy:
        stmt = insert(ReviewPolicy).values(**values)
        row = await self.session.scalar(stmt.on_conflict_do_update(
            index_elements=[ReviewPolicy.campaign_id],
            set_={name: stmt.excluded[name] for name in values if name != "campaign_id"},
        ).returning(ReviewPolicy).execution_options(populate_existing=True))
        assert row is not None
        return row

    async def awaiting_in_campaign(self, workspace_id: uuid.UUID,
                                   campaign_id: uuid.UUID) -> Sequence[Draft]:
        return (await self.session.scalars(select(Draft).where(
            Draft.workspace_id == workspace_id, Draft.campaign_id == campaign_id,
            Draft.status == AWAITING).with_for_update())).all()

    # cross-tenant: the auto-approval job serves every workspace; each draft keeps its own
    async def due_for_auto_approval(self, now: datetime, limit: int) -> Sequence[Draft]:
        """Drafts the brand left unanswered past their due time whose newest check passed."""
        newest_verdict = (select(DraftCheck.verdict)
                          .where(DraftCheck.draft_id == Draft.id)
                          .order_by(DraftCheck.checked_at.desc(), DraftCheck.check_id.desc())
                          .limit(1).scalar_subquery())
        return (await self.session.scalars(
            select(Draft).where(Draft.status == AWAITING, Draft.auto_approve_at <= now,
                                newest_verdict == "compliant")
            .order_by(Draft.auto_approve_at).limit(limit))).all()

    async def deliverable_for_post(
        self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID, platform: str, format: str,
    ) -> Deliverable | None:
        """A post that names no deliverable fulfils the collaboration's first unpublished one of
        its platform and format (by due date)."""
        return await self.session.scalar(
            select(Deliverable).join(Contract, Contract.id == Deliverable.contract_id)
            .where(Deliverable.workspace_id == workspace_id,
                   Deliverable.collaboration_id == collaboration_id,
                   Deliverable.platform == platform, Deliverable.format == format,
                   Deliverable.published_at.is_(None),
                   Contract.workspace_id == workspace_id, Contract.status == "signed")
            .order_by(Deliverable.due_at.asc().nulls_last(), Deliverable.position)
            .limit(1).with_for_update())
