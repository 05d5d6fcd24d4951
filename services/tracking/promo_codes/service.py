"""Promo codes: create (unique per workspace whatever the case), read, list, deactivate."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.domain.promo_codes import code_key
from services.tracking.models import PromoCode
from services.tracking.promo_codes.repository import PromoCodeRepository
from services.tracking.promo_codes.schemas import PromoCodeCreate
from shared.http.problems import FieldError, ProblemError, not_found
from shared.ids import uuid7


async def create(session: AsyncSession, workspace_id: uuid.UUID, body: PromoCodeCreate) -> PromoCode:
    now = datetime.now(UTC)
    code = PromoCode(
        id=uuid7(), workspace_id=workspace_id, campaign_id=body.campaign_id,
        collaboration_id=body.collaboration_id, influencer_id=body.influencer_id,
        code=body.code.strip(), code_key=code_key(body.code),
        valid_from=body.valid_from or now, valid_until=body.valid_until, max_uses=body.max_uses,
        uses=0, active=True, deactivated_at=None, created_at=now,
    )
    if code.valid_until is not None and code.valid_until <= code.valid_from:
        raise ProblemError(422, "Request validation failed", "valid_until must be after valid_from",
                           "validation-error", [FieldError(field="body.valid_until", type="value_error",
                                                           message="must be after valid_from")])
    if not await PromoCodeRepository(session).add(code):
        raise ProblemError(409, "Promo code taken", f"the workspace already has the code "
                           f"{code.code_key} (codes are unique whatever their case)", "promo-code-taken")
    return code


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, code_id: uuid.UUID) -> PromoCode:
    code = await PromoCodeRepository(session).get(workspace_id, code_id)
    if code is None:
        raise not_found(f"promo code {code_id}")
    return code


async def deactivate(session: AsyncSession, workspace_id: uuid.UUID, code_id: uuid.UUID) -> PromoCode:
    code = await get_or_raise(session, workspace_id, code_id)
    await PromoCodeRepository(session).deactivate(code, datetime.now(UTC))
    return code


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
    collaboration_id: uuid.UUID | None, code: str | None, after: uuid.UUID | None, limit: int,
) -> Sequence[PromoCode]:
    return await PromoCodeRepository(session).list(
        workspace_id, campaign_id, collaboration_id, code_key(code) if code else None, after, limit + 1)
