"""Writing whole profiles: the influencer row, its accounts, a snapshot per account observation,
the search rows with their derived figures, and the lookalike vector — in one flush."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.domain.account import Account
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.snapshots import AccountSnapshot
from services.discovery.domain.vectors import profile_vector
from services.discovery.profile_store.repository import (
    ACCOUNT_COLUMNS,
    HISTORY_ROWS,
    INFLUENCER_COLUMNS,
    SNAPSHOT_COLUMNS,
    AccountKey,
    ProfileStoreRepository,
)
from services.discovery.search.rows.search_record import display_name, search_record
from shared.ids import uuid7
from shared.provenance import MetricSource


@dataclass
class ProfileWrite:
    influencer_id: uuid.UUID
    profile: InfluencerProfile
    new_influencer: bool
    account_ids: dict[AccountKey, uuid.UUID]
    new_accounts: set[uuid.UUID] = field(default_factory=set)


def account_key(account: Account) -> AccountKey:
    return account.platform.value, account.handle


def assign_ids(write: ProfileWrite, found: dict[AccountKey, tuple[uuid.UUID, uuid.UUID]]) -> None:
    """Stored accounts keep their ids; accounts seen for the first time get new ones."""
    for account in write.profile.accounts:
        key = account_key(account)
        if key in write.account_ids:
            continue
        if key in found:
            write.account_ids[key] = found[key][0]
        else:
            write.account_ids[key] = new_id = uuid7()
            write.new_accounts.add(new_id)


def _observed(account: Account) -> tuple[datetime, int, int | None, float | None, MetricSource]:
    """(observed_at, followers, following, avg_engagements, source) of the account's counts."""
    engagement = account.engagement.engagements_per_post() if account.engagement else None
    provenance = account.stats.provenance
    return provenance.observed_at, account.followers, account.stats.following, engagement, provenance.source


def observation(account: Account) -> AccountSnapshot:
    observed_at, followers, following, engagement, source = _observed(account)
    # Built from an already validated account: skip validating the same figures again.
    return AccountSnapshot.model_construct(
        observed_at=observed_at, followers=followers, following=following, avg_engagements=engagement,
        source=source)


def _history(stored: Sequence[AccountSnapshot], latest: AccountSnapshot) -> list[AccountSnapshot]:
    """The latest HISTORY_ROWS snapshots once `latest` is stored, as every read loads them: with
    a full history stored, the oldest drops out (the profile page would not score it)."""
    merged = [s for s in stored if s.observed_at != latest.observed_at] + [latest]
    return sorted(merged, key=lambda s: s.observed_at)[-HISTORY_ROWS:]


# (account, influencer, workspace) ids, the profile, the account and its snapshot history.
_SearchSource = tuple[
    tuple[uuid.UUID, uuid.UUID, uuid.UUID], InfluencerProfile, Account, list[AccountSnapshot]
]


@dataclass
class _Batch:
    workspace_id: uuid.UUID
    influencers: dict[bool, list[tuple[object, ...]]] = field(
        default_factory=lambda: {True: [], False: []})
    accounts: dict[bool, list[tuple[object, ...]]] = field(
        default_factory=lambda: {True: [], False: []})
    snapshots: dict[bool, list[tuple[object, ...]]] = field(
        default_factory=lambda: {True: [], False: []})
    search: list[_SearchSource] = field(default_factory=list)
    vectors: list[tuple[uuid.UUID, uuid.UUID, list[float]]] = field(default_factory=list)

    def add(self, write: ProfileWrite, history: Mapping[uuid.UUID, Sequence[AccountSnapshot]]) -> None:
        ws, iid, profile = self.workspace_id, write.influencer_id, write.profile
        self.influencers[write.new_influencer].append(
            (iid, ws, display_name(profile), profile.model_dump_json()))
        if (vector := profile_vector(profile)) is not None:
            self.vectors.append((iid, ws, vector))
        for account in profile.accounts:
            aid = write.account_ids[account_key(account)]
            new = aid in write.new_accounts
            self.accounts[new].append(
                (aid, ws, iid, account.platform.value, account.handle, account.followers))
            observed_at, followers, following, engagement, source = _observed(account)
            self.snapshots[new].append((aid, observed_at, ws, followers, following, engagement, source.value))
            # One observation alone shows neither growth nor spikes, so an account without stored
            # history needs no snapshot models for its search row (most accounts of an import).
            stored = history.get(aid)
            series = _history(stored, observation(account)) if stored else []
            self.search.append(((aid, iid, ws), profile, account, series))

    def add_all(self, writes: Sequence[ProfileWrite],
                history: Mapping[uuid.UUID, Sequence[AccountSnapshot]]) -> None:
        for write in writes:
            self.add(write, history)

    def search_records(self) -> Iterator[tuple[object, ...]]:
        """Derived while the COPY streams: PostgreSQL indexes the first rows meanwhile."""
        for ids, profile, account, series in self.search:
            yield search_record(ids, profile, account, series)


async def write_profiles(
    session: AsyncSession, workspace_id: uuid.UUID, writes: Sequence[ProfileWrite]
) -> None:
    """Stores `writes` (ids already assigned); the caller holds the workspace lock."""
    repo = ProfileStoreRepository(session)
    stored_accounts = [aid for w in writes for aid in w.account_ids.values() if aid not in w.new_accounts]
    history = await repo.histories(workspace_id, stored_accounts)
    batch = _Batch(workspace_id)
    # CPU work in a worker thread, so that the process's other requests are served meanwhile.
    await asyncio.to_thread(batch.add_all, writes, history)
    await repo.copy("influencers", INFLUENCER_COLUMNS, batch.influencers[True])
    await repo.update_influencers(workspace_id, batch.influencers[False])
    await repo.copy("influencer_accounts", ACCOUNT_COLUMNS, batch.accounts[True])
    await repo.update_account_followers(workspace_id, batch.accounts[False])
    await repo.copy("account_snapshots", SNAPSHOT_COLUMNS, batch.snapshots[True])
    await repo.upsert_snapshots(batch.snapshots[False])
    search_rows = batch.search_records() if batch.search else ()
    await repo.replace_search_rows(workspace_id, stored_accounts, search_rows)
    stored_influencers = [w.influencer_id for w in writes if not w.new_influencer]
    await repo.replace_vectors(workspace_id, stored_influencers, batch.vectors)
