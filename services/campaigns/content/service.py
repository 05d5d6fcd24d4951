from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign import service as campaigns
from services.campaigns.collaboration import moves
from services.campaigns.collaboration.stages import FINAL, Stage
from services.campaigns.content import flows
from services.campaigns.content.repository import AWAITING, ContentRepository
from services.campaigns.content.schemas import (
    ApprovalCreate,
    ChangesCreate,
    ChecklistItem,
    CheckRead,
    DraftCreate,
    DraftRead,
    ReviewPolicyRead,
    ReviewPolicyWrite,
    ReviewRead,
)
from services.campaigns.domain import content as rules
from services.campaigns.domain.business_days import after_business_days
from services.campaigns.events import publishers
from services.campaigns.models import Campaign, Collaboration
from services.campaigns.models.content import Draft, DraftCheck, Review, ReviewPolicy
from services.campaigns.models.contract import Deliverable
from shared.http.problems import FieldError, ProblemError, not_found
from shared.ids import uuid7


async def submit(session: AsyncSession, workspace_id: uuid.UUID, deliverable_id: uuid.UUID,
                 data: DraftCreate, actor: str) -> DraftRead:
    """A new version of the deliverable's draft (superseding one still awaiting review), sent to
    compliance as ContentSubmitted; the collaboration follows to content_submitted."""
    repository = ContentRepository(session)
    deliverable = await repository.deliverable(workspace_id, deliverable_id)
    if deliverable is None:
        raise not_found("deliverable")
    collaboration = await moves.locked_or_raise(session, workspace_id, deliverable.collaboration_id)
    contract = await repository.contract(workspace_id, deliverable.contract_id)
    assert contract is not None  # a foreign key holds it
    if contract.status != "signed":
        raise ProblemError(409, "Contract not signed", f"the deliverable's contract is "
                           f"{contract.status}; drafts are submitted under a signed contract",
                           "contract-not-signed", extensions={"contract_status": contract.status})
    _refuse_when_ended(collaboration)
    _check_matches(deliverable, data)
    newest = await repository.newest_draft(workspace_id, deliverable_id)
    if deliverable.published_at is not None or (newest and newest.status == "approved"):
        done = "published" if deliverable.published_at is not None else "approved"
        raise ProblemError(409, "Deliverable done", f"the deliverable is already {done}; no "
                           "further draft is taken", "deliverable-done",
                           extensions={"deliverable_status": done})
    now = datetime.now(UTC)
    await repository.supersede_awaiting(workspace_id, deliverable_id, now)
    campaign = await campaigns.get_or_raise(session, workspace_id, deliverable.campaign_id)
    policy = await repository.policy(workspace_id, campaign.id)
    draft = Draft(
        id=uuid7(), workspace_id=workspace_id, deliverable_id=deliverable.id,
        collaboration_id=collaboration.id, campaign_id=campaign.id,
        influencer_id=collaboration.influencer_id, version=(newest.version + 1) if newest else 1,
        platform=deliverable.platform, format=deliverable.format, text=data.text,
        media_urls=[str(url) for url in data.media_urls],
        planned_publish_at=data.planned_publish_at,
        paid_partnership_label=data.paid_partnership_label,
        image_retouched=data.image_retouched, image_ai_generated=data.image_ai_generated,
        relationship=contract.relationship, status=AWAITING, submitted_at=now,
        submitted_by=actor, auto_approve_at=_auto_approve_at(now, policy, campaign))
    repository.add(draft)
    await session.flush()
    publishers.content_submitted(session, draft)
    await flows.follow_stage(session, collaboration, f"draft v{draft.version} submitted")
    return (await views(session, workspace_id, [draft], campaign))[0]


def _refuse_when_ended(collaboration: Collaboration) -> None:
    if Stage(collaboration.stage) in FINAL:
        raise ProblemError(409, "Collaboration ended", f"the collaboration is "
                           f"{collaboration.stage}; its content is no longer reviewed",
                           "collaboration-ended", extensions={"stage": collaboration.stage})


def _check_matches(deliverable: Deliverable, data: DraftCreate) -> None:
    errors = [FieldError(field=f"body.{name}", type="value_error",
                         message=f"the deliverable is a {deliverable.platform} {deliverable.format}")
              for name, given, expected in (("platform", data.platform, deliverable.platform),
                                            ("format", data.format, deliverable.format))
              if given is not None and given != expected]
    if errors:
        raise ProblemError(422, "Draft does not fit its deliverable", errors[0].message,
                           "validation-error", errors=errors)


