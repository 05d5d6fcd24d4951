"""Campaigns' and compliance's events as tracking's tests build them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from shared.events.catalog.campaigns import (
    CampaignStateChanged,
    ContractSigned,
    ContractTerms,
    InfluencerFigures,
)

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def campaign_event(campaign_id: uuid.UUID | None = None, **fields: Any) -> CampaignStateChanged:
    values: dict[str, Any] = {
        "campaign_id": campaign_id or uuid.uuid4(),
        "name": "Glow launch",
        "brand": "GlowLab",
        "state": "active",
        "previous_state": "planned",
        "currency": "USD",
        "starts_at": NOW,
        "ends_at": datetime(2026, 6, 30, tzinfo=UTC),
        "markets": ["US"],
        "goal_metrics": ["engagements", "clicks"],
        "updated_at": NOW,
        **fields,
    }
    return CampaignStateChanged(**values)


def contract_event(campaign_id: uuid.UUID, **fields: Any) -> ContractSigned:
    terms = fields.pop("terms", None) or ContractTerms(
        compensation_model="flat_fee", currency="USD", fixed_fee_minor=200_000
    )
    values: dict[str, Any] = {
        "contract_id": uuid.uuid4(),
        "collaboration_id": uuid.uuid4(),
        "campaign_id": campaign_id,
        "influencer_id": uuid.uuid4(),
        "relationship": "paid",
        "terms": terms,
        "influencer": InfluencerFigures(platform="instagram", handle="ana.glow", followers=48_200),
        "signed_at": NOW,
        **fields,
    }
    return ContractSigned(**values)


def post_body(campaign_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    return {
        "campaign_id": str(campaign_id),
        "influencer_id": str(uuid.uuid4()),
        "platform": "instagram",
        "format": "reel",
        "url": f"https://www.instagram.com/reel/{uuid.uuid4().hex[:11]}/",
        "text": "Ad | my evening routine with @glowlab #ad",
        "published_at": "2026-05-04T18:30:00Z",
        **fields,
    }
