"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.compliance.db import spine
from services.compliance.disclosure_engine.models import Verdict
from services.compliance.models import Check
from shared.bus.outbox import Outbox
from shared.events.base import Event
from shared.events.catalog.compliance import (
    DisclosureCheckCompleted,
    DisclosureViolationDetected,
    FindingSummary,
)

_outbox = Outbox(spine.outbox)


def check_completed(session: AsyncSession, check: Check, previous_verdict: str | None) -> None:
    """`DisclosureCheckCompleted`, and `DisclosureViolationDetected` when it is non-compliant."""
    findings = [
        FindingSummary(code=f["code"], jurisdiction=f["jurisdiction"] or "",
                       severity=f["severity"], message=f["message"],
                       suggestion=f.get("suggestion"))
        for f in check.result["findings"]
    ]
    common = {
        "check_id": check.id, "subject_type": check.subject_type, "subject_id": check.subject_id,
        "campaign_id": check.campaign_id, "influencer_id": check.influencer_id,
        "markets": check.markets, "rule_set_version": check.rule_set_version,
        "findings": findings, "checked_at": check.checked_at,
    }
    events: list[Event] = [DisclosureCheckCompleted(
        **common, verdict=check.verdict, previous_verdict=previous_verdict,
    )]
    if check.verdict == Verdict.NON_COMPLIANT:
        events.append(DisclosureViolationDetected(**common))
    _outbox.add_all(session, events, check.workspace_id)
