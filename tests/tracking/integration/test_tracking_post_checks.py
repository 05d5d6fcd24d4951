"""S7: the skincare brand's posts are registered, announced on the broker, checked by compliance's
worker, and carry its verdict (real broker, both services' workers)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from tracking_events import campaign_event, contract_event, post_body

from shared.events.catalog.campaigns import CampaignGuidelinesUpdated
from shared.events.catalog.tracking import PostPublished
from shared.settings import BaseServiceSettings
from shared.testing import events_on, eventually, publish


async def test_s7_skincare_posts_are_checked_by_compliance_and_carry_its_verdict(
    make_settings: Callable[..., BaseServiceSettings],
    running_worker: Callable[..., Any],
    api: httpx.AsyncClient,
    workspace: uuid.UUID,
) -> None:
    settings = make_settings("tracking")
    campaign = campaign_event(brand="GlowLab", markets=["US"])
    guidelines = CampaignGuidelinesUpdated(
        campaign_id=campaign.campaign_id,
        brand="GlowLab",
        markets=["US"],
        required_hashtags=["#glowlab"],
        updated_at=datetime.now(UTC),
    )
    contract = contract_event(campaign.campaign_id, relationship="affiliate")
    deliverable = uuid.uuid4()
    async with (
        events_on(settings, PostPublished) as announced,
        running_worker("tracking") as tracking,
        running_worker("compliance") as compliance,
    ):
        await publish(settings, workspace, campaign, contract, guidelines)
        await eventually(tracking.consumers[0].caught_up)
        await eventually(compliance.consumers[0].caught_up)
        disclosed = (
            await api.post(
                "/v1/posts",
                json=post_body(
                    campaign.campaign_id,
                    collaboration_id=str(contract.collaboration_id),
                    influencer_id=str(contract.influencer_id),
                    deliverable_id=str(deliverable),
                    text="#ad My night routine with the @glowlab serum, link in bio #glowlab",
                ),
            )
        ).json()
        hidden = (
            await api.post(
                "/v1/posts",
                json=post_body(
                    campaign.campaign_id,
                    collaboration_id=str(contract.collaboration_id),
                    influencer_id=str(contract.influencer_id),
                    text="Obsessed with my @glowlab serum, use my code ANA15 #glowlab",
                ),
            )
        ).json()

        async def verdicts() -> dict[str, str] | None:
            posts = [(await api.get(f"/v1/posts/{p['id']}")).json() for p in (disclosed, hidden)]
            found = {p["id"]: p["disclosure"]["verdict"] for p in posts if p["disclosure"]}
            return found if len(found) == 2 else None

        checked = await eventually(verdicts, timeout=30)
        published = {str(e.post_id): e for e in await announced.wait_for(PostPublished, 2)}
    assert checked == {disclosed["id"]: "compliant", hidden["id"]: "non_compliant"}
    event = published[disclosed["id"]]
    assert (event.relationship, event.deliverable_id, event.collaboration_id) == (
        "affiliate",
        deliverable,
        contract.collaboration_id,
    )
    assert event.text.startswith("#ad My night routine")
