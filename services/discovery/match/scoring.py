"""Fit scoring of a bounded candidate set: SQL narrows, `score_fit` ranks (pure per profile)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.domain.account import Account
from services.discovery.domain.authenticity import score_authenticity
from services.discovery.domain.fit import FitResult, score_fit
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.match.repository import Candidate, ProfileRepository
from services.discovery.profile_store.repository import ProfileStoreRepository
from shared.brief import CampaignBrief


@dataclass(frozen=True, slots=True)
class Scored:
    row: Candidate
    fit: FitResult


def _own_account(profile: InfluencerProfile, row: Candidate) -> Account | None:
    return next((a for a in profile.accounts if (a.platform.value, a.handle) == (row.platform, row.handle)),
                None)


async def score_rows(
    session: AsyncSession, workspace_id: uuid.UUID, rows: Sequence[Candidate], brief: CampaignBrief
) -> list[Scored]:
    """Each candidate account's fit; excluded ones are dropped. The brief is scored against the
    candidate's own account (not the profile's largest), so the row and the score agree."""
    documents = await ProfileRepository(session).documents(
        workspace_id, list({r.influencer_id for r in rows}))
    histories = await ProfileStoreRepository(session).histories(
        workspace_id, [r.account_id for r in rows])
    profiles = {iid: InfluencerProfile.model_validate_json(doc) for iid, doc in documents.items()}
    scored: list[Scored] = []
    for row in rows:
        profile = profiles.get(row.influencer_id)
        own = _own_account(profile, row) if profile else None
        if profile is None or own is None:
            continue
        # The history's follower spikes count here as in search and on the profile page.
        report = score_authenticity(own, languages=profile.languages,
                                    snapshots=histories.get(row.account_id, ()))
        fit = score_fit(profile.model_copy(update={"accounts": [own]}), brief, authenticity=report)
        if not fit.excluded:
            scored.append(Scored(row, fit))
    scored.sort(key=lambda s: (s.fit.score, s.row.account_id), reverse=True)
    return scored
