"""Drafts and posts published by their producers are checked, stored and announced (real broker)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from compliance_bus import compliance_events
from conftest import guidelines_event

from services.compliance.campaign import service as campaigns
from services.compliance.db import metadata, spine
from shared.events.catalog.campaigns import ContentSubmitted
from shared.events.catalog.compliance import DisclosureViolationDetected
from shared.events.catalog.tracking import PostPublished
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually, publish


def draft(campaign_id: uuid.UUID, text: str) -> ContentSubmitted:
    return ContentSubmitted(
        submission_id=uuid.uuid4(), collaboration_id=uuid.uuid4(), campaign_id=campaign_id,
        influencer_id=uuid.uuid4(), platform="instagram", format="post", text=text,
        submitted_at=datetime.now(UTC),
    )


def post(campaign_id: uuid.UUID, text: str, **fields: Any) -> PostPublished:
    return PostPublished(
        post_id=uuid.uuid4(), campaign_id=campaign_id, influencer_id=uuid.uuid4(),
        platform="instagram", format="post", text=text, published_at=datetime.now(UTC), **fields,
    )


async def test_drafts_and_posts_are_checked_against_their_campaigns_markets_and_announced(
    make_settings: Callable[..., BaseServiceSettings], running_worker: Callable[..., Any],
    api: httpx.AsyncClient, workspace: uuid.UUID,
) -> None:
    settings = make_settings("compliance")
    guidelines = guidelines_event(uuid.uuid4(), ["DE", "FR"], required_hashtags=["#acmeglow"])
    campaign = guidelines.campaign_id
    good = draft(campaign, "Anzeige | Publicité : mon nouveau sérum @acme #acmeglow")
    bad = post(campaign, "Mein neues Serum von @acme #acmeglow", image_retouched=True)
    async with compliance_events(settings) as announced, running_worker("compliance") as worker:
        await publish(settings, workspace, guidelines)
        await eventually(worker.consumers[0].caught_up)
        await publish(settings, workspace, good, bad)
        completed = {c.subject_id: c for c in await announced.wait_for_checks(2)}
        violations = await _violations(announced, 1)
    assert completed[good.submission_id].subject_type == "draft"
    assert completed[good.submission_id].verdict == "compliant"
    published = completed[bad.post_id]
    assert (published.subject_type, published.verdict) == ("post", "non_compliant")
    assert published.markets == ["DE", "FR"] and published.previous_verdict is None
    assert {(f.jurisdiction, f.code) for f in published.findings} >= {
        ("DE", "missing_disclosure"), ("FR", "missing_disclosure"), ("FR", "missing_image_label")}
    assert [v.check_id for v in violations] == [published.check_id]
    stored = (await api.get(f"/v1/checks/{published.check_id}")).json()
    assert (stored["subject_id"], stored["verdict"]) == (str(bad.post_id), "non_compliant")
    assert stored["input"]["guidelines"]["required_hashtags"] == ["#acmeglow"]


async def test_a_post_of_an_unknown_campaign_needs_review_until_its_markets_arrive(
    make_settings: Callable[..., BaseServiceSettings], running_worker: Callable[..., Any],
    workspace: uuid.UUID,
) -> None:
    settings = make_settings("compliance")
    early = post(uuid.uuid4(), "Loving this serum from @acme!")
    async with compliance_events(settings) as announced, running_worker("compliance"):
        await publish(settings, workspace, early)
        (first,) = await announced.wait_for_checks(1)
        await publish(settings, workspace, guidelines_event(early.campaign_id, ["US"]))
        second = (await announced.wait_for_checks(2))[1]
    assert (first.verdict, first.markets) == ("needs_review", [])
    assert [f.code for f in first.findings] == ["markets_unknown"]
    assert second.check_id == first.check_id
    assert (second.previous_verdict, second.verdict, second.markets) == (
        "needs_review", "non_compliant", ["US"])


async def test_an_older_guidelines_update_never_overwrites_a_newer_one(
    make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> None:
    runtime = ServiceRuntime.create(make_settings("compliance"), metadata, spine)
    newer = guidelines_event(uuid.uuid4(), ["DE"])
    older = newer.model_copy(update={"markets": ["US"], "updated_at": newer.updated_at - timedelta(1)})
    async with runtime.sessions() as session, session.begin():
        await campaigns.apply_update(session, workspace, newer)
        assert await campaigns.apply_update(session, workspace, older) is None
        stored = await campaigns.get(session, workspace, newer.campaign_id)
    await runtime.close()
    assert stored is not None and stored.markets == ["DE"]


async def _violations(announced: Any, count: int) -> list[DisclosureViolationDetected]:
    await eventually(lambda: len(announced.of_type(DisclosureViolationDetected)) >= count)
    found: list[DisclosureViolationDetected] = announced.of_type(DisclosureViolationDetected)
    return found
