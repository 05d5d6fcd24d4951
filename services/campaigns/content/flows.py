"""Content workflows that events and the auto-approval job drive, and the stage a collaboration's
deliverables add up to.

Every write that moves a collaboration locks it first (`moves.locked_or_raise`), then its draft:
the API, the consumers and the job take locks in that one order.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.collaboration import moves
from services.campaigns.collaboration.repository import CollaborationRepository
from services.campaigns.collaboration.stages import DeliverableProgress
from services.campaigns.content.repository import AWAITING, ContentRepository
from services.campaigns.domain import content as rules
from services.campaigns.domain import contracts as contract_rules
from services.campaigns.events import publishers
from services.campaigns.models import Collaboration
from services.campaigns.models.content import Draft, DraftCheck, Review
from services.campaigns.models.contract import Deliverable
from services.campaigns.payment import schedule
from services.campaigns.payment.repository import PaymentRepository
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.events.catalog.tracking import PostPublished

log = logging.getLogger(__name__)

# Also on the worker's /metrics page (build_worker registers it there).
SKIPPED = Counter("icp_campaigns_content_events_skipped",
                  "Check results and posts campaigns could not apply (each also logged)",
                  ["event", "reason"])

_PROGRESS = {None: DeliverableProgress.NOT_STARTED, AWAITING: DeliverableProgress.SUBMITTED,
             "changes_requested": DeliverableProgress.CHANGES_REQUESTED,
             "approved": DeliverableProgress.APPROVED,
             # Approved, then judged non-compliant before it was published: sent back.
             "revoked": DeliverableProgress.CHANGES_REQUESTED}


async def follow_stage(session: AsyncSession, collaboration: Collaboration, reason: str) -> None:
    """Moves the collaboration to the stage its deliverables add up to (DESIGN §7)."""
    rows = await ContentRepository(session).progress(collaboration.workspace_id, collaboration.id)
    progress = [DeliverableProgress.PUBLISHED if deliverable.published_at else _PROGRESS[status]
                for deliverable, status in rows]
    await moves.follow_content(session, collaboration, progress, reason)


def newest(checks: Sequence[DraftCheck]) -> DraftCheck | None:
    found = rules.newest_check(rules.CheckResult(c.check_id, c.verdict, c.checked_at)
                               for c in checks)
    return next((c for c in checks if found and c.check_id == found.check_id), None)


async def approve(
    session: AsyncSession, collaboration: Collaboration, draft: Draft, *, at: datetime,
    actor: str | None, override_reason: str | None = None, note: str | None = None,
    auto: bool = False,
) -> Review:
    """Records the approval round, emits ContentApproved and moves the collaboration on. The
    caller has checked the approval rules against the newest check."""
    repository = ContentRepository(session)
    review = Review(
        workspace_id=draft.workspace_id, draft_id=draft.id, deliverable_id=draft.deliverable_id,
        round=await repository.next_round(draft.workspace_id, draft.deliverable_id),
        decision="approved", comments=[], note=note, override_reason=override_reason, auto=auto,
        actor=actor, decided_at=at)
    repository.add(review)
    draft.status, draft.decided_at, draft.auto_approve_at = "approved", at, None
    await session.flush()
    publishers.content_approved(session, draft, review)
    await follow_stage(session, collaboration,
                       f"draft v{draft.version} approved" + (" (brand silent)" if auto else ""))
    return review


async def check_completed(session: AsyncSession, workspace_id: uuid.UUID,
                          event: DisclosureCheckCompleted) -> None:
    """Keeps compliance's verdict on a draft: the newest result per check by `checked_at`; one
    for a draft this workspace does not have is skipped (logged, counted). An approved draft whose
    newest check becomes non-compliant raises a compliance alert (`_compliance_alert`). Posts'
    checks are compliance's business with tracking."""
    if event.subject_type != "draft":
        return
    repository = ContentRepository(session)
    draft = (await repository.draft(workspace_id, event.subject_id)
             if event.subject_id is not None else None)
    if draft is None:
        SKIPPED.labels("DisclosureCheckCompleted", "unknown_draft").inc()
        log.warning("check result for a draft this workspace does not have was skipped", extra={
            "check_id": str(event.check_id), "subject_id": str(event.subject_id)})
        return
    # A result may revoke an approval and move the collaboration; an approval under way must not
    # miss it: locks in the writers' order, collaboration then draft.
    collaboration = await CollaborationRepository(session).get(
        workspace_id, draft.collaboration_id, for_update=True)
    assert collaboration is not None  # a foreign key holds it
    await session.refresh(draft, with_for_update=True)
    before = _result(newest(await repository.checks(workspace_id, [draft.id])))
    stored = await repository.keep_check({
        "check_id": event.check_id, "workspace_id": workspace_id, "draft_id": draft.id,
        "verdict": event.verdict, "markets": event.markets,
        "rule_set_version": event.rule_set_version,
        "findings": [f.model_dump(mode="json") for f in event.findings],
        "checked_at": event.checked_at,
    })
    if not stored:
        log.info("check result no newer than the one kept was skipped", extra={
            "check_id": str(event.check_id), "checked_at": event.checked_at.isoformat()})
        return
    after = newest(await repository.checks(workspace_id, [draft.id]))
    if after is not None and rules.raises_compliance_alert(
            draft.status == "approved", before, _result(after)):
        await _compliance_alert(session, collaboration, draft, after)


