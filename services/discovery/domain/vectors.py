"""Fixed-dimension audience + topic vectors for lookalike search (stored in pgvector).

Layout (offsets are module constants; changing any list changes VECTOR_DIMENSION and needs a
re-embedding migration):

    [countries: VECTOR_COUNTRIES + "other"] [age: AgeBracket order] [gender: Gender order]
    [languages: VECTOR_LANGUAGES + "other"] [topics: Topic order]

Each block is L2-normalised, then scaled by √(block weight), so the cosine similarity of two
vectors is the weight-averaged cosine of their blocks. A block without data stays zero and
simply does not contribute. Countries come from the primary account's audience (a known
primary country alone counts as a one-hot); topics are the profile's topics (1.0 each) plus
half the audience-interest shares, so creators talking about and followed for a niche align.
"""

import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

from services.discovery.domain.audience import AgeBracket, AudienceData, Gender
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.taxonomy import Topic

# fmt: off
VECTOR_COUNTRIES: tuple[str, ...] = (
    "US", "GB", "CA", "AU", "IN", "BR", "MX", "AR", "CO", "CL", "ES", "FR", "DE", "IT",
    "PT", "NL", "BE", "CH", "AT", "PL", "SE", "NO", "DK", "FI", "IE", "RU", "UA", "TR",
    "SA", "AE", "EG", "MA", "NG", "ZA", "ID", "PH", "TH", "VN", "MY", "JP", "KR", "CN",
)
VECTOR_LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "fr", "de", "it", "nl", "pl", "ru", "uk", "tr", "ar", "hi", "id",
    "tl", "th", "vi", "ms", "ja", "ko", "zh",
)
# fmt: on
BLOCK_WEIGHTS: Mapping[str, float] = {
    "countries": 0.35,
    "age": 0.15,
    "gender": 0.10,
    "languages": 0.15,
    "topics": 0.25,
}
INTEREST_WEIGHT = 0.5
K = TypeVar("K")

_AGES = tuple(AgeBracket)
_GENDERS = tuple(Gender)
_TOPICS = tuple(Topic)
VECTOR_DIMENSION = (
    len(VECTOR_COUNTRIES) + 1 + len(_AGES) + len(_GENDERS) + len(VECTOR_LANGUAGES) + 1 + len(_TOPICS)
)


def _positions(keys: Sequence[K]) -> Mapping[K, int]:
    return {key: position for position, key in enumerate(keys)}


_COUNTRY_POSITIONS = _positions(VECTOR_COUNTRIES)
_LANGUAGE_POSITIONS = _positions(VECTOR_LANGUAGES)
_TOPIC_POSITIONS = _positions(_TOPICS)


def _scaled(block: list[float], weight: float) -> list[float]:
    norm = math.sqrt(sum([v * v for v in block]))
    if norm == 0:
        return block
    factor = math.sqrt(weight) / norm
    return [v * factor for v in block]


def _with_other(shares: Mapping[str, float], positions: Mapping[str, int]) -> list[float]:
    """The listed keys' shares in list order, then the sum of the others ("other")."""
    block = [0.0] * (len(positions) + 1)
    other = 0.0
    for key, share in shares.items():
        position = positions.get(key)
        if position is None:
            other += share
        else:
            block[position] = share
    block[-1] = other
    return block


def _country_shares(audience: AudienceData | None) -> Mapping[str, float]:
    if audience is None:
        return {}
    if audience.countries:
        return audience.countries
    return {audience.primary_country: 1.0} if audience.primary_country else {}


def _topic_block(profile: InfluencerProfile, audience: AudienceData | None) -> list[float]:
    block = [0.0] * len(_TOPICS)
    for topic in profile.topics:
        block[_TOPIC_POSITIONS[topic]] = 1.0
    for topic, share in (audience.interests if audience else {}).items():
        block[_TOPIC_POSITIONS[topic]] += INTEREST_WEIGHT * share
    return block


def profile_vector(profile: InfluencerProfile) -> list[float] | None:
    """The lookalike vector of the profile, or None when it holds no audience or topic data
    (an all-zero vector has no cosine similarity with anything)."""
    primary = profile.primary_account()
    audience = primary.audience if primary else None
    blocks = {
        "countries": _with_other(_country_shares(audience), _COUNTRY_POSITIONS),
        "age": [audience.age.get(a, 0.0) for a in _AGES] if audience else [0.0] * len(_AGES),
        "gender": ([audience.gender.get(g, 0.0) for g in _GENDERS] if audience else [0.0] * len(_GENDERS)),
        "languages": _with_other(audience.languages if audience else {}, _LANGUAGE_POSITIONS),
        "topics": _topic_block(profile, audience),
    }
    vector = [v for name, block in blocks.items() for v in _scaled(block, BLOCK_WEIGHTS[name])]
    return vector if any(vector) else None
