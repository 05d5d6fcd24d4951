"""How loaded exchange rates are announced: `FxRatesUpdated` events of at most one calendar month
of quotations each, so that even the ECB's whole history (1999 on, ~190,000 quotations) would
travel in messages of tens of kilobytes, far below any broker's message size limit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import groupby

from shared.events.catalog.campaigns import FxRatesUpdated
from shared.fx import BASE_CURRENCY, QuotedRate


def rates_updated_events(quotes: Iterable[QuotedRate], source: str, at: datetime) -> list[FxRatesUpdated]:
    """One event per month the quotations fall in, oldest month first."""
    ordered = sorted(quotes, key=lambda q: (q.rate_date, q.currency))
    return [
        FxRatesUpdated.model_validate({
            "base_currency": BASE_CURRENCY, "rates_source": source, "updated_at": at,
            "rates": [q._asdict() for q in month],
        })
        for _, month in groupby(ordered, key=lambda q: (q.rate_date.year, q.rate_date.month))
    ]
