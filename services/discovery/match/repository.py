from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from shared.db.repository import RepositoryBase

_ACCOUNTS = ("SELECT account_id, influencer_id, platform, handle, display_name, followers"
             " FROM discovery.account_search WHERE workspace_id = $1 AND account_id = ANY($2::uuid[])")
_DOCUMENTS = ("SELECT id, profile::text FROM discovery.influencers"
              " WHERE workspace_id = $1 AND id = ANY($2::uuid[])")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What scoring and a match item need of a candidate account: its search row's identity,
    without the figures, audience and prices a search hit reads (most of a match's reading)."""

    account_id: uuid.UUID
    influencer_id: uuid.UUID
    platform: str
    handle: str
    display_name: str
    followers: int


class ProfileRepository(RepositoryBase):
    async def candidates(self, workspace_id: uuid.UUID, account_ids: Sequence[uuid.UUID]) -> list[Candidate]:
        """The accounts of `account_ids` still stored, in that order."""
        rows = await (await self.driver()).fetch(_ACCOUNTS, workspace_id, list(account_ids))
        found = {row[0]: Candidate(*row) for row in rows}
        return [found[i] for i in account_ids if i in found]

    async def documents(self, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The stored profile documents as JSON text (parsed by pydantic, not twice)."""
        rows = await (await self.driver()).fetch(_DOCUMENTS, workspace_id, list(ids))
        return {influencer_id: document for influencer_id, document in rows}
