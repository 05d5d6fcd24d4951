from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.fx import service
from services.campaigns.fx.schemas import (
    ConversionRead,
    FxRatePage,
    FxRateRead,
    FxRatesLoad,
    FxRatesLoaded,
)
from shared.codes import ISO_4217, CurrencyCode
from shared.fx import QuotedRate
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, text_after
from shared.http.problems import PROBLEM_RESPONSES
from shared.money import MinorUnits, Money

router = APIRouter(prefix="/v1/fx-rates", tags=["fx"], responses=PROBLEM_RESPONSES)

RATE_RULE = (
    "Rates are units of a currency for one euro, as the ECB quotes them. On a given day a "
    "currency's rate is the workspace's own newest rate dated on or before it when there is one, "
    "else the newest reference (ECB) rate on or before it; a conversion between two currencies "
    "is the cross rate through EUR (10 significant digits), the amount rounded half-even to the "
    "target's minor unit, and it reports the rate and the older quotation's date."
)


def _today() -> date:
    return datetime.now(UTC).date()


@router.put("", response_model=FxRatesLoaded, summary="Load the workspace's own exchange rates",
            description=RATE_RULE + " Loading a (currency, day) again replaces its rate. Emits "
            "FxRatesUpdated with the workspace (one event per calendar month of rates).")
async def load_fx_rates(body: FxRatesLoad, session: SessionDep, principal: WriteAccess) -> FxRatesLoaded:
    quotes = [QuotedRate(r.currency, r.rate, r.rate_date) for r in body.rates]
    await service.load_workspace_rates(session, principal.workspace_id, quotes, body.rates_source)
    days = [q.rate_date for q in quotes]
    return FxRatesLoaded(rates_source=body.rates_source, loaded=len(quotes), first_date=min(days),
                         last_date=max(days))


@router.get("", response_model=FxRatePage, summary="The exchange rates in force on a day",
            description=RATE_RULE + " One row per currency that has a rate, by currency code.")
async def list_fx_rates(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    on: Annotated[date | None, Query(description="The day (UTC); today by default")] = None,
) -> FxRatePage:
    after = text_after(page)
    currencies = sorted(c for c in ISO_4217 if after is None or c > after)
    rates = await service.rates_in_force(session, principal.workspace_id, currencies, on or _today(),
                                         page.limit + 1)
    items = [FxRateRead(currency=r.quote.currency, rate=r.quote.rate, rate_date=r.quote.rate_date,
                        origin=r.origin, source=r.source) for r in rates]
    return make_page(items, page.limit, lambda r: [r.currency])


@router.get("/conversion", response_model=ConversionRead, summary="Convert an amount on a day",
            description=RATE_RULE)
async def convert_amount(
    session: SessionDep, principal: ReadAccess,
    amount_minor: Annotated[MinorUnits, Query(description="In minor units of `from`")],
    from_currency: Annotated[CurrencyCode, Query(alias="from")],
    to_currency: Annotated[CurrencyCode, Query(alias="to")],
    on: Annotated[date | None, Query(description="The day (UTC); today by default")] = None,
) -> ConversionRead:
    conversion = await service.convert(session, principal.workspace_id,
                                       Money(amount_minor=amount_minor, currency=from_currency),
                                       to_currency, on or _today())
    return ConversionRead(amount_minor=conversion.amount_minor, currency=conversion.currency,
                          from_amount_minor=amount_minor, from_currency=from_currency,
                          rate=conversion.rate, rate_date=conversion.rate_date)

