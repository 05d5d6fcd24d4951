"""Contracts: drawn up from an accepted offer, signed against the budget."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import TypedDict

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget import ledger
from services.campaigns.collaboration import moves
from services.campaigns.collaboration import service as collaborations
from services.campaigns.collaboration.stages import Stage
from services.campaigns.contract.repository import ContractRepository
from services.campaigns.contract.schemas import SignRequest
from services.campaigns.domain import contracts as rules
from services.campaigns.events import publishers
from services.campaigns.fx import service as fx
from services.campaigns.models import Collaboration, Contract, Deliverable
from services.campaigns.offer.schemas import OfferTerms
from services.campaigns.payment import schedule
from services.campaigns.seeding.repository import SeedingRepository
from shared.http.problems import ProblemError, not_found
from shared.ids import uuid7
from shared.money import Money, format_money
from shared.tiers import follower_tier

_END_OF_DAY = time(23, 59, 59, tzinfo=UTC)


async def draw_up(session: AsyncSession, collaboration: Collaboration, offer_id: uuid.UUID,
                  terms: OfferTerms, at: datetime) -> Contract:
    """The contract draft of an accepted offer, with a deliverable row per piece."""
    contract = Contract(
        id=uuid7(), workspace_id=collaboration.workspace_id, collaboration_id=collaboration.id,
        campaign_id=collaboration.campaign_id, influencer_id=collaboration.influencer_id,
        offer_id=offer_id, status="draft", compensation_model=terms.compensation_model.value,
        relationship=rules.relationship_for(terms.compensation_model).value,
        currency=terms.currency, fixed_fee_minor=terms.fixed_fee_minor(),
        gifted_value_minor=terms.gifted_value_minor,
        performance_rates=[r.model_dump(mode="json") for r in terms.performance_rates],
        performance_cap_minor=terms.performance_cap_minor,
        usage_rights=terms.usage_rights.model_dump(mode="json") if terms.usage_rights else None,
        exclusivity=terms.exclusivity.model_dump(mode="json") if terms.exclusivity else None,
        payment_schedule=[i.model_dump(mode="json") for i in terms.payment_schedule],
        created_at=at, updated_at=at)
    pieces: list[Deliverable] = []
    for term in terms.deliverables:
        for n in range(term.count):
            due = term.due_dates[n] if n < len(term.due_dates) else None
            pieces.append(Deliverable(
                id=uuid7(), workspace_id=collaboration.workspace_id, contract_id=contract.id,
                collaboration_id=collaboration.id, campaign_id=collaboration.campaign_id,
                position=len(pieces) + 1, platform=term.platform.value, format=term.format.value,
                fee_minor=term.fee_minor,
                due_at=datetime.combine(due, _END_OF_DAY) if due else None, created_at=at))
    await ContractRepository(session).add(contract, pieces)
    return contract


async def sign(session: AsyncSession, workspace_id: uuid.UUID, contract_id: uuid.UUID,
               data: SignRequest, actor: str) -> Contract:
    """Signs the draft: the collaboration becomes contracted, the fixed fee and gifted value are
    committed against the budget, the payment schedule is booked as scheduled payments,
    ContractSigned goes to tracking. Beyond what the budget has left
    it is a 409 unless `override_reason` says why."""
    contract = await get_or_raise(session, workspace_id, contract_id)
    collaboration = await moves.locked_or_raise(session, workspace_id, contract.collaboration_id)
    await session.refresh(contract)  # as it stands now the collaboration is locked
    if contract.status != "draft":
        raise ProblemError(409, "Contract not a draft", f"the contract is {contract.status}; only "
                           "a draft can be signed", "contract-not-draft",
                           extensions={"contract_status": contract.status})
    now = datetime.now(UTC)
    cost = await _commitment(session, contract)
    await _check_budget(session, contract, cost, now, data.override_reason)
    await moves.advance(session, collaboration, Stage.CONTRACTED, reason="contract signed",
                        actor=actor)
    contract.status, contract.signed_at, contract.signed_by = "signed", now, actor
    contract.budget_override_reason, contract.updated_at = data.override_reason, now
    collaboration.relationship = contract.relationship
    await commit_cost(session, contract, collaboration, cost, now)
    await schedule.book(session, contract, now)
    if not contract.fixed_fee_minor and not contract.performance_rates:
        # Nothing is ever paid under it (gifting): its pieces owe no payment.
        await ContractRepository(session).mark_paid(workspace_id, contract.id, None, now)
    publishers.contract_signed(session, contract, await deliverables(session, contract),
                               collaboration)
    await session.flush()
    return contract


async def _commitment(session: AsyncSession, contract: Contract) -> int:
    seeded = await SeedingRepository(session).any_counted(contract.workspace_id,
                                                          contract.collaboration_id)
    return rules.committed_minor(contract.fixed_fee_minor, contract.gifted_value_minor, seeded)


async def _check_budget(session: AsyncSession, contract: Contract, cost: int, at: datetime,
                        override_reason: str | None) -> None:
    left = await ledger.remaining(session, contract.workspace_id, contract.campaign_id)
    if left is None or cost == 0:
        return
    needed = await fx.convert(session, contract.workspace_id,
                              Money(amount_minor=cost, currency=contract.currency), left.currency,
                              at.date())
    if needed.amount_minor <= left.amount_minor or override_reason is not None:
        return
    raise ProblemError(
        409, "Over budget", f"the contract commits {format_money(needed.amount_minor, left.currency)}"
        f"; the budget has {format_money(left.amount_minor, left.currency)} left. Sign with an "
        "override_reason to go beyond it", "over-budget",
        extensions={"required_minor": needed.amount_minor, "remaining_minor": left.amount_minor,
                    "currency": left.currency})


async def commit_cost(session: AsyncSession, contract: Contract, collaboration: Collaboration,
                      cost: int, at: datetime) -> None:
    """(Re)commits what the signed contract costs, on the lines of the creator's platform,
    market and tier."""
    await ledger.commit(
        session, contract.workspace_id, contract.campaign_id, kind="contract",
        source_id=contract.id, amount=Money(amount_minor=cost, currency=contract.currency), at=at,
        **attribution(collaboration))


class Lines(TypedDict):
    platform: str | None
    market: str | None
    tier: str | None


def attribution(collaboration: Collaboration) -> Lines:
    """The budget lines a cost of this creator falls on: their platform, market and tier."""
    snapshot = collaboration.influencer_snapshot
    followers = snapshot.get("followers")
    return Lines(platform=snapshot.get("platform"), market=snapshot.get("country"),
                 tier=follower_tier(followers).value if followers is not None else None)


async def recommit_for_seeding(session: AsyncSession, collaboration: Collaboration,
                               at: datetime) -> None:
    """Seeded products replace the gifted value a signed contract committed (each product is
    committed on its own): the contract's commitment follows whether any counts."""
    contract = await ContractRepository(session).live(collaboration.workspace_id, collaboration.id)
    if contract is None or contract.status != "signed" or not contract.gifted_value_minor:
        return
    await commit_cost(session, contract, collaboration, await _commitment(session, contract), at)


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID,
                       contract_id: uuid.UUID) -> Contract:
    contract = await ContractRepository(session).get(workspace_id, contract_id)
    if contract is None:
        raise not_found("contract")
    return contract


async def deliverables(session: AsyncSession, contract: Contract) -> Sequence[Deliverable]:
    return await ContractRepository(session).deliverables(contract.workspace_id, [contract.id])


async def for_collaboration(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
    after: uuid.UUID | None, limit: int,
) -> tuple[Sequence[Contract], dict[uuid.UUID, list[Deliverable]]]:
    await collaborations.get_or_raise(session, workspace_id, collaboration_id)
    found = await ContractRepository(session).for_collaboration(workspace_id, collaboration_id,
                                                                after, limit + 1)
    pieces: dict[uuid.UUID, list[Deliverable]] = {c.id: [] for c in found}
    for piece in await ContractRepository(session).deliverables(workspace_id, [c.id for c in found]):
        pieces[piece.contract_id].append(piece)
    return found, pieces
