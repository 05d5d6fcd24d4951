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

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

from services.discovery.domain.audience import AudienceData
from services.discovery.domain.profile import InfluencerProfile
from shared.vocabulary import AgeBracket, Gender, Topic

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
_AGE_POSITIONS = _positions(_AGES)
_GENDER_POSITIONS = _positions(_GENDERS)
_LANGUAGE_POSITIONS = _positions(VECTOR_LANGUAGES)
_TOPIC_POSITIONS = _positions(_TOPICS)
_SIZES = {"countries": len(VECTOR_COUNTRIES) + 1, "age": len(_AGES), "gender": len(_GENDERS),
          "languages": len(VECTOR_LANGUAGES) + 1, "topics": len(_TOPICS)}
_OFFSETS: Mapping[str, int] = dict(
    zip(_SIZES, itertools.accumulate(_SIZES.values(), initial=0), strict=False)  # last sum: the dimension
)
_ZERO = (0.0,) * VECTOR_DIMENSION

# A block is {position in the block: value} holding only the entries its data sets: most of the
# vector is zero, and filling and scaling dense blocks was most of the cost of a vector.
Block = dict[int, float]


def _place(vector: list[float], name: str, block: Block) -> None:
    """Writes the block L2-normalised and scaled by √(its weight); zero blocks stay zero."""
    # Summed in position order, as over the dense block (its zeros add nothing).
    norm = math.sqrt(sum([v * v for _, v in sorted(block.items())]))
    if norm == 0:
        return
    factor = math.sqrt(BLOCK_WEIGHTS[name]) / norm
    offset = _OFFSETS[name]
    for position, value in block.items():
        vector[offset + position] = value * factor


def _with_other(shares: Mapping[str, float], positions: Mapping[str, int]) -> Block:
    """The listed keys' shares at their positions, then the sum of the others ("other")."""
    block: Block = {}
    other = 0.0
    for key, share in shares.items():
        position = positions.get(key)
        if position is None:
            other += share
        else:
            block[position] = share
    block[len(positions)] = other
    return block


def _country_shares(audience: AudienceData | None) -> Mapping[str, float]:
    if audience is None:
        return {}
    if audience.countries:
        return audience.countries
    return {audience.primary_country: 1.0} if audience.primary_country else {}


def _topic_block(profile: InfluencerProfile, audience: AudienceData | None) -> Block:
    block: Block = dict.fromkeys([_TOPIC_POSITIONS[topic] for topic in profile.topics], 1.0)
    for topic, share in (audience.interests if audience else {}).items():
        position = _TOPIC_POSITIONS[topic]
        block[position] = block.get(position, 0.0) + INTEREST_WEIGHT * share
    return block


def profile_vector(profile: InfluencerProfile) -> list[float] | None:
    """The lookalike vector of the profile, or None when it holds no audience or topic data
    (an all-zero vector has no cosine similarity with anything)."""
    primary = profile.primary_account()
    audience = primary.audience if primary else None
    vector = list(_ZERO)
    _place(vector, "countries", _with_other(_country_shares(audience), _COUNTRY_POSITIONS))
    if audience is not None:
        _place(vector, "age", {_AGE_POSITIONS[a]: share for a, share in audience.age.items()})
        _place(vector, "gender", {_GENDER_POSITIONS[g]: share for g, share in audience.gender.items()})
    _place(vector, "languages", _with_other(audience.languages if audience else {}, _LANGUAGE_POSITIONS))
    _place(vector, "topics", _topic_block(profile, audience))
    return vector if any(vector) else None
