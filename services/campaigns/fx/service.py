"""Exchange rates: which one applies on a day, conversions that carry it, and loading new ones.

A workspace's own rate for a currency (`PUT /v1/fx-rates`) wins over the reference (ECB) rate
whenever it has one dated on or before the day; otherwise the newest reference rate on or before
the day applies (the ECB publishes on TARGET business days only, so weekends use Friday's).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.events import publishers
from services.campaigns.fx.repository import EffectiveRate, FxRateRepository
from shared import fx
from shared.fx import BASE_CURRENCY, Conversion, QuotedRate
from shared.http.problems import ProblemError
from shared.money import Money


def missing_rate(currency: str, on: date) -> ProblemError:
    return ProblemError(
        422, "No exchange rate",
        f"there is no {BASE_CURRENCY}/{currency} rate on or before {on.isoformat()}: load one with "
        "PUT /v1/fx-rates", "fx-rate-missing")


async def rates_on(
    session: AsyncSession, workspace_id: uuid.UUID, currencies: Sequence[str], on: date
) -> dict[str, EffectiveRate]:
    """The rate of each currency on `on` (the base currency's is 1); a 422 names one without."""
    wanted = [c for c in dict.fromkeys(currencies) if c != BASE_CURRENCY]
    found = {r.quote.currency: r for r in await FxRateRepository(session).effective(workspace_id, wanted, on)}
    for currency in wanted:
        if currency not in found:
            raise missing_rate(currency, on)
    if BASE_CURRENCY in currencies:
        found[BASE_CURRENCY] = EffectiveRate(fx.base_quote(on), "reference", "base currency")
    return found


async def convert(
    session: AsyncSession, workspace_id: uuid.UUID, money: Money, to_currency: str, on: date
) -> Conversion:
    """`money` in `to_currency` at the rates of `on`, with the cross rate and its date."""
    if money.currency == to_currency:
        return Conversion(money.amount_minor, to_currency, Decimal(1), on)
    rates = await rates_on(session, workspace_id, [money.currency, to_currency], on)
    return fx.convert(money.amount_minor, rates[money.currency].quote, rates[to_currency].quote)


async def load_workspace_rates(
    session: AsyncSession, workspace_id: uuid.UUID, quotes: Sequence[QuotedRate], source: str
) -> None:
    await FxRateRepository(session).load_workspace_rates(workspace_id, quotes, source)
    publishers.fx_rates_updated(session, quotes, source, workspace_id)


async def load_reference_rates(
    session: AsyncSession, quotes: Sequence[QuotedRate], source: str
) -> list[QuotedRate]:
    """Stores reference quotations; announces (and returns) those that were new or changed."""
    changed = await FxRateRepository(session).load_reference_rates(quotes, source)
    if changed:
        publishers.fx_rates_updated(session, changed, source, None)
    return changed


async def rates_in_force(
    session: AsyncSession, workspace_id: uuid.UUID, currencies: Sequence[str], on: date, limit: int
) -> list[EffectiveRate]:
    """The first `limit` of these currencies that have a rate on `on`, with it."""
    return (await FxRateRepository(session).effective(workspace_id, currencies, on))[:limit]
