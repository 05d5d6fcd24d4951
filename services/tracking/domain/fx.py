"""Which rates a conversion uses (pure: the rates are given; the arithmetic is `shared.fx`).

A rate set holds, for one base currency, units of each currency per unit of the base on each
day. Converting A into B on a day uses, for each of A and B, the set's newest rate dated on or
before that day. A workspace's own sets are tried before the reference set, so its rates win
wherever it gave both currencies.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from shared.fx import Conversion, QuotedRate, convert


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


@dataclass
class _RateSet:
    base: str
    series: dict[str, _Series] = field(default_factory=dict)

    def quote(self, currency: str, day: date) -> QuotedRate | None:
        """The newest quote of `currency` on or before `day` (the base's own is 1, any day)."""
        if currency == self.base:
            return QuotedRate(currency, Decimal(1), day)
        series = self.series.get(currency)
        index = bisect.bisect_right(series.dates, day) - 1 if series is not None else -1
        if series is None or index < 0:
            return None
        return QuotedRate(currency, series.rates[index], series.dates[index])


class FxRates:
    """The rates loaded for a workspace: its own sets first, then the reference ones."""

    def __init__(self, rows: Iterable[RateRow]) -> None:
        sets: dict[tuple[bool, str], _RateSet] = {}
        for row in sorted(rows, key=lambda r: r.rate_date):
            rate_set = sets.setdefault((row.own, row.base_currency), _RateSet(row.base_currency))
            series = rate_set.series.setdefault(row.currency, _Series())
            series.dates.append(row.rate_date)
            series.rates.append(row.rate)
        self._sets = [s for (own, _), s in sorted(sets.items(), key=lambda item: not item[0][0])]

    def convert(self, amount_minor: int, currency: str, to: str, on: date) -> Conversion | None:
        """None when no rate set holds both currencies on or before `on`. Nothing converted (the
        same currency) is dated `on`."""
        if currency == to:
            return Conversion(amount_minor, to, Decimal(1), on)
        for rate_set in self._sets:
            source, target = rate_set.quote(currency, on), rate_set.quote(to, on)
            if source is not None and target is not None:
                return convert(amount_minor, source, target)
        return None
