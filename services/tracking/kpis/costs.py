"""What a campaign has cost so far, in its currency (DESIGN §7: fees, gifted product value and
performance fees), every converted amount with its rate and the rate's date.

- Fixed fees (flat, per deliverable, hybrid base) count from the contract in force of each
  collaboration, converted at the rate of the day it was signed.
- Gifted value: the products seeded to the collaboration (a returned one is no cost), each at the
  rate of the day it was recorded; the contract's gifted value stands in until any is recorded.
- Performance fees accrue from the results (`domain.fees`) under the contract's cap, in its
  currency, converted at the rate of the day the KPIs are as of.
- Payments are not a cost of their own (they settle the above): the report's spend over time
  shows what was paid, at the rate of the day it was paid.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from services.tracking.contract.repository import ContractInForce
from services.tracking.domain.fees import accrue
from services.tracking.domain.fx import FxRates
from services.tracking.models import Payment, SeededProduct


# Named tuples, not frozen dataclasses: a campaign of 1,000 contracts makes 3,000 of these per
# computation, and a frozen dataclass's __init__ (a setattr per field) was ~4 ms of it.
class CostLine(NamedTuple):
    collaboration_id: uuid.UUID
    contract_id: uuid.UUID | None
    kind: str  # fixed_fee, gifted or performance
    day: date  # when it counts
    minor: int  # in the campaign currency
    original_minor: int
    original_currency: str
    rate: Decimal
    rate_date: date


class AccruedFee(NamedTuple):
    contract_id: uuid.UUID
    collaboration_id: uuid.UUID
    accrued_minor: int  # in the campaign currency, after the cap
    capped: bool
    parts: tuple[tuple[str, int], ...]  # (basis, minor units of the contract's currency) before the cap


@dataclass
class Costs:
    currency: str
    lines: list[CostLine] = field(default_factory=list)
    fees: list[AccruedFee] = field(default_factory=list)
    paid: list[tuple[date, int]] = field(default_factory=list)  # (day, minor) of paid payments
    unconverted: list[str] = field(default_factory=list)  # what no rate could convert

    @property
    def total_minor(self) -> int:
        return sum(line.minor for line in self.lines)

    def by_collaboration(self) -> dict[uuid.UUID, int]:
        found: dict[uuid.UUID, int] = {}
        for line in self.lines:
            found[line.collaboration_id] = found.get(line.collaboration_id, 0) + line.minor
        return found


_ONE = Decimal(1)
Basis = Mapping[str, float | None]  # impressions, engagements, clicks, conversions, revenue (campaign minor)


def campaign_costs(
    currency: str, rates: FxRates, as_of: date, contracts: Sequence[ContractInForce],
    seedings: Sequence[SeededProduct], payments: Sequence[Payment],
    basis: Mapping[uuid.UUID, Basis],
) -> Costs:
    costs = Costs(currency)
    seeded: dict[uuid.UUID, list[SeededProduct]] = {}
    for product in seedings:
        if product.status != "returned":
            seeded.setdefault(product.collaboration_id, []).append(product)
    for contract in contracts:
        signed = contract.signed_at.date()
        _add(costs, rates, contract.collaboration_id, contract.id, "fixed_fee", signed,
             contract.fixed_fee_minor, contract.currency)
        if contract.collaboration_id not in seeded:
            _add(costs, rates, contract.collaboration_id, contract.id, "gifted", signed,
                 contract.gifted_value_minor, contract.currency)
        _accrue(costs, rates, as_of, contract, basis.get(contract.collaboration_id, {}))
    for collaboration_id, products in seeded.items():
        for product in products:
            _add(costs, rates, collaboration_id, None, "gifted", product.recorded_at.date(),
                 product.value_minor, product.currency)
    for payment in payments:
        if payment.status == "paid":
            day = (payment.paid_at or payment.recorded_at).date()
            converted = rates.convert(payment.amount_minor, payment.currency, currency, day)
            if converted is None:
                costs.unconverted.append(f"payment {payment.id}: {payment.currency} on {day}")
            else:
                costs.paid.append((day, converted.amount_minor))
    return costs


def _add(costs: Costs, rates: FxRates, collaboration_id: uuid.UUID, contract_id: uuid.UUID | None,
         kind: str, day: date, amount_minor: int, currency: str) -> None:
    if not amount_minor:
        return
    if currency == costs.currency:  # as FxRates.convert has it: the amount itself, at 1, that day
        costs.lines.append(CostLine(collaboration_id, contract_id, kind, day, amount_minor, amount_minor,
                                    currency, _ONE, day))
        return
    converted = rates.convert(amount_minor, currency, costs.currency, day)
    if converted is None:
        costs.unconverted.append(f"{kind} of collaboration {collaboration_id}: {amount_minor} "
                                 f"{currency} minor units on {day} (no exchange rate)")
        return
    costs.lines.append(CostLine(collaboration_id, contract_id, kind, day, converted.amount_minor,
                                amount_minor, currency, converted.rate, converted.rate_date))


def _accrue(costs: Costs, rates: FxRates, as_of: date, contract: ContractInForce, basis: Basis) -> None:
    if not contract.performance_rates:
        return
    revenue = basis.get("revenue")
    if revenue is not None and contract.currency != costs.currency:
        converted = rates.convert(int(revenue), costs.currency, contract.currency, as_of)
        basis = {**basis, "revenue": converted.amount_minor if converted is not None else None}
    accrued = accrue(contract.performance_rates, contract.performance_cap_minor, basis)
    before = len(costs.lines)
    _add(costs, rates, contract.collaboration_id, contract.id, "performance", as_of, accrued.minor,
         contract.currency)
    minor = costs.lines[-1].minor if len(costs.lines) > before else 0
    costs.fees.append(AccruedFee(contract.id, contract.collaboration_id, minor, accrued.capped,
                                 accrued.parts))
