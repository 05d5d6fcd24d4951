"""What a brand asks discovery's `POST /v1/match` for: a target persona and the campaign's
constraints. Campaigns builds it from a plan (`GET /v1/campaigns/{id}/brief`), discovery ranks by it."""

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from shared.codes import CountryCode, LanguageCode
from shared.money import Money
from shared.vocabulary import AgeBracket, BrandSafetyFlag, Cause, ContentFormat, Gender, Platform, Topic

Weight = Annotated[float, Field(gt=0.0, le=1.0)]


def _list_means_equal_weights(value: Any) -> Any:
    """Accept ["DE", "AT"] as shorthand for {"DE": 1, "AT": 1}."""
    if isinstance(value, list | tuple | set | frozenset):
        return {item: 1.0 for item in value}
    return value


WeightedCountries = Annotated[dict[CountryCode, Weight], BeforeValidator(_list_means_equal_weights)]
WeightedAges = Annotated[dict[AgeBracket, Weight], BeforeValidator(_list_means_equal_weights)]
WeightedGenders = Annotated[dict[Gender, Weight], BeforeValidator(_list_means_equal_weights)]
WeightedLanguages = Annotated[dict[LanguageCode, Weight], BeforeValidator(_list_means_equal_weights)]
WeightedInterests = Annotated[dict[Topic, Weight], BeforeValidator(_list_means_equal_weights)]


class Persona(BaseModel):
    """Target audience; each criterion maps a value to its weight in (0, 1]."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    countries: WeightedCountries = Field(default_factory=dict)
    age: WeightedAges = Field(default_factory=dict)
    genders: WeightedGenders = Field(default_factory=dict)
    languages: WeightedLanguages = Field(default_factory=dict)
    interests: WeightedInterests = Field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.countries or self.age or self.genders or self.languages or self.interests)


class CampaignBrief(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    persona: Persona = Field(default_factory=Persona)
    topics: list[Topic] = Field(default_factory=list)
    required_values: list[Cause] = Field(default_factory=list)
    platforms: list[Platform] = Field(default_factory=list)  # empty: any platform
    formats: list[ContentFormat] = Field(default_factory=list)  # empty: any format
    budget_per_influencer: Money | None = None
    excluded_brand_safety_flags: list[BrandSafetyFlag] = Field(default_factory=list)

    @field_validator("topics", "required_values", "platforms", "formats", "excluded_brand_safety_flags")
    @classmethod
    def _deduplicated(cls, value: list[str]) -> list[str]:
        # A repeated topic or value would weigh double in the fit, and could outgrow the
        # search prefilter's list limits, which hold only for distinct values.
        return list(dict.fromkeys(value))
