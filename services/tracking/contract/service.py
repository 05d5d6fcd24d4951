"""Read-models of what each collaboration costs, kept from campaigns' events: the contract in
force (its cost terms and the relationship a post discloses), payments and seeded products."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.contract.repository import ContractInForce, ContractRepository
from services.tracking.kpis import state as kpi_state
from services.tracking.models import Contract, Payment, SeededProduct
from shared.events.catalog.campaigns import ContractSigned, PaymentRecorded, ProductSeeded


async def apply_contract_signed(
    session: AsyncSession, workspace_id: uuid.UUID, event: ContractSigned
) -> Contract | None:
    await kpi_state.mark_changed(session, workspace_id, [event.campaign_id])
    return await ContractRepository(session).upsert_contract({
        "id": event.contract_id, "workspace_id": workspace_id,
        "collaboration_id": event.collaboration_id, "campaign_id": event.campaign_id,
        "influencer_id": event.influencer_id, "relationship": event.relationship,
        "compensation_model": event.terms.compensation_model,
        "currency": event.terms.currency.strip().upper(),
        "terms": event.terms.model_dump(mode="json"),
        "platform": event.influencer.platform, "handle": event.influencer.handle,
        "followers": event.influencer.followers, "signed_at": event.signed_at,
    })


async def apply_payment_recorded(
    session: AsyncSession, workspace_id: uuid.UUID, event: PaymentRecorded
) -> Payment | None:
    await kpi_state.mark_changed(session, workspace_id, [event.campaign_id])
    return await ContractRepository(session).upsert_payment({
        "id": event.payment_id, "workspace_id": workspace_id, "contract_id": event.contract_id,
        "collaboration_id": event.collaboration_id, "campaign_id": event.campaign_id,
        "amount_minor": event.amount_minor, "currency": event.currency.strip().upper(),
        "status": event.status, "method": event.method, "paid_at": event.paid_at,
        "recorded_at": event.recorded_at,
    })


async def apply_product_seeded(
    session: AsyncSession, workspace_id: uuid.UUID, event: ProductSeeded
) -> SeededProduct | None:
    await kpi_state.mark_changed(session, workspace_id, [event.campaign_id])
    return await ContractRepository(session).upsert_seeding({
        "id": event.seeding_id, "workspace_id": workspace_id,
        "collaboration_id": event.collaboration_id, "campaign_id": event.campaign_id,
        "influencer_id": event.influencer_id, "item": event.item, "value_minor": event.value_minor,
        "currency": event.currency.strip().upper(), "status": event.status,
        "recorded_at": event.recorded_at,
    })


async def in_force(
    session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID
) -> Contract | None:
    """The collaboration's newest contract: a renegotiated contract supersedes the one before."""
    return await ContractRepository(session).in_force(workspace_id, collaboration_id)


async def campaign_contracts(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> list[ContractInForce]:
    return await ContractRepository(session).campaign_contracts(workspace_id, campaign_id)


async def campaign_payments(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> Sequence[Payment]:
    return await ContractRepository(session).campaign_payments(workspace_id, campaign_id)


async def campaign_seedings(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> Sequence[SeededProduct]:
    return await ContractRepository(session).campaign_seedings(workspace_id, campaign_id)
