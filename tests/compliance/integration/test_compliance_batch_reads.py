"""A consumer batch reads the campaign guidelines its drafts and posts need in one query."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from conftest import SeedGuidelines
from sqlalchemy import event

from services.compliance.campaign import service as campaigns
from services.compliance.db import metadata, spine
from services.compliance.events.handlers import preload_campaigns
from shared.events.catalog.tracking import PostPublished
from shared.events.envelope import wrap
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