def _auto_approve_at(submitted_at: datetime, policy: ReviewPolicy | None,
                     campaign: Campaign) -> datetime | None:
    if policy is None or policy.auto_approve_after_business_days is None:
        return None
    market = policy.holiday_market or (campaign.markets[0]["country"] if campaign.markets else None)
    return after_business_days(submitted_at, policy.auto_approve_after_business_days, market)


async def get(session: AsyncSession, workspace_id: uuid.UUID, draft_id: uuid.UUID) -> DraftRead:
    draft = await _draft_or_raise(session, workspace_id, draft_id)
    return (await views(session, workspace_id, [draft]))[0]


async def versions(session: AsyncSession, workspace_id: uuid.UUID, deliverable_id: uuid.UUID,
                   after: int | None, limit: int) -> list[DraftRead]:
    repository = ContentRepository(session)
    if await repository.deliverable(workspace_id, deliverable_id) is None:
        raise not_found("deliverable")
    drafts = await repository.versions(workspace_id, deliverable_id, after, limit + 1)
    return await views(session, workspace_id, drafts)


async def request_changes(session: AsyncSession, workspace_id: uuid.UUID, draft_id: uuid.UUID,
                          data: ChangesCreate, actor: str) -> DraftRead:
    """A round of changes: comments per guideline item (as the draft's checklist names them)."""
    collaboration, draft = await _locked_for_review(session, workspace_id, draft_id)
    campaign = await campaigns.get_or_raise(session, workspace_id, draft.campaign_id)
    unknown = rules.unknown_items((c.item for c in data.comments), _checklist(campaign))
    if unknown:
        raise ProblemError(422, "Unknown guideline item", f"not on the campaign's checklist: "
                           f"{', '.join(unknown)}", "validation-error", errors=[
                               FieldError(field=f"body.comments.{i}.item", type="value_error",
                                          message="not an item of the campaign's guidelines")
                               for i, c in enumerate(data.comments) if c.item in unknown])
    repository = ContentRepository(session)
    now = datetime.now(UTC)
    repository.add(Review(
        workspace_id=workspace_id, draft_id=draft.id, deliverable_id=draft.deliverable_id,
        round=await repository.next_round(workspace_id, draft.deliverable_id),
        decision="changes_requested", comments=[c.model_dump() for c in data.comments],
        note=data.note, actor=actor, decided_at=now))
    draft.status, draft.decided_at, draft.auto_approve_at = "changes_requested", now, None
    await session.flush()
    await flows.follow_stage(session, collaboration, f"changes requested on draft v{draft.version}")
    return (await views(session, workspace_id, [draft], campaign))[0]


async def approve(session: AsyncSession, workspace_id: uuid.UUID, draft_id: uuid.UUID,
                  data: ApprovalCreate, actor: str) -> DraftRead:
    """Approval by hand, refused (409 naming why) while the newest check is non-compliant, or
    needs review (or has not arrived) without an override reason."""
    collaboration, draft = await _locked_for_review(session, workspace_id, draft_id)
    check = flows.newest(await ContentRepository(session).checks(workspace_id, [draft.id]))
    refusal = rules.approval_refusal(
        rules.CheckResult(check.check_id, check.verdict, check.checked_at) if check else None,
        data.override_reason)
    if refusal is not None:
        raise ProblemError(409, "Approval refused", refusal.detail, refusal.code, extensions={
            "verdict": check.verdict if check else None,
            "check_id": str(check.check_id) if check else None,
            "findings": check.findings if check else []})
    needed_reason = check is None or check.verdict != rules.Verdict.COMPLIANT
    await flows.approve(session, collaboration, draft, at=datetime.now(UTC), actor=actor,
                        override_reason=data.override_reason if needed_reason else None,
                        note=data.note)
    return (await views(session, workspace_id, [draft]))[0]


async def _draft_or_raise(session: AsyncSession, workspace_id: uuid.UUID,
                          draft_id: uuid.UUID) -> Draft:
    draft = await ContentRepository(session).draft(workspace_id, draft_id)
    if draft is None:
        raise not_found("draft")
    return draft


