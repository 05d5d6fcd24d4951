from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.domain.account import normalise_handle
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.influencer import views
from services.discovery.influencer.documents import (
    check_account_limit,
    profile_changes,
    validated_profile,
)
from services.discovery.influencer.read_schemas import CollaborationOutcomeRead, InfluencerRead
from services.discovery.influencer.repository import InfluencerRepository
from services.discovery.influencer.schemas import InfluencerCreate, InfluencerUpdate
from services.discovery.models import Influencer
from services.discovery.profile_store.repository import ProfileStoreRepository
from services.discovery.profile_store.service import (
    ProfileWrite,
    account_key,
    assign_ids,
    write_profiles,
)
from shared.http.problems import conflict, not_found
from shared.ids import uuid7
from shared.vocabulary import Platform


async def create(session: AsyncSession, workspace_id: uuid.UUID, data: InfluencerCreate) -> uuid.UUID:
    profile = validated_profile(profile_changes(data, datetime.now(UTC)))
    repo = ProfileStoreRepository(session)
    await repo.lock_workspace(workspace_id)
    if taken := await repo.find_accounts(workspace_id, [account_key(a) for a in profile.accounts]):
        listed = ", ".join(f"{p}:{h}" for p, h in taken)
        raise conflict(f"accounts already belong to another influencer: {listed}")
    write = ProfileWrite(uuid7(), profile, True, {})
    assign_ids(write, {})
    await write_profiles(session, workspace_id, [write])
    return write.influencer_id


def _merged_document(stored: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    def key(account: dict[str, Any]) -> tuple[str, str]:
        platform = str(account["platform"])
        return platform, normalise_handle(Platform(platform), str(account["handle"]))

    merged = {**stored, **{k: v for k, v in changes.items() if k != "accounts"}}
    accounts = list(stored.get("accounts", []))
    position = {key(a): i for i, a in enumerate(accounts)}
    for account in changes.get("accounts", []):
        # Each stored account is replaced once at most: a second listing of one account is
        # appended, so the profile refuses it as listed twice, as it does on create.
        if (i := position.pop(key(account), None)) is not None:
            accounts[i] = account
        else:
            accounts.append(account)
    merged["accounts"] = accounts
    return merged


async def store_profile(
    session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
    profile: InfluencerProfile,
) -> None:
    """Replaces the stored profile of an existing influencer (accounts are never moved)."""
    repo = ProfileStoreRepository(session)
    await repo.lock_workspace(workspace_id)
    found = await repo.find_accounts(workspace_id, [account_key(a) for a in profile.accounts])
    if others := [k for k, (_, owner) in found.items() if owner != influencer_id]:
        raise conflict("accounts already belong to another influencer: "
                       + ", ".join(f"{p}:{h}" for p, h in others))
    write = ProfileWrite(influencer_id, profile, False, {})
    assign_ids(write, found)
    await write_profiles(session, workspace_id, [write])


async def update(
    session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID, data: InfluencerUpdate
) -> None:
    # Locked before the read, not only at the write: a document read while another writer (a
    # collaboration ending, a refresh, an import) holds the lock is stale, and merging into it
    # would undo that write.
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    influencer = await get_or_raise(session, workspace_id, influencer_id)
    document = _merged_document(influencer.profile, profile_changes(data, datetime.now(UTC)))
    check_account_limit(len(document["accounts"]), len(influencer.profile["accounts"]))
    await store_profile(session, workspace_id, influencer_id, validated_profile(document))


async def get_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID
) -> Influencer:
    influencer = await InfluencerRepository(session).get(workspace_id, influencer_id)
    if influencer is None:
        raise not_found("influencer")
    return influencer


def stored_profile(influencer: Influencer) -> InfluencerProfile:
    return InfluencerProfile.model_validate(influencer.profile)


async def read(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> InfluencerRead:
    repo = InfluencerRepository(session)
    influencer = await get_or_raise(session, workspace_id, influencer_id)
    profile, now = stored_profile(influencer), datetime.now(UTC)
    ids = {(a.platform, a.handle): a.id for a in influencer.accounts}
    histories = await ProfileStoreRepository(session).histories(workspace_id, list(ids.values()))
    accounts = [
        views.account_read(profile, account, histories.get(ids[account_key(account)], []), now)
        for account in profile.accounts
    ]
    outcomes = await repo.outcomes(workspace_id, influencer_id)
    return InfluencerRead(
        id=influencer.id, display_name=influencer.display_name, bio=profile.bio,
        topics=[t.value for t in profile.topics], tags=profile.tags, languages=profile.languages,
        country=profile.country, city=profile.city, contact_email=profile.contact_email,
        rate_card=profile.rate_card, values=[v.value for v in profile.values],
        brand_safety_flags=[f.value for f in profile.brand_safety_flags],
        collaborations=profile.collaborations,
        collaboration_outcomes=[CollaborationOutcomeRead.model_validate(o) for o in outcomes],
        blocked=await repo.is_blocked(workspace_id, influencer_id), accounts=accounts,
        created_at=influencer.created_at, updated_at=influencer.updated_at,
    )


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
) -> Sequence[Influencer]:
    return await InfluencerRepository(session).list(workspace_id, after, limit + 1)
