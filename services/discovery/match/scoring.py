"""Fit scoring of a bounded candidate set: SQL narrows, `score_fit` ranks (pure per profile)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.domain.fit import FitResult, score_fit
from services.discovery.domain.persona import CampaignBrief
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.match.repository import ProfileRepository


@dataclass(frozen=True, slots=True)
class Scored:
    row: Row[Any]
    fit: FitResult


async def score_rows(
    session: AsyncSession, workspace_id: uuid.UUID, rows: Sequence[Row[Any]], brief: CampaignBrief
) -> list[Scored]:
    """Each candidate account's fit; excluded ones are dropped. The brief is scored against the
    candidate's own account (not the profile's largest), so the row and the score agree."""
    documents = await ProfileRepository(session).documents(
        workspace_id, list({r.influencer_id for r in rows}))
    profiles = {iid: InfluencerProfile.model_validate_json(doc) for iid, doc in documents.items()}
    scored: list[Scored] = []
    for row in rows:
        profile = profiles.get(row.influencer_id)
        if profile is None:
            continue
        own = [a for a in profile.accounts if (a.platform.value, a.handle) == (row.platform, row.handle)]
        fit = score_fit(profile.model_copy(update={"accounts": own}) if own else profile, brief)
        if not fit.excluded:
            scored.append(Scored(row, fit))
    scored.sort(key=lambda s: (s.fit.score, s.row.account_id), reverse=True)
    return scored
