"""The parts of a campaign's plan, in the vocabularies discovery and compliance read (DESIGN §5, §7):
markets are ISO 3166-1 alpha-2 countries with ISO 639-1 languages, personas discovery's personas."""

from __future__ import annotations

from datetime import UTC
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from shared.brief import Persona
from shared.codes import CountryCode, LanguageCode
from shared.vocabulary import BrandSafetyFlag, Cause, ContentFormat, Platform, Topic

MAX_BRIEF = 20_000
MAX_ITEM = 500
MAX_ITEMS = 50


class Objective(StrEnum):
    AWARENESS = "awareness"
    ENGAGEMENT = "engagement"
    TRAFFIC = "traffic"
    CONVERSIONS = "conversions"
    SALES = "sales"
    UGC = "ugc"
    LAUNCH = "launch"
    ADVOCACY = "advocacy"


Name = Annotated[str, Field(min_length=1, max_length=200)]
# Times are answered in UTC whatever offset they were given with.
UtcDatetime = Annotated[AwareDatetime, AfterValidator(lambda v: v.astimezone(UTC))]
BriefText = Annotated[str, Field(max_length=MAX_BRIEF)]
Item = Annotated[str, Field(min_length=1, max_length=MAX_ITEM)]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _tag(sigil: str) -> AfterValidator:
    def normalised(value: str) -> str:
        name = value.strip().lstrip(sigil)
        if not name or any(c.isspace() for c in name) or sigil in name:
            raise ValueError(f"{value!r} is not one {sigil}word (any language, no spaces)")
        return sigil + name

    return AfterValidator(normalised)


Hashtag = Annotated[str, Field(max_length=100), _tag("#")]
Mention = Annotated[str, Field(max_length=100), _tag("@")]


class Market(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "country": "SG", "languages": ["en", "zh"]}]})

    country: CountryCode
    languages: list[LanguageCode] = Field(min_length=1, max_length=20,
                                          description="The languages content is made in there")

    _languages = field_validator("languages")(_unique)


class TargetPersona(Persona):
    """Discovery's persona (each criterion a list, or a map of value → weight in (0, 1]) with a
    name and the causes this audience cares about."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={"examples": [{
        "name": "Eco-minded 25–40", "countries": ["DE", "US"], "age": ["25-34", "35-44"],
        "interests": ["fashion"], "values": ["sustainability"]}]})

    name: str = Field(default="", max_length=200)
    values: list[Cause] = Field(default_factory=list)

    _values = field_validator("values")(_unique)


class CreatorProfile(BaseModel):
    """The creators the campaign looks for, as discovery's match reads them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "count": 5, "topics": ["food_drink"], "platforms": ["instagram"], "formats": ["post", "story"]}]})

    count: int | None = Field(default=None, ge=1, le=10_000, description="How many creators")
    topics: list[Topic] = Field(default_factory=list, description="What they create about")
    values: list[Cause] = Field(default_factory=list, description="Causes they stand for")
    platforms: list[Platform] = Field(default_factory=list)
    formats: list[ContentFormat] = Field(default_factory=list)
    excluded_brand_safety_flags: list[BrandSafetyFlag] = Field(default_factory=list)

    _lists = field_validator("topics", "values", "platforms", "formats",
                             "excluded_brand_safety_flags")(_unique)


class Milestone(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "name": "Content approved", "due_at": "2027-03-20T00:00:00Z"}]})

    name: Name
    due_at: UtcDatetime


class Timeline(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "starts_at": "2027-03-01T00:00:00Z", "ends_at": "2027-06-01T00:00:00Z", "milestones": []}]})

    starts_at: UtcDatetime
    ends_at: UtcDatetime
    milestones: list[Milestone] = Field(default_factory=list, max_length=MAX_ITEMS)


class Guidelines(BaseModel):
    """What every piece of content must and must not do (compliance checks the first three)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "required_hashtags": ["#MaisonVerte"], "required_mentions": ["@maisonverte"],
        "banned_terms": ["carbon neutral"], "dos": ["Show the care label"], "donts": []}]})

    required_hashtags: list[Hashtag] = Field(default_factory=list, max_length=30)
    required_mentions: list[Mention] = Field(default_factory=list, max_length=30)
    banned_terms: list[Item] = Field(default_factory=list, max_length=200)
    dos: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)
    donts: list[Item] = Field(default_factory=list, max_length=MAX_ITEMS)

    _lists = field_validator("required_hashtags", "required_mentions", "banned_terms")(_unique)


class MarketVariant(BaseModel):
    """A market's own wording: its brief, do's and don'ts replace the campaign's there."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "market": "JP", "brief": "季節の果実を、涼やかに。", "dos": ["家族や季節の行事を描く"]}]})

    market: CountryCode
    brief: BriefText | None = None
    dos: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)
    donts: list[Item] | None = Field(default=None, max_length=MAX_ITEMS)

