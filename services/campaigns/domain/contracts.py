"""Contract rules: what each compensation model needs, the relationship a post discloses, what a
contract commits against the budget and what is owed to the creator. Pure; amounts are minor
units of the contract's currency.

- flat_fee: one fee. per_deliverable: a fee per piece, Σ fee × count. hybrid: a base fee and
  performance rates, optionally capped. cpm (per 1000 impressions), cpe (per engagement), cpc
  (per click), cpa (per conversion): one rate on that basis. commission and revenue_share: a
  percent of attributed revenue. gifting: the value of the products given, no money.
- Any model may add gifted product value (a paid post that also gets the product).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from shared.vocabulary import Relationship


class CompensationModel(StrEnum):
    FLAT_FEE = "flat_fee"
    PER_DELIVERABLE = "per_deliverable"
    CPM = "cpm"
    CPE = "cpe"
    CPC = "cpc"
    CPA = "cpa"
    COMMISSION = "commission"
    GIFTING = "gifting"
    HYBRID = "hybrid"
    REVENUE_SHARE = "revenue_share"


M = CompensationModel

# The one performance basis each single-rate model prices.
_BASIS: dict[CompensationModel, str] = {
    M.CPM: "impressions", M.CPE: "engagements", M.CPC: "clicks", M.CPA: "conversions",
    M.COMMISSION: "revenue", M.REVENUE_SHARE: "revenue",
}
_FEE_MODELS = frozenset({M.FLAT_FEE, M.HYBRID})
# Paid per sale (a conversion or a share of revenue): the creator earns as an affiliate does.
_AFFILIATE = frozenset({M.CPA, M.COMMISSION, M.REVENUE_SHARE})


def relationship_for(model: CompensationModel | str) -> Relationship:
    """The relationship a creator's posts disclose under a contract of this model: gifting is
    `gifted`, pay per sale (CPA, commission, revenue share) `affiliate`, any other money `paid`."""
    model = CompensationModel(model)
    if model is M.GIFTING:
        return Relationship.GIFTED
    if model in _AFFILIATE:
        return Relationship.AFFILIATE
    return Relationship.PAID


@dataclass(frozen=True)
class Rate:
    basis: str
    amount_minor: int | None
    percent: Decimal | None


@dataclass(frozen=True)
class Pieces:
    """A deliverable term: `count` pieces of one format, each at `fee_minor`."""

    count: int
    fee_minor: int
    due_dates: int  # how many due dates it gives


@dataclass(frozen=True)
class Terms:
    model: CompensationModel
    fee_minor: int | None
    rates: Sequence[Rate]
    cap_minor: int | None
    gifted_value_minor: int
    deliverables: Sequence[Pieces]


def term_errors(terms: Terms) -> list[tuple[str, str]]:
    """(field, why) for each term the compensation model needs and lacks, or forbids and has."""
    errors: list[tuple[str, str]] = []
    model = terms.model
    if model in _FEE_MODELS and not terms.fee_minor:
        errors.append(("fee_minor", f"a {model} contract needs a fee above 0"))
    if model not in _FEE_MODELS and terms.fee_minor is not None:
        errors.append(("fee_minor", f"a {model} contract has no fee of its own"
                       + (" (each deliverable has its fee_minor)" if model is M.PER_DELIVERABLE else "")))
    if model is M.PER_DELIVERABLE:
        if not terms.deliverables:
            errors.append(("deliverables", "a per_deliverable contract needs deliverables"))
        if any(piece.fee_minor <= 0 for piece in terms.deliverables):
            errors.append(("deliverables", "each deliverable of a per_deliverable contract needs "
                           "a fee_minor above 0"))
    elif any(piece.fee_minor for piece in terms.deliverables):
        errors.append(("deliverables", "a fee per deliverable belongs to per_deliverable contracts"))
    errors.extend(_rate_errors(terms))
    if model is M.GIFTING and terms.gifted_value_minor <= 0:
        errors.append(("gifted_value_minor", "a gifting contract needs the products' value"))
    for piece in terms.deliverables:
        if piece.due_dates > piece.count:
            errors.append(("deliverables", f"{piece.due_dates} due dates for {piece.count} pieces"))
    return errors


def _rate_errors(terms: Terms) -> list[tuple[str, str]]:
    model, rates = terms.model, terms.rates
    errors: list[tuple[str, str]] = []
    for rate in rates:
        if rate.basis == "revenue":
            if rate.percent is None or rate.amount_minor is not None:
                errors.append(("performance_rates", "a revenue rate is a percent, without amount_minor"))
        elif rate.amount_minor is None or rate.amount_minor <= 0 or rate.percent is not None:
            errors.append(("performance_rates", f"a rate on {rate.basis} is an amount_minor above "
                           "0, without percent"))
    if model in _BASIS:
        if [rate.basis for rate in rates] != [_BASIS[model]]:
            errors.append(("performance_rates", f"a {model} contract has exactly one rate, on "
                           f"{_BASIS[model]}"))
    elif model is M.HYBRID:
        if not rates:
            errors.append(("performance_rates", "a hybrid contract needs at least one performance rate"))
    elif rates:
        errors.append(("performance_rates", f"a {model} contract has no performance rates"))
    if len({rate.basis for rate in rates}) != len(rates):
        errors.append(("performance_rates", "one rate per basis"))
    if terms.cap_minor is not None and not rates:
        errors.append(("performance_cap_minor", "a cap applies to performance rates; there are none"))
    return errors


def fixed_fee_minor(model: CompensationModel | str, fee_minor: int | None,
                    piece_fees: Iterable[int]) -> int:
    """What the contract owes whatever the results: the flat fee or hybrid base, or the sum of
    per-piece fees."""
    if CompensationModel(model) is M.PER_DELIVERABLE:
        return sum(piece_fees)
    return fee_minor or 0


def committed_minor(fixed_fee: int, gifted_value: int, products_seeded: bool) -> int:
    """What signing commits against the budget: the fixed fee and the gifted value, which the
    products actually seeded replace once any is recorded (each is committed on its own, as
    tracking counts them). Performance parts are committed as tracking accrues them."""
    return fixed_fee + (0 if products_seeded else gifted_value)


def owed_minor(fixed_fee: int, accrued_performance: int) -> int:
    """What the creator can be paid so far: the fixed fee and the performance fees accrued (capped)
    by tracking. Gifted products are given, not paid."""
    return fixed_fee + accrued_performance


@dataclass(frozen=True)
class Installment:
    trigger: str  # on_signing, on_publish, on_completion, on_date
    due_on: date | None
    amount_minor: int | None
    percent: Decimal | None


@dataclass(frozen=True)
class Booked:
    """An installment booked as a scheduled payment: its place in the schedule (1, 2, …), its
    trigger, amount, and due date (None while it waits for a publication or the completion)."""

    installment: int
    trigger: str
    amount_minor: int
    due_on: date | None


# Installments whose due date is set by what happens later, not at signing.
WAITING_TRIGGERS = ("on_publish", "on_completion")


def scheduled_payments(fixed_fee: int, schedule: Iterable[Installment],
                       signed_on: date) -> list[Booked]:
    """Each installment, booked as a scheduled payment at signing: a percent of the fixed fee
    rounded down, except that the installments of a schedule of percents summing to 100 pay the
    whole fee (the last takes the cents rounding left). Due on the signing day, its date, or
    undated until the publication or the completion it waits for."""
    planned = list(schedule)
    amounts = [i.amount_minor if i.amount_minor is not None else
               int((fixed_fee * (i.percent or Decimal(0)) / 100).to_integral_value(ROUND_FLOOR))
               for i in planned]
    if planned and all(i.percent is not None for i in planned) and \
            sum(i.percent or Decimal(0) for i in planned) == 100:
        amounts[-1] += fixed_fee - sum(amounts)
    due = {"on_signing": signed_on}
    return [Booked(n, i.trigger, amount, i.due_on if i.trigger == "on_date" else due.get(i.trigger))
            for n, (i, amount) in enumerate(zip(planned, amounts, strict=True), start=1)
            if amount > 0]


def publish_installments_due(on_publish: int, deliverables: int, published: int) -> int:
    """How many of a contract's `on_publish` installments (the first ones in schedule order) are
    due once `published` of its `deliverables` are live. They fall due in step with publication:
    the k-th of m once ⌈k × n / m⌉ of the n pieces are published — a single installment with the
    last piece, one per piece when there are as many. A contract without deliverables publishes
    nothing: its on_publish installments fall due on completion, with the on_completion ones."""
    if deliverables == 0:
        return 0
    return sum(1 for k in range(1, on_publish + 1) if k * deliverables <= published * on_publish)


def settled_for_completion(fixed_fee: int, paid: int, held_for_completion: int) -> bool:
    """Whether a contract's fixed fee is paid as far as completing the collaboration goes: all of
    it but what its on_completion installments hold back, which falls due only once it completes."""
    return paid + held_for_completion >= fixed_fee


# Payments that settle, or will settle, what is owed; failed and cancelled ones do not.
COUNTING_PAYMENTS = frozenset({"scheduled", "pending", "paid"})
# Payments still to be made (paid and cancelled ones are done with): their due date may move.
OPEN_PAYMENTS = frozenset({"scheduled", "pending", "failed"})

PAYMENT_MOVES: dict[str, frozenset[str]] = {
    "scheduled": frozenset({"pending", "paid", "failed", "cancelled"}),
    "pending": frozenset({"paid", "failed", "cancelled"}),
    "failed": frozenset({"pending", "paid", "cancelled"}),
    "paid": frozenset(),
    "cancelled": frozenset(),
}


def payment_allowed(current: str, target: str) -> list[str] | None:
    """None when `current` may become `target` (or already is), else the statuses it may become."""
    if current == target or target in PAYMENT_MOVES[current]:
        return None
    return sorted(PAYMENT_MOVES[current])
