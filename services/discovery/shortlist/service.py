from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.events import publishers
from services.discovery.influencer import service as influencers
from services.discovery.models import Shortlist, ShortlistEntry
from services.discovery.profile_store.repository import ProfileStoreRepository
from services.discovery.shortlist.repository import ShortlistRepository
from services.discovery.shortlist.schemas import EntryCreate, ShortlistCreate
from shared.http.problems import not_found


async def create(session: AsyncSession, workspace_id: uuid.UUID, data: ShortlistCreate) -> Shortlist:
    return await ShortlistRepository(session).add(
        Shortlist(workspace_id=workspace_id, campaign_id=data.campaign_id, name=data.name)
    )


async def get_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, shortlist_id: uuid.UUID
) -> Shortlist:
    shortlist = await ShortlistRepository(session).get(workspace_id, shortlist_id)
    if shortlist is None:
        raise not_found("shortlist")
    return shortlist


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
    after: uuid.UUID | None, limit: int,
) -> Sequence[Shortlist]:
    return await ShortlistRepository(session).list(workspace_id, campaign_id, after, limit + 1)


async def add_influencer(
    session: AsyncSession, workspace_id: uuid.UUID, shortlist_id: uuid.UUID, data: EntryCreate
) -> tuple[ShortlistEntry, bool]:
    """Adds the influencer (emitting `InfluencerShortlisted`) unless already listed.

    Returns the entry and whether it is new; adding twice is not an error, and emits once.
    """
    # Under the workspace's write lock, as erasure is: an erasure that read the influencer's
    # shortlists before this entry committed would delete it without telling its shortlist, and
    # an entry written after the erasure's delete broke the foreign key (a 500).
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    shortlist = await get_or_raise(session, workspace_id, shortlist_id)
    influencer = await influencers.get_or_raise(session, workspace_id, data.influencer_id)
    repo = ShortlistRepository(session)
    entry = await repo.add_entry(ShortlistEntry(
        shortlist_id=shortlist.id, influencer_id=influencer.id, workspace_id=workspace_id,
        note=data.note,
    ))
    if entry is None:
        return await repo.get_entry(workspace_id, shortlist.id, influencer.id), False
    histories = await ProfileStoreRepository(session).histories(
        workspace_id, [a.id for a in influencer.accounts])
    publishers.influencer_shortlisted(session, shortlist, influencer, entry, histories)
    return entry, True


async def remove_influencer(
    session: AsyncSession, workspace_id: uuid.UUID, shortlist_id: uuid.UUID,
    influencer_id: uuid.UUID,
) -> None:
    # Under the workspace's write lock: removals from two shortlists of one campaign at once
    # each saw the other's entry still there, so neither told campaigns that none held them.
    await ProfileStoreRepository(session).lock_workspace(workspace_id)
    shortlist = await get_or_raise(session, workspace_id, shortlist_id)
    repository = ShortlistRepository(session)
    if not await repository.remove_entry(workspace_id, shortlist.id, influencer_id):
        raise not_found("shortlist entry")
    still = await repository.on_campaign_shortlist(workspace_id, shortlist.campaign_id,
                                                     influencer_id)
    publishers.influencer_removed(session, shortlist, influencer_id, still_on_campaign_shortlist=still)


async def entries_page(
    session: AsyncSession, workspace_id: uuid.UUID, shortlist_id: uuid.UUID,
    after: uuid.UUID | None, limit: int,
) -> Sequence[ShortlistEntry]:
    shortlist = await get_or_raise(session, workspace_id, shortlist_id)
    return await ShortlistRepository(session).entries(workspace_id, shortlist.id, after, limit + 1)
