"""Currency conversion through dated exchange rates (pure: the rates are given).

A rate set holds, for one base currency, units of each currency per unit of the base on each
day. Converting A into B on a day uses, for each of A and B, the set's newest rate dated on or
before that day, and divides them (B per base / A per base). A workspace's own sets are tried
before the reference set, so its rates win wherever it gave both legs; a converted figure
states the rate applied and the date of its older leg.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import NamedTuple

from shared.money import minor_unit_exponent

# Rates are stated (and applied) to 10 decimal places: anyone can redo a conversion from the
# figure's rate alone.
RATE_PLACES = Decimal("1E-10")


class Converted(NamedTuple):
    amount_minor: int
    currency: str
    rate: Decimal  # units of `currency` per unit of the source currency
    rate_date: date | None  # the older leg's rate date; None when nothing was converted


class RateRow(NamedTuple):
    own: bool  # the workspace's own rate (True) or a reference rate
    base_currency: str
    currency: str
    rate_date: date
    rate: Decimal


@dataclass
class _Series:
    dates: list[date] = field(default_factory=list)
    rates: list[Decimal] = field(default_factory=list)

    def on_or_before(self, day: date) -> tuple[Decimal, date] | None:
        index = bisect.bisect_right(self.dates, day) - 1
        return (self.rates[index], self.dates[index]) if index >= 0 else None


@dataclass
class _RateSet:
    base: str
    series: dict[str, _Series] = field(default_factory=dict)

    def leg(self, currency: str, day: date) -> tuple[Decimal, date | None] | None:
        if currency == self.base:
            return Decimal(1), None
        series = self.series.get(currency)
        return series.on_or_before(day) if series is not None else None


class FxRates:
    """The rates loaded for a workspace: its own sets first, then the reference ones."""

    def __init__(self, rows: Iterable[RateRow]) -> None:
        sets: dict[tuple[bool, str], _RateSet] = {}
        for row in sorted(rows, key=lambda r: r.rate_date):
            rate_set = sets.setdefault((row.own, row.base_currency), _RateSet(row.base_currency))
            series = rate_set.series.setdefault(row.currency, _Series())
            series.dates.append(row.rate_date)
            series.rates.append(row.rate)
        self._sets: Sequence[_RateSet] = [s for (own, _), s in sorted(
            sets.items(), key=lambda item: not item[0][0])]

    def rate(self, source: str, target: str, on: date) -> tuple[Decimal, date] | None:
        """Units of `target` per unit of `source` on `on`, and the date it dates from."""
        for rate_set in self._sets:
            source_leg, target_leg = rate_set.leg(source, on), rate_set.leg(target, on)
            if source_leg is None or target_leg is None:
                continue
            dates = [d for d in (source_leg[1], target_leg[1]) if d is not None]
            rate = (target_leg[0] / source_leg[0]).quantize(RATE_PLACES, ROUND_HALF_EVEN)
            return rate, min(dates) if dates else on
        return None

    def convert(self, amount_minor: int, currency: str, to: str, on: date) -> Converted | None:
        """None when no rate set holds both currencies on or before `on`."""
        if currency == to:
            return Converted(amount_minor, to, Decimal(1), None)
        found = self.rate(currency, to, on)
        if found is None:
            return None
        rate, rate_date = found
        return Converted(apply_rate(amount_minor, currency, to, rate), to, rate, rate_date)


def apply_rate(amount_minor: int, currency: str, to: str, rate: Decimal) -> int:
    """Minor units of `currency` → minor units of `to` (their exponents may differ: JPY has none)."""
    scale = Decimal(10) ** (minor_unit_exponent(to) - minor_unit_exponent(currency))
    return int((Decimal(amount_minor) * rate * scale).to_integral_value(ROUND_HALF_EVEN))
