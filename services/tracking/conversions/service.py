"""Conversions: an order attributed once (by order id) to a creator's click or promo code under
the campaign's rule (`domain.attribution`), converted into the campaign currency at the rate of
the order's day, with the commission its contract earns; refunds and cancellations reverse it.
Each change emits its event and marks the campaign's KPIs changed, in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.conversions.repository import (
    ClickRow,
    ConversionRepository,
    ConversionRow,
    PromoCodeRow,
    TouchTerms,
)
from services.tracking.domain.attribution import (
    DEFAULT_RULE,
    ClickTouch,
    CodeTouch,
    Decision,
    Rule,
    decide,
    stored_rule,
)
from services.tracking.domain.fees import accrue
from services.tracking.domain.fx import FxRates
from services.tracking.domain.orders import OrderFacts, parse_click_id
from services.tracking.domain.promo_codes import code_key
from services.tracking.events import publishers
from services.tracking.fx import service as fx
from services.tracking.kpis import state as kpi_state
from services.tracking.models import Conversion, ConversionReversal
from shared.http.problems import ProblemError, not_found
from shared.ids import uuid7


class NotAttributed(ProblemError):
    """Nothing in the order may be attributed: a 422 for the API and the generic webhook; a
    Shopify order without a creator's touch is answered 200 (most of a shop's orders have none)."""

    def __init__(self, slug: str, detail: str, reasons: Sequence[str]) -> None:
        super().__init__(422, "Order not attributed", detail, slug, extensions={"reasons": list(reasons)})
        self.reasons = list(reasons)


@dataclass(frozen=True)
class Recorded:
    conversion: ConversionRow
    created: bool


async def attribute(session: AsyncSession, workspace_id: uuid.UUID, order: OrderFacts, source: str,
                    codes: Mapping[str, PromoCodeRow] | None = None) -> Recorded:
    """`codes`: the order's codes that are the workspace's (by key), when the caller read them
    already (a webhook, with its endpoint). The reads and the write go straight to the session's
    connection (`ConversionRepository`) outside a transaction, so the write (the order, its
    event, the code's use, the KPI mark: one statement) commits on its own; locking a capped
    code begins the session's transaction, and then everything joins it."""
    repo = ConversionRepository(session)
    # Most orders are new: a replay is told by the insert's conflict (or, when the order could
    # not be attributed again now, by the stored one), not by a read before every order.
    try:
        decision, terms = await _decide(session, workspace_id, order, codes)
        conversion = await _conversion(session, workspace_id, order, source, decision, terms)
    except ProblemError:
        if (found := await repo.stored(workspace_id, order.order_id)) is not None:
            return Recorded(found, False)
        raise
    if not await repo.add(conversion, publishers.conversion_attributed(conversion)):
        found = await repo.stored(workspace_id, order.order_id)
        assert found is not None
        return Recorded(found, False)
    return Recorded(conversion, True)


async def _decide(session: AsyncSession, workspace_id: uuid.UUID, order: OrderFacts,
                  codes: Mapping[str, PromoCodeRow] | None) -> tuple[Decision, TouchTerms]:
    """The decision, and the terms of the touch it chose."""
    reasons: list[str] = []
    click = await _click(session, workspace_id, order.click_id, reasons)
    code, unknown = await _code(session, workspace_id, order.promo_codes, codes)
    if click is not None or code is not None:
        decision = decide(_click_touch(click) if click else None, _code_touch(code) if code else None,
                          _rule(click.terms) if click else DEFAULT_RULE,
                          _rule(code.terms) if code else DEFAULT_RULE, order.ordered_at)
        if decision.by is not None:
            chosen = code if decision.by == "promo_code" else click
            assert chosen is not None
            return decision, chosen.terms
        reasons += decision.reasons
    reasons += [f"promo code {text} is not one of this workspace's" for text in unknown]
    if unknown and code is None and click is None:
        raise NotAttributed("unknown-promo-code", "; ".join(reasons), reasons)
    if not reasons:
        reasons.append("the order carries neither a click id nor a promo code")
    raise NotAttributed("not-attributed", "; ".join(reasons), reasons)


def _rule(terms: TouchTerms) -> Rule:
    return stored_rule(terms.window_days, terms.precedence)


def _click_touch(row: ClickRow) -> ClickTouch:
    return ClickTouch(row.click_id, row.campaign_id, row.collaboration_id, row.clicked_at, row.is_bot,
                      row.influencer_id)


def _code_touch(row: PromoCodeRow) -> CodeTouch:
    return CodeTouch(row, row.id, row.code, row.campaign_id, row.collaboration_id, row.influencer_id)


async def _click(session: AsyncSession, workspace_id: uuid.UUID, text: str | None, reasons: list[str]
                 ) -> ClickRow | None:
    if text is None:
        return None
    click_id = parse_click_id(text)
    row = await ConversionRepository(session).click(workspace_id, click_id) if click_id else None
    if row is None:
        reasons.append(f"click id {text} is no recorded click of this workspace")
    return row


async def _code(session: AsyncSession, workspace_id: uuid.UUID, texts: Sequence[str],
                codes: Mapping[str, PromoCodeRow] | None) -> tuple[PromoCodeRow | None, list[str]]:
    """The first of the order's codes that is one of the workspace's (locked when it has a usage
    cap: the cap is checked and counted in this transaction), and the unknown ones before it."""
    unknown: list[str] = []
    if not texts:
        return None, unknown
    repo = ConversionRepository(session)
    known = codes if codes is not None else await repo.codes(workspace_id, [code_key(t) for t in texts])
    for text in texts:
        promo = known.get(code_key(text))
        if promo is not None and promo.max_uses is not None:
            # Capped: orders of the code are counted one at a time.
            promo = await repo.locked_code(workspace_id, promo.code_key)
        if promo is None:
            unknown.append(text)
            continue
        return promo, unknown
    return None, unknown


async def _conversion(session: AsyncSession, workspace_id: uuid.UUID, order: OrderFacts, source: str,
                      decision: Decision, terms: TouchTerms) -> ConversionRow:
    campaign_currency, contract = terms.campaign_currency, terms.contract
    if campaign_currency is None:
        raise ProblemError(409, "Campaign currency not known", f"campaign {decision.campaign_id} has "
                           "no currency yet (no CampaignStateChanged received): send the order again "
                           "later", "campaign-currency-unknown")
    day = order.ordered_at.date()
    currencies = {order.currency, campaign_currency} | ({contract.currency} if contract else set())
    # One currency throughout converts at 1 without reading rates.
    rates = await fx.rates_for(session, workspace_id, currencies, day, day) if len(currencies) > 1 \
        else FxRates([])
    reporting = rates.convert(order.amount_minor, order.currency, campaign_currency, day)
    if reporting is None:
        raise ProblemError(422, "No exchange rate", f"no exchange rate from {order.currency} to "
                           f"{campaign_currency} on or before {day}", "no-exchange-rate")
    commission = None
    if contract is not None and contract.performance_rates:
        revenue = rates.convert(order.amount_minor, order.currency, contract.currency, day)
        earned = accrue(contract.performance_rates, None, {
            "conversions": 1, "revenue": revenue.amount_minor if revenue else None}).minor
        in_reporting = rates.convert(earned, contract.currency, campaign_currency, day)
        commission = in_reporting.amount_minor if in_reporting else None
    touch = decision.code if decision.by == "promo_code" else decision.click
    assert touch is not None and decision.by is not None
    by_code = decision.code if decision.by == "promo_code" else None
    return ConversionRow(
        id=uuid7(), workspace_id=workspace_id, order_id=order.order_id, source=source,
        campaign_id=decision.campaign_id, collaboration_id=decision.collaboration_id,
        influencer_id=touch.influencer_id or (contract.influencer_id if contract else None),
        attributed_by=decision.by, click_id=decision.click.click_id if decision.by == "click"
        and decision.click else None,
        promo_code_id=by_code.promo_code_id if by_code else None,
        promo_code=by_code.text if by_code else None,
        amount_minor=order.amount_minor, currency=order.currency,
        reporting_amount_minor=reporting.amount_minor, reporting_currency=campaign_currency,
        fx_rate=reporting.rate, fx_rate_date=reporting.rate_date, commission_minor=commission,
        reversed_minor=0, status="attributed", ordered_at=order.ordered_at, attributed_at=datetime.now(UTC),
    )


ReversalResult = Literal["reversed", "already_reversed", "nothing_to_reverse"]


@dataclass(frozen=True)
class Reversal:
    what: ReversalResult
    conversion: Conversion


async def reverse(
    session: AsyncSession, workspace_id: uuid.UUID, conversion: Conversion, reason: str,
    key: str | None, amount_minor: int | None, currency: str | None, at: datetime | None,
) -> Reversal:
    """Reverses `amount_minor` (None, or a cancellation: all that is left) of the order, once per
    `key` (a refund's id; a cancellation is keyed "cancellation"). A refund beyond what is left
    reverses what is left."""
    if currency is not None and currency != conversion.currency:
        raise ProblemError(422, "Currency mismatch", f"the order is in {conversion.currency}, the "
                           f"reversal in {currency}", "currency-mismatch")
    repo = ConversionRepository(session)
    key = "cancellation" if reason == "cancellation" else key or f"refund-{uuid7()}"
    if await repo.reversal(workspace_id, conversion.id, key) is not None:
        return Reversal("already_reversed", conversion)
    left = conversion.amount_minor - conversion.reversed_minor
    amount = left if amount_minor is None or reason == "cancellation" else min(amount_minor, left)
    if left <= 0 or amount <= 0:
        return Reversal("nothing_to_reverse", conversion)
    closes = amount == left
    reporting = _share(conversion.reporting_amount_minor, amount, conversion)
    commission = (_share(conversion.commission_minor, amount, conversion)
                  if conversion.commission_minor is not None else None)
    when = at or datetime.now(UTC)
    await repo.add_reversal(ConversionReversal(
        id=uuid7(), workspace_id=workspace_id, conversion_id=conversion.id,
        campaign_id=conversion.campaign_id, collaboration_id=conversion.collaboration_id,
        reversal_key=key, reason=reason, amount_minor=amount, reporting_amount_minor=reporting,
        commission_minor=commission, closes=closes, reversed_at=when))
    conversion.reversed_minor += amount
    conversion.status = "reversed" if closes else "partially_reversed"
    await session.flush()
    publishers.conversion_reversed(session, conversion, reason, amount, when)
    await kpi_state.mark_changed(session, workspace_id, [conversion.campaign_id])
    return Reversal("reversed", conversion)


def _share(total: int, amount: int, conversion: Conversion) -> int:
    """`total`'s part for `amount` of the order, so that the parts of all reversals add up to
    `total` exactly once the order is wholly reversed."""
    before = conversion.reversed_minor

    def upto(reversed_minor: int) -> int:
        return int((Decimal(total) * reversed_minor / conversion.amount_minor)
                   .to_integral_value(ROUND_HALF_EVEN))

    return upto(before + amount) - upto(before)


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, conversion_id: uuid.UUID,
                       for_update: bool = False) -> Conversion:
    conversion = await ConversionRepository(session).get(workspace_id, conversion_id, for_update)
    if conversion is None:
        raise not_found(f"conversion {conversion_id}")
    return conversion


async def by_order(session: AsyncSession, workspace_id: uuid.UUID, order_id: str) -> Conversion | None:
    """Locked: its reversals are applied one at a time."""
    return await ConversionRepository(session).by_order(workspace_id, order_id, for_update=True)


async def list_page(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
                    collaboration_id: uuid.UUID | None, after: uuid.UUID | None, limit: int
                    ) -> Sequence[Conversion]:
    return await ConversionRepository(session).list(workspace_id, campaign_id, collaboration_id, after,
                                                    limit + 1)
