"""One platform account of an influencer and the metric groups observed on it."""

import re
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from services.discovery.domain.audience import AudienceData
from services.discovery.domain.platforms import AccountType, Platform
from services.discovery.domain.provenance import Provenance
from shared.provenance import AwareDatetime

# Counts are stored as PostgreSQL bigint; a per-post average above that is a typo whose derived
# rates and ratios would overflow to infinity, which JSON cannot carry. An infinite or NaN
# average would be stored as null in the profile yet rank first by engagement rate.
MAX_COUNT = 2**63 - 1
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Average = Annotated[float, Field(ge=0.0, le=MAX_COUNT, allow_inf_nan=False)]

# YouTube channel ids are case-sensitive; every other handle we store is case-insensitive.
_YOUTUBE_CHANNEL_ID = re.compile(r"^UC[0-9A-Za-z_-]{22}$")
_HANDLE = re.compile(r"^[^\s/@][^\s/]{0,99}$")


def normalise_handle(platform: Platform, handle: str) -> str:
    """Canonical handle for the (platform, handle) upsert key: no '@', case folded."""
    cleaned = handle.strip().removeprefix("@")
    if platform is Platform.YOUTUBE and _YOUTUBE_CHANNEL_ID.match(cleaned):
        return cleaned
    return cleaned.lower()


class AccountStats(BaseModel):
    """Counts observed together: the FOLLOWERS metric kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    provenance: Provenance
    followers: Count
    following: Count | None = None
    posts_count: Count | None = None


class EngagementStats(BaseModel):
    """Per-post averages over the recent window: the ENGAGEMENT metric kind.

    `avg_engagements` is the source's own total per post when it does not split it into
    likes/comments/shares/saves (ranking sites); otherwise engagement is the sum of the parts,
    provided likes are among them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    provenance: Provenance
    window_posts: Count | None = None
    avg_likes: Average | None = None
    avg_comments: Average | None = None
    avg_shares: Average | None = None
    avg_saves: Average | None = None
    avg_views: Average | None = None
    avg_engagements: Average | None = None
    # Engagement from real accounts as estimated by the source (HypeAuditor "authentic").
    avg_authentic_engagements: Average | None = None
    posts_per_week: Average | None = None

    @property
    def totalled_by_source(self) -> bool:
        """Whether `engagements_per_post` is the source's own total, not the sum of the parts."""
        return self.avg_likes is None

    def engagements_per_post(self) -> float | None:
        """likes + comments + shares + saves, or the source's total when likes are absent."""
        if self.totalled_by_source:
            # Likes are most of any engagement: a creator hiding like counts would otherwise
            # read as an audience that hardly engages (a fraud signal) on comments alone.
            return self.avg_engagements
        parts = [self.avg_likes, self.avg_comments, self.avg_shares, self.avg_saves]
        return float(sum(p for p in parts if p is not None))


class Account(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: Platform
    handle: Annotated[str, Field(min_length=1, max_length=100)]
    url: AnyHttpUrl | None = None
    account_type: AccountType | None = None
    stats: AccountStats
    engagement: EngagementStats | None = None
    audience: AudienceData | None = None
    last_posted_at: AwareDatetime | None = None

    @field_validator("handle")
    @classmethod
    def _canonical_handle(cls, value: str, info: ValidationInfo) -> str:
        platform = info.data.get("platform")
        if not isinstance(platform, Platform):
            return value  # the platform error is the one worth reporting
        handle = normalise_handle(platform, value)
        if not _HANDLE.match(handle):
            raise ValueError(f"{value!r} is not a valid handle (no spaces or slashes)")
        return handle

    @property
    def followers(self) -> int:
        return self.stats.followers
