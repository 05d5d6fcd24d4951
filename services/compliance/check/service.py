"""Checks: run the checker, store what it answered, read checks back (no SQL, no commit)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.compliance.campaign import service as campaigns
from services.compliance.check.repository import CheckFilters, CheckRepository
from services.compliance.check.schemas import CheckCreate
from services.compliance.disclosure_engine.engine import check as run_checker
from services.compliance.disclosure_engine.models import CheckRequest, CheckResult, ImageEdits
from services.compliance.models import CampaignGuidelines, Check
from services.compliance.rules.catalog import RuleCatalog
from shared.http.problems import FieldError, ProblemError, not_found
from shared.ids import uuid7

ADHOC = "adhoc"


@dataclass(frozen=True)
class Subject:
    """What a check is about: `adhoc` text from the API, or a campaign's `draft` or `post`."""

    type: str
    id: uuid.UUID | None = None
    campaign_id: uuid.UUID | None = None
    influencer_id: uuid.UUID | None = None


async def create(
    session: AsyncSession, catalog: RuleCatalog, workspace_id: uuid.UUID, body: CheckCreate
) -> Check:
    campaign = await _campaign(session, workspace_id, body.campaign_id)
    markets = body.markets or (campaign.markets if campaign else None)
    if not markets:
        raise _invalid("body.markets", "name the markets, or a campaign whose markets are known")
    request = CheckRequest(
        text=body.text, platform=body.platform, format=body.format, markets=tuple(markets),
        language=body.language, paid_partnership_label=body.paid_partnership_label,
        relationship=body.relationship,
        image_edited=ImageEdits(**body.image_edited.model_dump()) if body.image_edited else None,
        guidelines=campaigns.brand_guidelines(campaign) if campaign else None,
    )
    subject = Subject(ADHOC, None, body.campaign_id, body.influencer_id)
    return record(session, catalog, workspace_id, subject, request)


def record(
    session: AsyncSession, catalog: RuleCatalog, workspace_id: uuid.UUID, subject: Subject,
    request: CheckRequest,
) -> Check:
    """Check `request` and store it with the input as applied, its rule-set versions and findings."""
    row = Check(
        id=uuid7(), workspace_id=workspace_id, subject_type=subject.type, subject_id=subject.id,
        campaign_id=subject.campaign_id, influencer_id=subject.influencer_id,
        created_at=datetime.now(UTC),
    )
    store_result(row, request, run_checker(request, catalog))
    return CheckRepository(session).add(row)


def store_result(row: Check, request: CheckRequest, result: CheckResult) -> None:
    row.request = request.model_dump(mode="json")
    row.markets = list(request.markets)
    row.verdict = result.verdict.value
    row.rule_set_version = result.rule_set_version
    row.result = result.model_dump(mode="json")
    row.checked_at = datetime.now(UTC)


def reevaluate(row: Check, catalog: RuleCatalog, request: CheckRequest | None = None) -> bool:
    """Check a stored check again (with a changed input, if given); whether its result changed."""
    request = request or CheckRequest.model_validate(row.request)
    result = run_checker(request, catalog)
    changed = result.model_dump(mode="json") != row.result or request.model_dump(mode="json") != row.request
    if changed:
        store_result(row, request, result)
    return changed


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, check_id: uuid.UUID) -> Check:
    row = await CheckRepository(session).get(workspace_id, check_id)
    if row is None:
        raise not_found("check")
    return row


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, filters: CheckFilters,
    before: uuid.UUID | None, limit: int,
) -> Sequence[Check]:
    return await CheckRepository(session).list(workspace_id, filters, before, limit + 1)


async def _campaign(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None
) -> CampaignGuidelines | None:
    if campaign_id is None:
        return None
    campaign = await campaigns.get(session, workspace_id, campaign_id)
    if campaign is None:
        raise _invalid("body.campaign_id", "no markets or brand guidelines are known for this "
                       "campaign (they arrive with the campaign's CampaignGuidelinesUpdated event)")
    return campaign


def _invalid(field: str, message: str) -> ProblemError:
    return ProblemError(422, "Request validation failed", "1 field is invalid", "validation-error",
                        [FieldError(field=field, message=message, type="value_error")])
