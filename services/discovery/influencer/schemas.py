"""What clients send to create or change an influencer (flat accounts, optional everything)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from services.discovery.domain.account import Average, Count
from services.discovery.domain.audience import CityName, Share
from services.discovery.domain.platforms import AccountType
from services.discovery.domain.profile import MAX_ACCOUNTS, MAX_TAGS, BrandCollaboration, Tag
from services.discovery.domain.rate_card import RateCardEntry
from shared.codes import CountryCode, LanguageCode
from shared.provenance import GivenDatetime, MetricSource
from shared.vocabulary import AgeBracket, BrandSafetyFlag, Cause, Gender, Platform, Topic

Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class AudienceIn(BaseModel):
    """Shares in [0, 1]; each breakdown sums to at most 1 (the rest is "other / unknown")."""

    model_config = ConfigDict(extra="forbid")

    age: dict[AgeBracket, Share] = Field(default_factory=dict)
    gender: dict[Gender, Share] = Field(default_factory=dict)
    countries: dict[CountryCode, Share] = Field(default_factory=dict)
    cities: dict[CityName, Share] = Field(default_factory=dict)
    languages: dict[LanguageCode, Share] = Field(default_factory=dict)
    interests: dict[Topic, Share] = Field(default_factory=dict)
    primary_country: CountryCode | None = None
    observed_at: GivenDatetime | None = Field(default=None, description="Default: the account's")


class AccountIn(BaseModel):
    """An account and its metrics; `observed_at`/`source`/`confidence` apply to its figures."""

    model_config = ConfigDict(extra="forbid")

    platform: Platform
    handle: str = Field(min_length=1, max_length=100, pattern=r"^\S+$")
    followers: Count
    following: Count | None = None
    posts_count: Count | None = None
    url: AnyHttpUrl | None = None
    account_type: AccountType | None = None
    last_posted_at: GivenDatetime | None = None
    avg_likes: Average | None = None
    avg_comments: Average | None = None
    avg_shares: Average | None = None
    avg_saves: Average | None = None
    avg_views: Average | None = None
    avg_engagements: Average | None = Field(default=None, description="Per-post total when not split")
    posts_per_week: Average | None = None
    window_posts: Count | None = None
    audience: AudienceIn | None = None
    observed_at: GivenDatetime | None = Field(default=None, description="Default: now")
    source: MetricSource = MetricSource.IMPORTED
    confidence: Confidence | None = Field(default=None, description="Required when source is estimated")


class ProfileFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bio: str | None = Field(default=None, max_length=5000)
    topics: list[Topic] | None = None
    tags: list[Tag] | None = Field(default=None, max_length=MAX_TAGS)
    languages: list[LanguageCode] | None = None
    country: CountryCode | None = None
    city: str | None = Field(default=None, max_length=120)
    contact_email: str | None = None
    rate_card: list[RateCardEntry] | None = None
    values: list[Cause] | None = None
    brand_safety_flags: list[BrandSafetyFlag] | None = None
    collaborations: list[BrandCollaboration] | None = None


_EXAMPLE: dict[str, Any] = {
    "display_name": "Lena Berg",
    "bio": "Vegan beauty and slow fashion from Berlin",
    "topics": ["beauty", "fashion"], "languages": ["de", "en"], "country": "DE", "city": "Berlin",
    "contact_email": "hello@lenaberg.de", "values": ["animal_welfare", "sustainability"],
    "rate_card": [{"platform": "instagram", "format": "reel",
                   "price": {"amount_minor": 120000, "currency": "EUR"}}],
    "accounts": [{
        "platform": "instagram", "handle": "lena.berg", "followers": 84000, "following": 610,
        "avg_likes": 2900, "avg_comments": 85, "observed_at": "2025-05-30T08:00:00Z",
        "audience": {"countries": {"DE": 0.62, "AT": 0.14}, "gender": {"female": 0.81, "male": 0.17},
                     "age": {"18-24": 0.31, "25-34": 0.44}, "languages": {"de": 0.85, "en": 0.1}},
    }],
}  # fmt: skip


class InfluencerCreate(ProfileFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        _EXAMPLE,
        {"display_name": "Lena Berg",
         "accounts": [{"platform": "instagram", "handle": "lena.berg", "followers": 84000}]},
    ]})

    display_name: str = Field(min_length=1, max_length=200)
    accounts: list[AccountIn] = Field(min_length=1, max_length=MAX_ACCOUNTS)


class InfluencerUpdate(ProfileFields):
    """Given fields replace the stored ones; given accounts replace the stored account with the
    same (platform, handle) or are added, up to 20 accounts in all; an account listed twice is
    refused, as on create. Nothing given is left as it is."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"bio": "Now also on TikTok", "values": ["sustainability"],
         "accounts": [{"platform": "tiktok", "handle": "lenaberg", "followers": 12000}]},
    ]})

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    accounts: list[AccountIn] | None = Field(default=None, min_length=1, max_length=MAX_ACCOUNTS)
