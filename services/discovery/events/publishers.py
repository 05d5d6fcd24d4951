"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.db import spine
from services.discovery.domain.authenticity import score_authenticity
from services.discovery.domain.metrics import engagement_rate_by_followers
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.snapshots import AccountSnapshot
from services.discovery.models import Influencer, Shortlist, ShortlistEntry
from shared.bus.outbox import Outbox
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)

_outbox = Outbox(spine.outbox)
TOP_COUNTRIES = 5


def snapshot(
    influencer: Influencer, histories: Mapping[uuid.UUID, Sequence[AccountSnapshot]]
) -> InfluencerSnapshot:
    """The campaign-relevant figures of the influencer's largest account; `histories` are its
    accounts' recent snapshots, whose follower spikes count in the authenticity score."""
    profile = InfluencerProfile.model_validate(influencer.profile)
    main = profile.primary_account()
    if main is None:
        return InfluencerSnapshot(display_name=influencer.display_name)
    ids = {(a.platform, a.handle): a.id for a in influencer.accounts}
    history = histories.get(ids[(main.platform.value, main.handle)], ())
    rate = engagement_rate_by_followers(main)
    countries = main.audience.countries if main.audience else {}
    top = sorted(countries.items(), key=lambda item: item[1], reverse=True)[:TOP_COUNTRIES]
    return InfluencerSnapshot(
        display_name=influencer.display_name, platform=main.platform.value, handle=main.handle,
        followers=main.followers, engagement_rate=rate.value if rate else None,
        engagement_rate_denominator=rate.denominator.value if rate else None,
        authenticity_score=score_authenticity(
            main, languages=profile.languages, snapshots=history).known_score,
        audience_top_countries=dict(top),
        rate_card=[e.model_dump(mode="json") for e in profile.rate_card],
        observed_at=main.stats.provenance.observed_at,
        topics=[t.value for t in profile.topics], values=[v.value for v in profile.values],
        country=profile.country, languages=list(profile.languages),
        contact_email=profile.contact_email,
    )


def influencer_shortlisted(
    session: AsyncSession, shortlist: Shortlist, influencer: Influencer, entry: ShortlistEntry,
    histories: Mapping[uuid.UUID, Sequence[AccountSnapshot]],
) -> None:
    _outbox.add(session, InfluencerShortlisted(
        shortlist_id=shortlist.id, campaign_id=shortlist.campaign_id,
        influencer_id=influencer.id, note=entry.note, snapshot=snapshot(influencer, histories),
        shortlisted_at=entry.added_at,
    ), shortlist.workspace_id)


def influencer_removed(
    session: AsyncSession, shortlist: Shortlist, influencer_id: uuid.UUID, *,
    still_on_campaign_shortlist: bool,
) -> None:
    _outbox.add(session, InfluencerRemovedFromShortlist(
        shortlist_id=shortlist.id, campaign_id=shortlist.campaign_id,
        influencer_id=influencer_id, removed_at=datetime.now(UTC),
        still_on_campaign_shortlist=still_on_campaign_shortlist,
    ), shortlist.workspace_id)
