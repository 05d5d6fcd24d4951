from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.connectors.base import AccountMetrics, ConnectorError, PlatformConnector
from services.discovery.domain.account import Account, normalise_handle
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.influencer import service as influencers
from services.discovery.models import AccountSnapshotRow, InfluencerAccount
from services.discovery.profile_store.repository import ProfileStoreRepository
from services.discovery.snapshot.connectors import connector_problem
from services.discovery.snapshot.repository import SnapshotRepository
from shared.http.problems import not_found
from shared.vocabulary import Platform


async def account_or_raise(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                           platform: Platform, handle: str) -> InfluencerAccount:
    await influencers.get_or_raise(session, workspace_id, influencer_id)
    account = await SnapshotRepository(session).account(
        workspace_id, influencer_id, platform.value, normalise_handle(platform, handle))
    if account is None:
        raise not_found("account")
    return account


async def list_page(session: AsyncSession, account: InfluencerAccount, before: datetime | None,
                    limit: int) -> Sequence[AccountSnapshotRow]:
    return await SnapshotRepository(session).page(account.workspace_id, account.id, before,
                                                  limit + 1)


def refreshed(profile: InfluencerProfile, account: InfluencerAccount, metrics: AccountMetrics
              ) -> InfluencerProfile:
    """The profile with the account's counts and engagement replaced by the platform's."""
    def apply(stored: Account) -> Account:
        if (stored.platform.value, stored.handle) != (account.platform, account.handle):
            return stored
        return stored.model_copy(update={
            "stats": metrics.stats, "engagement": metrics.engagement or stored.engagement,
            "last_posted_at": metrics.last_posted_at or stored.last_posted_at,
        })

    return profile.model_copy(update={"accounts": [apply(a) for a in profile.accounts]})


async def refresh(session: AsyncSession, workspace_id: uuid.UUID, account: InfluencerAccount,
                  connector: PlatformConnector) -> None:
    """Fetches every figure first, then writes profile, snapshot and search row together."""
    try:
        metrics = await connector.fetch_account(account.handle)
    except ConnectorError as error:
        raise connector_problem(error) from error
    # Locked before the read (and after the platform call, which may be slow): a profile read
    # while another writer holds the lock is stale, and writing it back would undo that write.
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    influencer = await influencers.get_or_raise(session, workspace_id, account.influencer_id)
    profile = refreshed(influencers.stored_profile(influencer), account, metrics)
    await influencers.store_profile(session, workspace_id, influencer.id, profile)
