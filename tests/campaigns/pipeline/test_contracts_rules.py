"""Contract rules without HTTP: the disclosure each compensation model implies, what each model's
terms need, what signing commits and what can be paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.campaigns.domain.contracts import (
    CompensationModel,
    Installment,
    Pieces,
    Rate,
    Terms,
    committed_minor,
    fixed_fee_minor,
    payment_allowed,
    relationship_for,
    scheduled_payments,
    term_errors,
)
from shared.vocabulary import Relationship

M = CompensationModel


@pytest.mark.parametrize(("model", "relationship"), [
    (M.FLAT_FEE, Relationship.PAID), (M.PER_DELIVERABLE, Relationship.PAID),
    (M.CPM, Relationship.PAID), (M.CPE, Relationship.PAID), (M.CPC, Relationship.PAID),
    (M.HYBRID, Relationship.PAID), (M.GIFTING, Relationship.GIFTED),
    (M.CPA, Relationship.AFFILIATE), (M.COMMISSION, Relationship.AFFILIATE),
    (M.REVENUE_SHARE, Relationship.AFFILIATE),
])
def test_the_disclosure_follows_the_compensation_model(model: M, relationship: Relationship) -> None:
    assert relationship_for(model) is relationship
    assert relationship_for(model.value) is relationship


def _terms(model: M, **fields: object) -> Terms:
    values: dict[str, object] = {"fee_minor": None, "rates": [], "cap_minor": None,
                                 "gifted_value_minor": 0, "deliverables": []}
    return Terms(model=model, **(values | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize("terms", [
    _terms(M.FLAT_FEE, fee_minor=120_000),
    _terms(M.PER_DELIVERABLE, deliverables=[Pieces(3, 30_000, 1)]),
    _terms(M.CPM, rates=[Rate("impressions", 1_200, None)]),
    _terms(M.CPA, rates=[Rate("conversions", 800, None)], cap_minor=200_000),
    _terms(M.COMMISSION, rates=[Rate("revenue", None, Decimal("12.5"))]),
    _terms(M.GIFTING, gifted_value_minor=4_500),
    _terms(M.HYBRID, fee_minor=200_000, rates=[Rate("clicks", 50, None)], cap_minor=100_000),
])
def test_terms_that_fit_their_model_pass(terms: Terms) -> None:
    assert term_errors(terms) == []


@pytest.mark.parametrize(("terms", "field"), [
    (_terms(M.FLAT_FEE), "fee_minor"),
    (_terms(M.HYBRID, fee_minor=1_000), "performance_rates"),
    (_terms(M.CPC, rates=[Rate("conversions", 10, None)]), "performance_rates"),
    (_terms(M.REVENUE_SHARE, rates=[Rate("revenue", 500, None)]), "performance_rates"),
    (_terms(M.GIFTING), "gifted_value_minor"),
    (_terms(M.PER_DELIVERABLE, deliverables=[Pieces(2, 0, 0)]), "deliverables"),
    (_terms(M.FLAT_FEE, fee_minor=100, cap_minor=50), "performance_cap_minor"),
    (_terms(M.FLAT_FEE, fee_minor=100, deliverables=[Pieces(1, 0, 2)]), "deliverables"),
])
def test_terms_that_do_not_fit_name_the_field(terms: Terms, field: str) -> None:
    assert field in [f for f, _ in term_errors(terms)]


def test_fixed_fees_and_what_signing_commits() -> None:
    assert fixed_fee_minor(M.PER_DELIVERABLE, None, [30_000, 30_000, 30_000]) == 90_000
    assert fixed_fee_minor(M.HYBRID, 200_000, []) == 200_000
    assert fixed_fee_minor(M.CPA, None, []) == 0
    assert committed_minor(150_000, 4_500, products_seeded=False) == 154_500
    assert committed_minor(150_000, 4_500, products_seeded=True) == 150_000


def test_paid_and_cancelled_payments_are_final() -> None:
    assert payment_allowed("scheduled", "paid") is None
    assert payment_allowed("failed", "pending") is None
    assert payment_allowed("paid", "pending") == []
    assert payment_allowed("pending", "scheduled") == ["cancelled", "failed", "paid"]


def test_a_schedule_of_halves_pays_the_whole_fee_and_dates_what_it_can() -> None:
    signed = date(2027, 4, 25)
    halves = [Installment("on_signing", None, None, Decimal(50)),
              Installment("on_publish", None, None, Decimal(50))]
    assert scheduled_payments(150_001, halves, signed) == [(75_000, signed), (75_001, None)]
    dated = [Installment("on_date", date(2027, 6, 1), 40_000, None),
             Installment("on_completion", None, None, Decimal("33.3333"))]
    assert scheduled_payments(120_000, dated, signed) == [(40_000, date(2027, 6, 1)), (39_999, None)]
    assert scheduled_payments(0, halves, signed) == []
