"""A consumer batch: the campaign guidelines its drafts and posts need are read in one query, and
guidelines arriving in the same batch as their campaign's posts still apply to them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from conftest import SeedGuidelines, guidelines_event
from sqlalchemy import event

from services.compliance.campaign import service as campaigns
from services.compliance.check.repository import CheckFilters, CheckRepository
from services.compliance.db import metadata, spine
from services.compliance.events.handlers import build_handlers, preload_campaigns
from services.compliance.rules.loader import load_rule_sets
from shared.events.catalog.tracking import PostPublished
from shared.events.envelope import Envelope, wrap
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings


def _post(campaign_id: uuid.UUID) -> PostPublished:
    return PostPublished(post_id=uuid.uuid4(), campaign_id=campaign_id, influencer_id=uuid.uuid4(),
                         platform="instagram", format="post", text="#ad", published_at=datetime.now(UTC))


async def test_a_batch_of_posts_reads_its_campaigns_guidelines_in_one_query(
    make_settings: Callable[..., BaseServiceSettings], seed_guidelines: SeedGuidelines,
    workspace: uuid.UUID,
) -> None:
    us, de = await seed_guidelines(["US"]), await seed_guidelines(["DE", "AT"])
    envelopes = [wrap(_post(c.campaign_id), workspace) for c in (us, de, us, de)]
    runtime = ServiceRuntime.create(make_settings("compliance"), metadata, spine)
    statements: list[str] = []

    def _count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(runtime.engine.sync_engine, "before_cursor_execute", _count)
    try:
        async with runtime.sessions() as session, session.begin():
            await preload_campaigns(session, envelopes)
            loaded = len(statements)
            found = [await campaigns.get(session, workspace, e.data.campaign_id) for e in envelopes]
    finally:
        await runtime.close()
    assert loaded == 1 and len(statements) == 1
    assert [c.markets if c else None for c in found] == [["US"], ["DE", "AT"], ["US"], ["DE", "AT"]]


async def test_a_post_before_its_campaigns_guidelines_in_one_batch_is_checked_against_them(
    make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> None:
    handlers = build_handlers(load_rule_sets())
    early = _post(uuid.uuid4())
    batch: list[Envelope[Any]] = [
        wrap(early, workspace), wrap(guidelines_event(early.campaign_id, ["US"]), workspace)]
    runtime = ServiceRuntime.create(make_settings("compliance"), metadata, spine)
    async with runtime.sessions() as session, session.begin():
        for envelope in batch:
            await handlers[type(envelope.data)](session, envelope)
    async with runtime.sessions() as session:
        (check,) = await CheckRepository(session).list(workspace, CheckFilters(), None, 10)
    await runtime.close()
    assert (check.subject_id, check.markets) == (early.post_id, ["US"])