async def _locked_for_review(session: AsyncSession, workspace_id: uuid.UUID,
                             draft_id: uuid.UUID) -> tuple[Collaboration, Draft]:
    """The draft and its collaboration, locked in that order (collaboration first), with the
    draft still awaiting the brand."""
    draft = await _draft_or_raise(session, workspace_id, draft_id)
    collaboration = await moves.locked_or_raise(session, workspace_id, draft.collaboration_id)
    locked = await ContentRepository(session).draft(workspace_id, draft_id, for_update=True)
    assert locked is not None
    _refuse_when_ended(collaboration)
    if locked.status != AWAITING:
        raise ProblemError(409, "Draft not awaiting review", f"draft v{locked.version} is "
                           f"{locked.status}; only the newest version awaiting review is decided",
                           "draft-not-awaiting-review", extensions={"draft_status": locked.status})
    return collaboration, locked


def _checklist(campaign: Campaign) -> list[rules.ChecklistEntry]:
    return rules.checklist(campaign.guidelines, campaign.market_variants)


async def views(session: AsyncSession, workspace_id: uuid.UUID, drafts: Sequence[Draft],
                campaign: Campaign | None = None) -> list[DraftRead]:
    """Drafts as read: each with its newest check, its review rounds and the checklist."""
    if not drafts:
        return []
    repository = ContentRepository(session)
    ids = [d.id for d in drafts]
    checks = await repository.checks(workspace_id, ids)
    reviews = await repository.reviews(workspace_id, ids)
    campaign = campaign or await campaigns.get_or_raise(session, workspace_id, drafts[0].campaign_id)
    checklist = [ChecklistItem(kind=e.kind, item=e.item, market=e.market)
                 for e in _checklist(campaign)]
    return [_view(d, [c for c in checks if c.draft_id == d.id],
                  [r for r in reviews if r.draft_id == d.id], checklist) for d in drafts]


def _view(draft: Draft, checks: Sequence[DraftCheck], reviews: Sequence[Review],
          checklist: list[ChecklistItem]) -> DraftRead:
    check = flows.newest(checks)
    refusal = None
    if draft.status != AWAITING:
        refusal = f"draft is {draft.status}"
    else:
        found = rules.approval_refusal(
            rules.CheckResult(check.check_id, check.verdict, check.checked_at) if check else None,
            None)
        refusal = found.detail if found else None
    return DraftRead(
        id=draft.id, deliverable_id=draft.deliverable_id, collaboration_id=draft.collaboration_id,
        campaign_id=draft.campaign_id, influencer_id=draft.influencer_id, version=draft.version,
        platform=draft.platform, format=draft.format, text=draft.text,
        media_urls=draft.media_urls, planned_publish_at=draft.planned_publish_at,
        paid_partnership_label=draft.paid_partnership_label,
        image_retouched=draft.image_retouched, image_ai_generated=draft.image_ai_generated,
        relationship=draft.relationship, status=draft.status,
        submitted_at=draft.submitted_at, submitted_by=draft.submitted_by,
        auto_approve_at=draft.auto_approve_at, decided_at=draft.decided_at,
        check=CheckRead.model_validate(check) if check else None,
        approvable=refusal is None, refusal=refusal,
        compliance_alert=draft.status == "approved" and check is not None
        and check.verdict == rules.Verdict.NON_COMPLIANT,
        reviews=[ReviewRead.model_validate(r) for r in reviews], checklist=checklist)


async def get_policy(session: AsyncSession, workspace_id: uuid.UUID,
                     campaign_id: uuid.UUID) -> ReviewPolicyRead:
    await campaigns.get_or_raise(session, workspace_id, campaign_id)
    policy = await ContentRepository(session).policy(workspace_id, campaign_id)
    if policy is None:
        return ReviewPolicyRead(campaign_id=campaign_id, updated_at=None)
    return ReviewPolicyRead.model_validate(policy)


async def set_policy(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID,
                     data: ReviewPolicyWrite) -> ReviewPolicyRead:
    """Sets the policy; drafts still awaiting the brand get their due time from it."""
    campaign = await campaigns.get_or_raise(session, workspace_id, campaign_id)
    repository = ContentRepository(session)
    policy = await repository.save_policy({
        "campaign_id": campaign_id, "workspace_id": workspace_id,
        "auto_approve_after_business_days": data.auto_approve_after_business_days,
        "holiday_market": data.holiday_market, "updated_at": datetime.now(UTC)})
    for draft in await repository.awaiting_in_campaign(workspace_id, campaign_id):
        draft.auto_approve_at = _auto_approve_at(draft.submitted_at, policy, campaign)
    await session.flush()
    return ReviewPolicyRead.model_validate(policy)
