"""Which stored influencer each accepted row upserts into, by its (platform, handle) keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import orjson
from pydantic import ValidationError

from services.discovery.domain.profile import account_limit_problem
from services.discovery.profile_import.parsing.report import AcceptedRow
from services.discovery.profile_store.merge import merge_profile
from services.discovery.profile_store.repository import AccountKey, ProfileStoreRepository
from services.discovery.profile_store.service import ProfileWrite, account_key, assign_ids
from shared.ids import uuid7
from shared.ingest.report import RejectedRow, RowIssue


def _reject(row: AcceptedRow, reason: str, field: str = "handle") -> RejectedRow:
    return RejectedRow(row.row, row.line, (RowIssue(field, reason),))


async def _stored(
    repo: ProfileStoreRepository, workspace_id: uuid.UUID, keys: Sequence[AccountKey]
) -> tuple[dict[AccountKey, tuple[uuid.UUID, uuid.UUID]], dict[uuid.UUID, str]]:
    """The stored accounts of every influencer owning one of `keys`, and their profiles."""
    found = await repo.find_accounts(workspace_id, keys)
    if not found:
        return {}, {}
    owners = list({iid for _, iid in found.values()})
    # A row may name only some accounts of a stored influencer: the merged profile keeps the
    # others, which must keep their ids rather than be inserted again.
    return await repo.accounts_of(workspace_id, owners), await repo.profiles(workspace_id, owners)


async def plan_upserts(
    repo: ProfileStoreRepository, workspace_id: uuid.UUID, rows: Sequence[AcceptedRow]
) -> tuple[list[ProfileWrite], list[RejectedRow]]:
    keys = [account_key(a) for row in rows for a in row.profile.accounts]
    found, stored = await _stored(repo, workspace_id, keys)
    writes: dict[uuid.UUID, ProfileWrite] = {}
    rejected: list[RejectedRow] = []
    for row in rows:
        owners = {found[k][1] for k in map(account_key, row.profile.accounts) if k in found}
        if len(owners) > 1:
            rejected.append(_reject(row, "the row's accounts belong to different stored influencers"))
            continue
        if not owners:
            write = ProfileWrite(uuid7(), row.profile, True, {})
        else:
            (owner,) = owners
            base = writes[owner].profile.model_dump(mode="json") if owner in writes else (
                orjson.loads(stored[owner]))
            try:
                merged = merge_profile(base, row.profile)
            except ValidationError as error:
                rejected.append(_reject(row, f"cannot merge with the stored profile: {error}", "row"))
                continue
            if (why := account_limit_problem(len(merged.accounts), len(base["accounts"]))) is not None:
                rejected.append(_reject(row, why, "accounts"))
                continue
            previous = writes.get(owner)
            write = ProfileWrite(owner, merged, False, previous.account_ids if previous else {},
                                 previous.new_accounts if previous else set())
        assign_ids(write, found)
        writes[write.influencer_id] = write
    return list(writes.values()), rejected
