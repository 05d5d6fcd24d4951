"""Events this service consumes: type → handler (each runs in the consumer's transaction)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.campaign import service as campaigns
from services.tracking.clicks import service as clicks
from services.tracking.contract import service as contracts
from services.tracking.fx import service as fx
from services.tracking.post import service as posts
from shared.bus.consumer import Handler
from shared.events.base import Event
from shared.events.catalog.campaigns import (
    CampaignStateChanged,
    ContractSigned,
    FxRatesUpdated,
    PaymentRecorded,
    ProductSeeded,
)
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.events.catalog.tracking import LinkClicked
from shared.events.envelope import Envelope
from shared.events.problems import require_workspace


async def on_campaign_state_changed(session: AsyncSession, envelope: Envelope[CampaignStateChanged]) -> None:
    await campaigns.apply_state_changed(session, require_workspace(envelope), envelope.data)


async def on_contract_signed(session: AsyncSession, envelope: Envelope[ContractSigned]) -> None:
    await contracts.apply_contract_signed(session, require_workspace(envelope), envelope.data)


async def on_payment_recorded(session: AsyncSession, envelope: Envelope[PaymentRecorded]) -> None:
    await contracts.apply_payment_recorded(session, require_workspace(envelope), envelope.data)


async def on_product_seeded(session: AsyncSession, envelope: Envelope[ProductSeeded]) -> None:
    await contracts.apply_product_seeded(session, require_workspace(envelope), envelope.data)


async def on_fx_rates_updated(session: AsyncSession, envelope: Envelope[FxRatesUpdated]) -> None:
    # Without a workspace they are the reference rates every workspace uses.
    await fx.apply_rates_updated(session, envelope.workspace_id, envelope.data)


async def on_disclosure_check_completed(
    session: AsyncSession, envelope: Envelope[DisclosureCheckCompleted]
) -> None:
    await posts.record_disclosure(session, require_workspace(envelope), envelope.data)


async def on_link_clicked(session: AsyncSession, envelope: Envelope[LinkClicked]) -> None:
    clicks.record(session, require_workspace(envelope), envelope.data)


HANDLERS: dict[type[Event], Handler] = {
    CampaignStateChanged: on_campaign_state_changed,
    ContractSigned: on_contract_signed,
    PaymentRecorded: on_payment_recorded,
    ProductSeeded: on_product_seeded,
    FxRatesUpdated: on_fx_rates_updated,
    DisclosureCheckCompleted: on_disclosure_check_completed,
    LinkClicked: on_link_clicked,
}
