"""Conversions through dated rate sets: cross rates, minor units, precedence, rate dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.tracking.domain.fx import FxRates, RateRow
from shared.fx import Conversion
from shared.money import minor_unit_exponent

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 6)


def reference(currency: str, day: date, rate: str) -> RateRow:
    return RateRow(False, "EUR", currency, day, Decimal(rate))


def test_a_cross_rate_divides_both_legs_and_is_dated_by_the_older_leg() -> None:
    rates = FxRates(
        [reference("USD", D1, "1.10"), reference("USD", D2, "1.08"), reference("GBP", D1, "0.85")]
    )
    converted = rates.convert(10_000, "USD", "GBP", D3)  # 100.00 USD on a day with no rate
    assert converted == Conversion(7870, "GBP", Decimal("0.7870370370"), D1)


def test_minor_units_follow_each_currencys_exponent() -> None:
    rates = FxRates([reference("JPY", D1, "160"), reference("KWD", D1, "0.33")])
    assert minor_unit_exponent("JPY") == 0 and minor_unit_exponent("KWD") == 3
    assert rates.convert(1600, "JPY", "EUR", D1) == Conversion(1000, "EUR", Decimal("0.00625"), D1)
    assert rates.convert(1000, "EUR", "KWD", D1) == Conversion(3300, "KWD", Decimal("0.33"), D1)


def test_the_workspaces_own_rates_win_where_it_gave_both_legs() -> None:
    rows = [
        reference("USD", D2, "1.08"),
        reference("GBP", D2, "0.85"),
        RateRow(True, "USD", "EUR", D1, Decimal("0.90")),
    ]
    rates = FxRates(rows)
    assert rates.convert(10_000, "USD", "EUR", D3) == Conversion(9000, "EUR", Decimal("0.9"), D1)
    # The workspace gave no GBP: the reference set converts both legs.
    assert rates.convert(10_000, "USD", "GBP", D3) == Conversion(7870, "GBP", Decimal("0.7870370370"), D2)


def test_no_rate_on_or_before_the_day_converts_nothing() -> None:
    rates = FxRates([reference("USD", D2, "1.08")])
    assert rates.convert(100, "USD", "EUR", D1) is None
    assert rates.convert(100, "USD", "CHF", D3) is None
    assert rates.convert(100, "CHF", "CHF", D1) == Conversion(100, "CHF", Decimal(1), D1)
