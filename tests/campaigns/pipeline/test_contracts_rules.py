"""Contract rules without HTTP: the disclosure each compensation model implies, what each model's
terms need, what signing commits and what can be paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.campaigns.domain.contracts import (
    Booked,
    CompensationModel,
    Installment,
    Pieces,
    Rate,
    Terms,
    committed_minor,
    fixed_fee_minor,
    payment_allowed,
    publish_installments_due,
    relationship_for,
    scheduled_payments,
    settled_for_completion,
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
    assert scheduled_payments(150_001, halves, signed) == [
        Booked(1, "on_signing", 75_000, signed), Booked(2, "on_publish", 75_001, None)]
    dated = [Installment("on_date", date(2027, 6, 1), 40_000, None),
             Installment("on_completion", None, None, Decimal("33.3333"))]
    assert scheduled_payments(120_000, dated, signed) == [
        Booked(1, "on_date", 40_000, date(2027, 6, 1)), Booked(2, "on_completion", 39_999, None)]
    assert scheduled_payments(0, halves, signed) == []


@pytest.mark.parametrize(("on_publish", "pieces", "published", "due"), [
    (1, 1, 0, 0), (1, 1, 1, 1),          # one installment, one piece
    (1, 3, 2, 0), (1, 3, 3, 1),          # one installment falls due with the last piece
    (3, 3, 1, 1), (3, 3, 2, 2), (3, 3, 3, 3),  # one per piece
    (2, 3, 1, 0), (2, 3, 2, 1), (2, 3, 3, 2),  # the k-th of m once ⌈k·n/m⌉ pieces are live
    (2, 0, 0, 0),                        # nothing to publish: due on completion instead
])
def test_on_publish_installments_fall_due_in_step_with_publication(
    on_publish: int, pieces: int, published: int, due: int,
) -> None:
    assert publish_installments_due(on_publish, pieces, published) == due


def test_completion_waits_for_everything_but_what_falls_due_on_completion() -> None:
    assert settled_for_completion(150_000, paid=75_000, held_for_completion=75_000)
    assert not settled_for_completion(150_000, paid=74_999, held_for_completion=75_000)
    assert not settled_for_completion(150_000, paid=0, held_for_completion=75_000)
    assert settled_for_completion(150_000, paid=0, held_for_completion=150_000)
