"""Payments to creators under a signed contract: never beyond what is owed so far."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget.repository import BudgetRepository
from services.campaigns.collaboration import moves
from services.campaigns.contract import service as contracts
from services.campaigns.contract.repository import ContractRepository
from services.campaigns.domain import contracts as rules
from services.campaigns.fx import service as fx
from services.campaigns.models import Contract, Payment
from services.campaigns.payment import schedule
from services.campaigns.payment.repository import PaymentRepository
from services.campaigns.payment.schemas import PaymentCreate, PaymentUpdate
from shared.http.problems import FieldError, ProblemError, illegal_transition, not_found
from shared.money import Money, format_money


async def record(session: AsyncSession, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                 data: PaymentCreate) -> Payment:
    contract = await contracts.get_or_raise(session, workspace_id, contract_id)
    await moves.locked_or_raise(session, workspace_id, contract.collaboration_id)
    await session.refresh(contract)
    if contract.status != "signed":
        raise ProblemError(409, "Contract not signed", f"the contract is {contract.status}; "
                           "payments are recorded against a signed contract", "contract-not-signed",
                           extensions={"contract_status": contract.status})
    if data.currency != contract.currency:
        raise _invalid("body.currency", f"payments are in the contract's currency, {contract.currency}")
    if data.deliverable_id is not None:
        piece = await ContractRepository(session).deliverable(workspace_id, data.deliverable_id)
        if piece is None or piece.contract_id != contract.id:
            raise _invalid("body.deliverable_id", "not a deliverable of this contract")
    now = datetime.now(UTC)
    payment = Payment(
        workspace_id=workspace_id, contract_id=contract.id,
        collaboration_id=contract.collaboration_id, campaign_id=contract.campaign_id,
        deliverable_id=data.deliverable_id, amount_minor=data.amount_minor,
        currency=data.currency, status=data.status, method=data.method, due_on=data.due_on,
        paid_at=(data.paid_at or now) if data.status == "paid" else None,
        reference=data.reference, recorded_at=now)
    if payment.status in rules.COUNTING_PAYMENTS:
        await _check_owed(session, contract, payment)
    await PaymentRepository(session).add(payment)
    await _apply(session, contract, payment)
    return payment


async def update(session: AsyncSession, workspace_id: uuid.UUID, payment_id: uuid.UUID,
                 data: PaymentUpdate) -> Payment:
    found = await PaymentRepository(session).get(workspace_id, payment_id)
    if found is None:
        raise not_found("payment")
    await moves.locked_or_raise(session, workspace_id, found.collaboration_id)
    payment = await PaymentRepository(session).get(workspace_id, payment_id, for_update=True)
    assert payment is not None  # its collaboration is locked: nothing deletes it meanwhile
    if (allowed := rules.payment_allowed(payment.status, data.status)) is not None:
        raise illegal_transition("payment", payment.status, data.status, allowed)
    contract = await contracts.get_or_raise(session, workspace_id, payment.contract_id)
    was_counting = payment.status in rules.COUNTING_PAYMENTS
    payment.status = data.status
    if data.due_on is not None and data.due_on != payment.due_on:
        if payment.status not in rules.OPEN_PAYMENTS:
            raise ProblemError(409, "Payment settled", f"a {payment.status} payment keeps its due "
                               "date", "payment-settled", extensions={"payment_status": payment.status})
        payment.due_on = data.due_on
    for field in ("method", "reference"):
        if field in data.model_fields_set:
            setattr(payment, field, getattr(data, field))
    now = datetime.now(UTC)
    if data.status == "paid":
        payment.paid_at = data.paid_at or payment.paid_at or now
    payment.recorded_at = now
    if not was_counting and payment.status in rules.COUNTING_PAYMENTS:
        await _check_owed(session, contract, payment)
    await session.flush()
    await _apply(session, contract, payment)
    return payment


async def _check_owed(session: AsyncSession, contract: Contract, payment: Payment) -> None:
    owed = rules.owed_minor(contract.fixed_fee_minor, await _accrued(session, contract))
    other = await PaymentRepository(session).total(
        contract.workspace_id, contract.id, rules.COUNTING_PAYMENTS, besides=payment.id)
    if other + payment.amount_minor <= owed:
        return
    raise ProblemError(
        409, "Payment above what is owed",
        f"{format_money(payment.amount_minor, contract.currency)} on top of "
        f"{format_money(other, contract.currency)} already recorded exceeds the "
        f"{format_money(owed, contract.currency)} owed so far (fixed fee and accrued performance "
        "fees)", "payment-exceeds-owed",
        extensions={"owed_minor": owed, "recorded_minor": other, "currency": contract.currency})


async def _accrued(session: AsyncSession, contract: Contract) -> int:
    """The performance fee tracking last accrued for the contract, in its currency."""
    fee = await BudgetRepository(session).commitment(contract.workspace_id, "performance_fee",
                                                     contract.id)
    if fee is None:
        return 0
    converted = await fx.convert(session, contract.workspace_id,
                                 Money(amount_minor=fee.amount_minor, currency=fee.currency),
                                 contract.currency, fee.at.astimezone(UTC).date())
    return converted.amount_minor


async def _apply(session: AsyncSession, contract: Contract, payment: Payment) -> None:
    """The deliverables the payment settles, the ledger's view of it, PaymentRecorded."""
    if payment.status == "paid":
        assert payment.paid_at is not None
        repository = ContractRepository(session)
        if payment.deliverable_id is not None:
            await repository.mark_paid(contract.workspace_id, contract.id, payment.deliverable_id,
                                       payment.paid_at)
        paid = await PaymentRepository(session).total(contract.workspace_id, contract.id, ("paid",))
        if paid >= contract.fixed_fee_minor:
            await repository.mark_paid(contract.workspace_id, contract.id, None, payment.paid_at)
    await schedule.announce(session, payment)


def _invalid(field: str, message: str) -> ProblemError:
    return ProblemError(422, "Invalid payment", message, "validation-error",
                        errors=[FieldError(field=field, message=message, type="value_error")])


async def for_contract(session: AsyncSession, workspace_id: uuid.UUID, contract_id: uuid.UUID,
                       after: uuid.UUID | None, limit: int) -> Sequence[Payment]:
    await contracts.get_or_raise(session, workspace_id, contract_id)
    return await PaymentRepository(session).for_contract(workspace_id, contract_id, after, limit + 1)