def _result(check: DraftCheck | None) -> rules.CheckResult | None:
    return rules.CheckResult(check.check_id, check.verdict, check.checked_at) if check else None


async def _compliance_alert(session: AsyncSession, collaboration: Collaboration, draft: Draft,
                            check: DraftCheck) -> None:
    """An approved draft a later check found non-compliant. Unpublished, its approval is revoked
    (a review round says why; the creator submits a new version and the collaboration goes back
    to changes_requested); published, the post is live and stays approved, flagged. Either way
    ContentComplianceAlert tells whoever watches the campaign."""
    repository = ContentRepository(session)
    deliverable = await repository.deliverable(draft.workspace_id, draft.deliverable_id)
    assert deliverable is not None  # a foreign key holds it
    revoke = deliverable.published_at is None
    now = datetime.now(UTC)
    if revoke:
        repository.add(Review(
            workspace_id=draft.workspace_id, draft_id=draft.id,
            deliverable_id=draft.deliverable_id,
            round=await repository.next_round(draft.workspace_id, draft.deliverable_id),
            decision="approval_revoked", comments=[], actor=None, decided_at=now,
            note=f"disclosure check {check.check_id} of {check.checked_at.isoformat()} found the "
                 "approved draft non-compliant; submit a new version that fixes its findings"))
        draft.status, draft.decided_at = "revoked", now
        await session.flush()
    log.warning("approved draft judged non-compliant by a later check", extra={
        "draft_id": str(draft.id), "check_id": str(check.check_id), "revoked": revoke})
    publishers.content_compliance_alert(session, draft, check, revoke, now)
    if revoke:
        await follow_stage(session, collaboration,
                           f"approval of draft v{draft.version} revoked: disclosure check "
                           f"{check.check_id} found it non-compliant")


async def post_published(session: AsyncSession, workspace_id: uuid.UUID,
                         event: PostPublished) -> None:
    """The deliverable the post fulfils is published (the one it names, or the collaboration's
    first unpublished one of its platform and format); when all are, so is the collaboration."""
    repository = ContentRepository(session)
    collaboration_id = event.collaboration_id
    if event.deliverable_id is not None:
        named = await repository.deliverable(workspace_id, event.deliverable_id)
        collaboration_id = named.collaboration_id if named else None
    collaboration = (await CollaborationRepository(session).get(
        workspace_id, collaboration_id, for_update=True) if collaboration_id else None)
    deliverable: Deliverable | None = None
    if collaboration is not None:
        deliverable = (
            await repository.deliverable(workspace_id, event.deliverable_id, for_update=True)
            if event.deliverable_id else
            await repository.deliverable_for_post(workspace_id, collaboration.id, event.platform,
                                                  event.format))
    if collaboration is None or deliverable is None:
        SKIPPED.labels("PostPublished", "no_deliverable").inc()
        log.info("post fulfils no deliverable of this workspace", extra={
            "post_id": str(event.post_id), "deliverable_id": str(event.deliverable_id)})
        return
    if deliverable.published_at is not None:
        log.info("deliverable already published by an earlier post", extra={
            "deliverable_id": str(deliverable.id), "post_id": str(event.post_id)})
        return
    deliverable.published_at, deliverable.post_id = event.published_at, event.post_id
    await session.flush()
    await schedule.deliverable_published(session, deliverable, event.published_at)
    await follow_stage(session, collaboration, f"post {event.post_id} published")


async def completion_blockers(session: AsyncSession, collaboration: Collaboration) -> list[str]:
    """Why the collaboration cannot complete yet. A deliverable is paid when a payment settled
    it, when its contract owes no fixed money for it (gifting, pure performance pay), or when the
    contract's payments have paid all but what its on_completion installments hold back (they
    fall due only once it completes)."""
    repository = ContentRepository(session)
    rows = await repository.progress(collaboration.workspace_id, collaboration.id)
    settled: dict[uuid.UUID, bool] = {}
    states = []
    for deliverable, _ in rows:
        if deliverable.contract_id not in settled:
            settled[deliverable.contract_id] = await _settled_for_completion(
                session, collaboration.workspace_id, deliverable.contract_id)
        states.append(rules.DeliverableState(
            deliverable.id, deliverable.published_at is not None,
            deliverable.paid_at is not None or settled[deliverable.contract_id]))
    return rules.completion_blockers(states)


async def _settled_for_completion(session: AsyncSession, workspace_id: uuid.UUID,
                                  contract_id: uuid.UUID) -> bool:
    contract = await ContentRepository(session).contract(workspace_id, contract_id)
    assert contract is not None  # a foreign key holds it
    if not contract.fixed_fee_minor:
        return True
    paid = await PaymentRepository(session).total(workspace_id, contract_id, ("paid",))
    return contract_rules.settled_for_completion(
        contract.fixed_fee_minor, paid, await schedule.held_for_completion(session, contract))
