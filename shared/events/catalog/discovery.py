"""Events of the discovery service."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from shared.events.base import Event


class InfluencerSnapshot(BaseModel):
    """The profile figures a campaign needs, as discovery knew them when the event was emitted."""

    display_name: str
    platform: str | None = None
    handle: str | None = None
    followers: int | None = None
    engagement_rate: float | None = None
    # Vendors divide engagement by followers, reach or views: every rate names its denominator.
    engagement_rate_denominator: str | None = Field(
        default=None, description="What engagement_rate divides engagement per post by: followers")
    authenticity_score: float | None = None
    audience_top_countries: dict[str, float] = Field(default_factory=dict)
    rate_card: list[dict[str, object]] = Field(default_factory=list)
    observed_at: datetime | None = None
    # What campaigns personalises outreach with and where it writes to.
    topics: list[str] = Field(default_factory=list, description="shared.vocabulary.Topic")
    values: list[str] = Field(default_factory=list, description="Causes the creator stands for "
                              "(shared.vocabulary.Cause)")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1")
    contact_email: str | None = None


class InfluencerShortlisted(Event):
    service = "discovery"
    aggregate = "shortlist"
    action = "influencer_added"
    # Campaigns apply both events per (campaign, influencer): a removal from one of the campaign's
    # shortlists must not overtake an addition to another, so the campaign orders them.
    key_field = "campaign_id"
    summary = "An influencer was added to a campaign's shortlist."

    shortlist_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    note: str | None = None
    snapshot: InfluencerSnapshot
    shortlisted_at: datetime


class InfluencerRemovedFromShortlist(Event):
    service = "discovery"
    aggregate = "shortlist"
    action = "influencer_removed"
    key_field = "campaign_id"
    summary = "An influencer was removed from a campaign's shortlist."

    shortlist_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    removed_at: datetime
    still_on_campaign_shortlist: bool = Field(
        default=False, description="Whether another shortlist of the campaign still holds the "
        "influencer: the campaign still considers them")
