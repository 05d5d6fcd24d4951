"""Currency conversion arithmetic: rates quoted against one base (the ECB's EUR), cross rates, and
integer minor units rounded half-even. Pure functions: where the rates come from is each
service's read model; campaigns owns the table, tracking keeps a copy from `FxRatesUpdated`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import NamedTuple

from shared.money import minor_unit_exponent

BASE_CURRENCY = "EUR"
# A cross rate keeps 10 significant digits: more than any published reference rate carries,
# and the figure shown is the figure used, so anyone can redo a conversion from it.
_RATE_CONTEXT = Context(prec=10, rounding=ROUND_HALF_EVEN)


class QuotedRate(NamedTuple):
    """Units of `currency` for one unit of the base currency, as published on `rate_date`."""

    currency: str
    rate: Decimal
    rate_date: date


@dataclass(frozen=True)
class Conversion:
    amount_minor: int
    currency: str
    rate: Decimal  # units of `currency` for one unit of the source currency
    rate_date: date  # of the older quote the cross rate rests on


def cross_rate(source: QuotedRate, target: QuotedRate) -> Decimal:
    """Units of `target.currency` for one unit of `source.currency`."""
    return _RATE_CONTEXT.divide(target.rate, source.rate)


def apply_rate(amount_minor: int, source_currency: str, target_currency: str, rate: Decimal) -> int:
    """`amount_minor` of the source currency in minor units of the target, rounded half-even."""
    shift = minor_unit_exponent(target_currency) - minor_unit_exponent(source_currency)
    exact = Decimal(amount_minor) * rate * Decimal(10) ** shift
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def convert(amount_minor: int, source: QuotedRate, target: QuotedRate) -> Conversion:
    """Converts through the base currency, whose own rate is 1 (`base_quote`)."""
    if source.currency == target.currency:
        return Conversion(amount_minor, target.currency, Decimal(1), max(source.rate_date, target.rate_date))
    rate = cross_rate(source, target)
    return Conversion(apply_rate(amount_minor, source.currency, target.currency, rate),
                      target.currency, rate, min(source.rate_date, target.rate_date))


def tidy(rate: Decimal) -> Decimal:
    """The rate without the trailing zeros a fixed-scale column pads it with (1.5904000000 →
    1.5904), never in exponent notation (100, not 1E+2)."""
    return Decimal(format(rate.normalize(), "f"))


def base_quote(on: date) -> QuotedRate:
    """The base currency's rate against itself, on any day."""
    return QuotedRate(BASE_CURRENCY, Decimal(1), on)
