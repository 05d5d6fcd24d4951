"""The search request (every filter optional; AND between filters, OR inside a list) and page."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from services.discovery.domain.platforms import AccountType
from services.discovery.influencer.read_schemas import Freshness
from shared.brief import CampaignBrief
from shared.codes import CountryCode, CurrencyCode, LanguageCode
from shared.http.pagination import MAX_LIMIT
from shared.vocabulary import (
    AgeBracket,
    BrandSafetyFlag,
    Cause,
    ContentFormat,
    FollowerTier,
    Gender,
    Platform,
    Topic,
)

Short = Annotated[str, Field(min_length=1, max_length=200)]


def _any_of() -> Any:
    return Field(default_factory=list, max_length=50)


class _Bounded(BaseModel):
    """A range filter: a min above its max would match nothing, so it is the client's error."""

    model_config = ConfigDict(extra="forbid")
    _bounds: ClassVar[tuple[str, str]] = ("min", "max")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        low, high = (getattr(self, name) for name in self._bounds)
        if low is not None and high is not None and low > high:
            raise ValueError("{} is greater than {}".format(*self._bounds))
        return self


class Range(_Bounded):
    # NaN (which Python's json.dumps writes) compares false with everything, so it would match
    # nothing; infinities are no JSON numbers either.
    min: float | None = Field(default=None, allow_inf_nan=False)
    max: float | None = Field(default=None, allow_inf_nan=False)


class CountRange(_Bounded):
    """Whole-number bounds, so the database compares integers with integers (index-friendly)."""

    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class AudienceShare(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Short = Field(description="A country/language code, age bracket, gender, city or topic")
    min_share: float = Field(gt=0.0, le=1.0, description="e.g. 0.3 = at least 30 % of the audience")


# What an audience holds in each dimension but cities (domain.audience.AudienceData).
_AUDIENCE_VALUES: dict[str, TypeAdapter[Any]] = {
    "country": TypeAdapter(CountryCode), "language": TypeAdapter(LanguageCode),
    "age": TypeAdapter(AgeBracket), "gender": TypeAdapter(Gender), "interest": TypeAdapter(Topic)}


class AudienceFilter(BaseModel):
    """Matches when ANY listed value reaches its share on the account's audience."""

    model_config = ConfigDict(extra="forbid")

    dimension: Literal["country", "age", "gender", "language", "city", "interest"]
    any_of: list[AudienceShare] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _held_by_audiences(self) -> Self:
        """A value no audience can hold would match nothing: the client's error, as it is in
        the `countries` and `languages` filters."""
        values = _AUDIENCE_VALUES.get(self.dimension)
        if values is None:  # a city is any name
            return self
        for share in self.any_of:
            try:
                values.validate_python(share.value)
            except ValidationError as error:
                why = error.errors()[0]["msg"].removeprefix("Value error, ")
                raise ValueError(f"audience {self.dimension} {share.value!r}: {why}") from error
        return self


class PriceFilter(_Bounded):
    _bounds = ("min_minor", "max_minor")

    format: ContentFormat
    currency: CurrencyCode
    min_minor: int | None = Field(default=None, ge=0)
    max_minor: int | None = Field(default=None, ge=0)


class SortKey(StrEnum):
    RELEVANCE = "relevance"
    FOLLOWERS = "followers"
    ENGAGEMENT_RATE = "engagement_rate"
    GROWTH = "growth"
    AUTHENTICITY = "authenticity"
    FIT = "fit"


class SearchFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # PostgreSQL parses the text, and its strings cannot hold NUL.
    text: str | None = Field(default=None, max_length=200, pattern=r"^[^\x00]*$",
                             description="Full text over name, bio, topics, tags; fuzzy on handle")
    platforms: list[Platform] = _any_of()
    topics: list[Topic] = _any_of()
    countries: list[CountryCode] = Field(default_factory=list, max_length=50,
                                         description="The creator's own country")
    cities: list[Short] = _any_of()
    languages: list[LanguageCode] = _any_of()
    followers: CountRange | None = None
    engagement_rate: Range | None = Field(default=None, description="By followers, 0.03 = 3 %")
    growth_30d: Range | None = Field(
        default=None, description="Relative follower growth over the 30 days up to the latest snapshot")
    tiers: list[FollowerTier] = _any_of()
    account_types: list[AccountType] = _any_of()
    posted_within_days: int | None = Field(default=None, ge=1, le=3650)
    has_contact: bool | None = None
    brands: list[Short] = Field(default_factory=list, max_length=50,
                                description="Brands they worked with (case-insensitive)")
    audience: list[AudienceFilter] = Field(default_factory=list, max_length=10)
    min_authenticity: int | None = Field(default=None, ge=0, le=100)
    values: list[Cause] = _any_of()
    prices: list[PriceFilter] = Field(default_factory=list, max_length=10)
    exclude_brand_safety_flags: list[BrandSafetyFlag] = _any_of()
    exclude_influencers: list[uuid.UUID] = Field(default_factory=list, max_length=1000)
    include_blocked: bool = Field(default=False, description="Blocklisted influencers are hidden unless set")


class SearchRequest(SearchFilters):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "vegan beauty", "platforms": ["instagram", "tiktok"], "topics": ["beauty"],
        "followers": {"min": 10000, "max": 500000}, "engagement_rate": {"min": 0.02},
        "audience": [{"dimension": "country", "any_of": [{"value": "DE", "min_share": 0.3}]},
                     {"dimension": "gender", "any_of": [{"value": "female", "min_share": 0.5}]}],
        "min_authenticity": 70, "exclude_brand_safety_flags": ["adult_content"],
        "sort": "engagement_rate", "limit": 20, "facets": True}]})

    sort: SortKey = Field(default=SortKey.RELEVANCE,
                          description="Descending. relevance without text sorts by followers")
    brief: CampaignBrief | None = Field(default=None, description="Required for sort=fit")
    facets: bool = Field(default=False, description="Also count platforms, tiers and countries")
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, description="`next_cursor` of the previous page")

    @model_validator(mode="after")
    def _fit_needs_a_brief(self) -> Self:
        if self.sort is SortKey.FIT and self.brief is None:
            raise ValueError("sort=fit needs a brief")
        return self


class HitFreshness(BaseModel):
    """When and whence the hit's figures were observed; absent: the account holds none."""

    followers: Freshness | None = Field(default=None, description="followers (and following, posts)")
    engagement: Freshness | None = Field(default=None, description="engagement rate, its averages")
    audience: Freshness | None = Field(default=None, description="the audience shares filters read")


class SearchHit(BaseModel):
    account_id: uuid.UUID
    influencer_id: uuid.UUID
    display_name: str
    platform: str
    handle: str
    followers: int
    tier: str
    engagement_rate: float | None = Field(description="By followers")
    growth_30d: float | None
    authenticity: int | None
    country: str | None
    topics: list[str]
    score: float | None = Field(description="Relevance (text) or fit score (sort=fit)")
    freshness: HitFreshness


class FacetCount(BaseModel):
    value: str | None
    count: int


class Facets(BaseModel):
    platform: list[FacetCount]
    tier: list[FacetCount]
    country: list[FacetCount]
    approximate: bool = Field(description="Whether counts are estimates; every match is counted, so false")
    counted: int = Field(description="Matching accounts counted: all of them")


class SearchPage(BaseModel):
    items: list[SearchHit]
    next_cursor: str | None
    facets: Facets | None = None
