"""`icp recheck`: stored checks re-evaluated under the current rules; only changed verdicts announced."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import guidelines_event
from sqlalchemy import delete, select
from typer.testing import CliRunner

from services.compliance import flows
from services.compliance.campaign import service as campaigns
from services.compliance.check.service import Subject
from services.compliance.db import metadata, spine
from services.compliance.models import Check
from services.compliance.recheck import RecheckScope, recheck
from services.compliance.rule_catalog import load_for
from shared.cli.main import app
from shared.events.catalog import REGISTRY
from shared.events.envelope import decode
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings

CATALOG = load_for(BaseServiceSettings())
UNDISCLOSED = "Obsessed with my new serum from @acme"  # non-compliant in the US


@pytest.fixture
async def runtime(make_settings: Callable[..., BaseServiceSettings]) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime.create(make_settings("compliance"), metadata, spine)
    yield runtime
    await runtime.close()


async def _stored_post(runtime: ServiceRuntime, workspace: uuid.UUID, campaign: uuid.UUID,
                       **stale: Any) -> uuid.UUID:
    """A post checked now, then made to look as if checked under older rules (`stale` fields)."""
    content = flows.Content(UNDISCLOSED, "instagram", "post", False, "paid", False, False)
    async with runtime.sessions() as session, session.begin():
        await campaigns.apply_update(session, workspace, guidelines_event(campaign, ["US"]))
        check = await flows.check_content(session, CATALOG, workspace,
                                          Subject("post", uuid.uuid4(), campaign), content)
        for field, value in stale.items():
            setattr(check, field, value)
        check.result = {**check.result, **stale}
    async with runtime.sessions() as session, session.begin():
        await session.execute(delete(spine.outbox))  # forget the first check's announcements
    return check.id


async def _announced(runtime: ServiceRuntime) -> list[Any]:
    async with runtime.sessions() as session:
        rows = (await session.execute(select(spine.outbox))).all()
    return [decode([(k, v.encode()) for k, v in row.headers], row.payload, REGISTRY).data
            for row in rows]


async def test_recheck_updates_stale_checks_and_announces_only_changed_verdicts(
    runtime: ServiceRuntime, workspace: uuid.UUID, monkeypatch: pytest.MonkeyPatch,
) -> None:
    campaign = uuid.uuid4()
    changed = await _stored_post(runtime, workspace, campaign, verdict="compliant",
                                 rule_set_version="US@2020.1.0")
    older_rules = await _stored_post(runtime, workspace, campaign, rule_set_version="US@2020.1.0")
    current = await _stored_post(runtime, workspace, campaign)
    elsewhere = await _stored_post(runtime, uuid.uuid4(), campaign, verdict="compliant")
    monkeypatch.setenv("COMPLIANCE_DATABASE_URL", runtime.settings.database_url)
    result = await asyncio.to_thread(CliRunner().invoke, app, ["recheck", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    assert "3/3 checked" in result.output
    assert result.output.splitlines()[-1] == (
        "rechecked 3 check(s): 2 updated, 1 verdict(s) changed, 1 announced")
    completed, violation = await _announced(runtime)
    assert (completed.check_id, completed.previous_verdict, completed.verdict) == (
        changed, "compliant", "non_compliant")
    assert violation.check_id == changed
    async with runtime.sessions() as session:
        rows = {c.id: c for c in (await session.scalars(select(Check))).all()}
    assert rows[older_rules].rule_set_version == rows[current].rule_set_version != "US@2020.1.0"
    assert rows[elsewhere].verdict == "compliant"  # another workspace: not in scope


async def test_recheck_of_one_campaign_leaves_the_others_and_a_second_run_changes_nothing(
    runtime: ServiceRuntime, workspace: uuid.UUID,
) -> None:
    mine, other = uuid.uuid4(), uuid.uuid4()
    await _stored_post(runtime, workspace, mine, verdict="compliant")
    untouched = await _stored_post(runtime, workspace, other, verdict="compliant")
    scope = RecheckScope(campaign_id=mine)
    first = await recheck(runtime.sessions, CATALOG, scope, batch_size=1)
    again = await recheck(runtime.sessions, CATALOG, scope)
    assert (first.checked, first.verdicts_changed, first.announced) == (1, 1, 1)
    assert (again.checked, again.updated, again.announced) == (1, 0, 0)
    async with runtime.sessions() as session:
        other_check = await session.get(Check, untouched)
    assert other_check is not None and other_check.verdict == "compliant"
    assert other_check.checked_at < datetime.now(UTC)
