"""Business days of a market: its weekend and public holidays as the `holidays` package knows them
(a Saudi week ends on Friday and Saturday, a German one on Saturday and Sunday)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def _calendar(market: str | None, year: int) -> tuple[frozenset[int], frozenset[date]]:
    """(weekend weekdays, public holidays) of `market` in `year`; Saturday and Sunday without
    holidays for no market or one the package does not know."""
    if market is None:
        return frozenset({5, 6}), frozenset()
    try:
        calendar = holidays.country_holidays(market.upper(), years=year)
    except NotImplementedError:
        return frozenset({5, 6}), frozenset()
    return frozenset(calendar.weekend), frozenset(calendar.keys())


def is_business_day(day: date, market: str | None) -> bool:
    weekend, closed = _calendar(market, day.year)
    return day.weekday() not in weekend and day not in closed


def after_business_days(start: datetime, days: int, market: str | None) -> datetime:
    """The moment `days` whole business days of `market` have passed since `start` (UTC): the
    end of the `days`-th business day after the day of `start`. A draft sent on a Friday with two
    days to answer in Germany is due at the end of Tuesday; Easter Monday would push it a day."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day = start.astimezone(UTC).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, market):
            counted += 1
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)
