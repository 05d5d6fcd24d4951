"""Audience breakdowns of one account: each dimension is a mapping of shares summing to ≤ 1.

Shares may sum to less than 1 because sources report only the top buckets (Instagram returns
the top 45 demographic buckets; peers.md §3) — the remainder is "other / unknown".
"""

from collections.abc import Mapping
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from services.discovery.domain.provenance import Provenance
from shared.codes import CountryCode, LanguageCode
from shared.vocabulary import AgeBracket, Gender, Topic

# Rounded source data (e.g. 0.333 × 3) may overshoot 1 by a hair; that is not an error.
SHARE_SUM_TOLERANCE = 1e-6

Share = Annotated[float, Field(ge=0.0, le=1.0)]
CityName = Annotated[str, Field(min_length=1, max_length=120)]


K = TypeVar("K")


def check_share_sum(shares: Mapping[K, float], field_name: str) -> Mapping[K, float]:
    total = sum(shares.values())
    if total > 1.0 + SHARE_SUM_TOLERANCE:
        raise ValueError(f"{field_name} shares sum to {total:.4f}; they must sum to at most 1")
    return shares


class AudienceData(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    provenance: Provenance
    # The largest audience country when the source names it without a share (ranking sites).
    primary_country: CountryCode | None = None
    age: dict[AgeBracket, Share] = Field(default_factory=dict)
    gender: dict[Gender, Share] = Field(default_factory=dict)
    countries: dict[CountryCode, Share] = Field(default_factory=dict)
    cities: dict[CityName, Share] = Field(default_factory=dict)
    languages: dict[LanguageCode, Share] = Field(default_factory=dict)
    interests: dict[Topic, Share] = Field(default_factory=dict)

    @field_validator("age", "gender", "countries", "cities", "languages", "interests")
    @classmethod
    def _shares_sum_to_at_most_one(cls, value: dict[K, float], info: ValidationInfo) -> dict[K, float]:
        check_share_sum(value, str(info.field_name))
        return value

    def top_country(self) -> str | None:
        """The country holding the largest share, falling back to `primary_country`."""
        if self.countries:
            return max(self.countries.items(), key=lambda item: item[1])[0]
        return self.primary_country
