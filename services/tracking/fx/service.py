"""Exchange rates: the ECB reference rates seeded at migration, the rates `FxRatesUpdated`
brings (reference ones, or a workspace's own, which win for it), and conversions through them.

`convert` is what a single figure needs (an order's amount); `rates_for` loads what a report
needs once and converts in memory.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.domain.fx import FxRates
from services.tracking.fx.repository import FxRepository
from shared.codes import ISO_4217
from shared.events.catalog.campaigns import FxRatesUpdated
from shared.fx import Conversion
from shared.money import Money

log = logging.getLogger(__name__)


class RateUnavailable(LookupError):
    """No rate set the workspace may use holds both currencies on or before the day."""

    def __init__(self, source: str, target: str, on: date) -> None:
        super().__init__(f"no exchange rate from {source} to {target} on or before {on.isoformat()}")
        self.source, self.target, self.on = source, target, on


async def convert(
    session: AsyncSession, workspace_id: uuid.UUID, money: Money, to_currency: str, on: date
) -> Conversion:
    """`money` in `to_currency` at the rate of `on` (the newest on or before it), with the rate
    and its date; RateUnavailable when no rate is known."""
    rates = await rates_for(session, workspace_id, {money.currency, to_currency}, on, on)
    converted = rates.convert(money.amount_minor, money.currency, to_currency, on)
    if converted is None:
        raise RateUnavailable(money.currency, to_currency, on)
    return converted


async def rates_for(
    session: AsyncSession, workspace_id: uuid.UUID, currencies: Collection[str], first: date, last: date
) -> FxRates:
    """Every rate a conversion between `currencies` on a day from `first` to `last` may use."""
    repo = FxRepository(session)
    wanted = sorted(currencies)
    rows = await repo.newest_on_or_before(workspace_id, wanted, first)
    if last > first:
        rows += await repo.between(workspace_id, wanted, first, last)
    return FxRates(rows)


async def apply_rates_updated(
    session: AsyncSession, workspace_id: uuid.UUID | None, event: FxRatesUpdated
) -> None:
    """Reference rates (no workspace) or the workspace's own; a rate for a day already stored is
    replaced unless the stored one came from a newer load."""
    base = event.base_currency.strip().upper()
    if base not in ISO_4217:
        log.warning("exchange rates against a base that is no ISO 4217 code were ignored",
                    extra={"base_currency": event.base_currency})
        return
    usable = [(r.currency.strip().upper(), r.rate_date, r.rate) for r in event.rates]
    # One rate per currency and day: the last the event lists.
    rates = list({(c, d): (c, d, r) for c, d, r in usable
                  if c in ISO_4217 and c != base and r.is_finite() and r > 0}.values())
    if len(rates) < len(usable):
        log.warning("exchange rates with an unknown currency or a rate that is not positive were ignored",
                    extra={"ignored": len(usable) - len(rates)})  # or repeated
    repo = FxRepository(session)
    set_id = await repo.upsert_set(workspace_id, base, event.rates_source, event.updated_at)
    await repo.upsert_rates(set_id, rates, event.updated_at)
