"""A contract's payment schedule: its installments booked at signing as scheduled payments, and
those waiting for a publication or the completion falling due when it happens (or cancelled with
the collaboration).

Callers hold the collaboration's row lock (signing, tracking's posts, completing), as every writer
of its payments does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget import ledger
from services.campaigns.contract.repository import ContractRepository
from services.campaigns.domain import contracts as rules
from services.campaigns.events import publishers
from services.campaigns.models import Collaboration, Contract, Deliverable, Payment
from services.campaigns.offer.schemas import Installment
from services.campaigns.payment.repository import PaymentRepository
from shared.money import Money


async def book(session: AsyncSession, contract: Contract, at: datetime) -> None:
    """The schedule's installments, booked as scheduled payments (PaymentRecorded each); they are
    marked pending or paid as they are made."""
    installments = [Installment.model_validate(i) for i in contract.payment_schedule]
    booked = rules.scheduled_payments(contract.fixed_fee_minor, [
        rules.Installment(i.trigger, i.due_on, i.amount_minor, i.percent) for i in installments],
        at.date())
    for item in booked:
        payment = Payment(
            workspace_id=contract.workspace_id, contract_id=contract.id,
            collaboration_id=contract.collaboration_id, campaign_id=contract.campaign_id,
            amount_minor=item.amount_minor, currency=contract.currency, status="scheduled",
            due_on=item.due_on, installment=item.installment, trigger=item.trigger,
            recorded_at=at)
        await PaymentRepository(session).add(payment)
        await announce(session, payment)


async def announce(session: AsyncSession, payment: Payment) -> None:
    """The payment as the budget ledger keeps it, and PaymentRecorded."""
    await ledger.record_payment(
        session, payment.workspace_id, payment.campaign_id, payment_id=payment.id,
        amount=Money(amount_minor=payment.amount_minor, currency=payment.currency),
        status=payment.status, at=payment.paid_at or payment.recorded_at,
        source_id=payment.contract_id, due_on=payment.due_on)
    publishers.payment_recorded(session, payment)


async def deliverable_published(session: AsyncSession, deliverable: Deliverable,
                                published_at: datetime) -> None:
    """The contract's on_publish installments this publication makes due
    (`rules.publish_installments_due`) are due on the day of the post."""
    on_publish = await PaymentRepository(session).installments(
        deliverable.workspace_id, deliverable.contract_id, ("on_publish",))
    if not on_publish:
        return
    pieces = await ContractRepository(session).deliverables(deliverable.workspace_id,
                                                            [deliverable.contract_id])
    due = rules.publish_installments_due(len(on_publish), len(pieces),
                                         sum(1 for p in pieces if p.published_at is not None))
    await _fall_due(session, on_publish[:due], published_at.astimezone(UTC).date())


async def collaboration_completed(session: AsyncSession, collaboration: Collaboration,
                                  completed_at: datetime) -> None:
    """Every installment of the signed contract still waiting (on_completion, and on_publish of a
    contract without deliverables) is due on the day the collaboration completed."""
    contract = await ContractRepository(session).live(collaboration.workspace_id, collaboration.id)
    if contract is None or contract.status != "signed":
        return
    waiting = await PaymentRepository(session).installments(
        contract.workspace_id, contract.id, rules.WAITING_TRIGGERS)
    await _fall_due(session, waiting, completed_at.astimezone(UTC).date())


async def collaboration_cancelled(session: AsyncSession, collaboration: Collaboration) -> None:
    """The installments still waiting, untouched, for a publication or the completion are
    cancelled: a cancelled collaboration completes no more, and its later posts date nothing.
    Those that fell due before, or that the team marked pending or failed, stay for the team to
    settle: they may still be owed, or be on their way."""
    contract = await ContractRepository(session).live(collaboration.workspace_id, collaboration.id)
    if contract is None or contract.status != "signed":
        return
    waiting = await PaymentRepository(session).installments(
        contract.workspace_id, contract.id, rules.WAITING_TRIGGERS)
    now = datetime.now(UTC)
    for payment in waiting:
        if payment.due_on is not None or payment.status != "scheduled":
            continue
        payment.status, payment.recorded_at = "cancelled", now
        await session.flush()
        await announce(session, payment)


async def held_for_completion(session: AsyncSession, contract: Contract) -> int:
    """What the contract's on_completion installments still to be paid hold back."""
    held = await PaymentRepository(session).installments(contract.workspace_id, contract.id,
                                                         ("on_completion",))
    return sum(p.amount_minor for p in held if p.status in rules.OPEN_PAYMENTS)


async def _fall_due(session: AsyncSession, installments: Sequence[Payment], on: date) -> None:
    """Dates the undated ones still to be paid (a second post or a redelivered event finds them
    dated and changes nothing); PaymentRecorded carries the due date."""
    now = datetime.now(UTC)
    for payment in installments:
        if payment.due_on is not None or payment.status not in rules.OPEN_PAYMENTS:
            continue
        payment.due_on, payment.recorded_at = on, now
        await session.flush()
        await announce(session, payment)
