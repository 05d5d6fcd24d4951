"""How much of an account's audience matches a persona, dimension by dimension."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from services.discovery.domain.audience import AudienceData
from shared.brief import Persona

# A dimension earns full credit at the audience share peers use as default filter thresholds
# (Modash, peers.md §1.4: gender 50 %, age & interests 30 %, location & language 20 %).
FULL_CREDIT_SHARE: dict[str, float] = {
    "countries": 0.20,
    "age": 0.30,
    "genders": 0.50,
    "languages": 0.20,
    "interests": 0.30,
}
# Ranking sites name the top audience country without its share; a match then counts as this
# share, which is the full-credit threshold: a top country holds at least that much of a
# typical audience. It is an estimate and lowers confidence.
PRIMARY_COUNTRY_ASSUMED_SHARE = 0.20


@dataclass(frozen=True, slots=True)
class DimensionOverlap:
    dimension: str
    share: float  # weighted share of the audience matching this criterion
    credit: float  # share relative to the full-credit threshold, capped at 1
    estimated: bool


def weighted_share(shares: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ share × weight / max weight: a fully weighted value counts its whole share."""
    top = max(weights.values())
    return sum(shares.get(key, 0.0) * weight / top for key, weight in weights.items())


def _audience_shares(audience: AudienceData, dimension: str) -> Mapping[str, float]:
    field = "gender" if dimension == "genders" else dimension
    shares: Mapping[str, float] = getattr(audience, field)
    return shares


def _country_overlap(audience: AudienceData, persona: Persona) -> DimensionOverlap | None:
    if audience.countries:
        share = weighted_share(audience.countries, persona.countries)
        estimated = False
    elif audience.primary_country is not None:
        weight = persona.countries.get(audience.primary_country, 0.0)
        share = PRIMARY_COUNTRY_ASSUMED_SHARE * weight / max(persona.countries.values())
        estimated = True
    else:
        return None
    credit = min(1.0, share / FULL_CREDIT_SHARE["countries"])
    return DimensionOverlap("countries", share, credit, estimated)


def dimension_overlaps(audience: AudienceData | None, persona: Persona) -> list[DimensionOverlap]:
    """Overlap for each persona criterion the audience data covers; others are absent."""
    if audience is None:
        return []
    overlaps: list[DimensionOverlap] = []
    if persona.countries and (country := _country_overlap(audience, persona)) is not None:
        overlaps.append(country)
    for dimension in ("age", "genders", "languages", "interests"):
        weights: Mapping[str, float] = getattr(persona, dimension)
        shares = _audience_shares(audience, dimension)
        if not weights or not shares:
            continue
        share = weighted_share(shares, weights)
        credit = min(1.0, share / FULL_CREDIT_SHARE[dimension])
        overlaps.append(DimensionOverlap(dimension, share, credit, estimated=False))
    return overlaps


def persona_match_share(overlaps: list[DimensionOverlap], asked: int) -> float | None:
    """Estimated share of the audience matching every criterion at once, of the `asked` ones.

    Dimensions are treated as independent (shares multiply) because sources report each
    breakdown separately, never the joint distribution. None when a criterion has no audience
    data: counting it as a full match would overstate the share, and understate the cost per
    persona-matched person, of exactly the accounts we know least about.
    """
    if not overlaps or len(overlaps) < asked:
        return None
    return math.prod(o.share for o in overlaps)
