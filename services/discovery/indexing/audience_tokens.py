"""Audience shares as GIN-indexable tokens: 'country:DE:30' exists for every 10 % step reached.

A filter "≥ 34 % in DE" looks up the token of its bucket ('country:DE:30') through the index
and rechecks the exact share against the stored audience, so the index narrows and the
recheck decides. Step 0 means "some share, however small".
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from services.discovery.domain.audience import AudienceData

STEP_PERCENT = 10
# Filter dimension → the AudienceData field holding its shares.
DIMENSIONS: dict[str, str] = {
    "country": "countries",
    "age": "age",
    "gender": "gender",
    "language": "languages",
    "city": "cities",
    "interest": "interests",
}


@lru_cache(maxsize=65_536)  # round(x, 6) goes through decimal conversion; shares repeat a lot
def bucket(share: float) -> int:
    return int(round(share * 100, 6)) // STEP_PERCENT * STEP_PERCENT


def token(dimension: str, key: str, step: int) -> str:
    return f"{dimension}:{key}:{step}"


def normalised_key(dimension: str, key: str) -> str:
    """Cities compare case-insensitively; every other key is a code or enum value."""
    return key.casefold() if dimension == "city" else key


@lru_cache(maxsize=16_384)
def _steps_reached(dimension: str, key: str, top_step: int) -> tuple[str, ...]:
    """Cached: the same few hundred codes and eleven steps make up nearly every audience."""
    key = normalised_key(dimension, key)
    return tuple(token(dimension, key, step) for step in range(0, top_step + 1, STEP_PERCENT))


def audience_tokens(audience: AudienceData | None) -> list[str]:
    if audience is None:
        return []
    tokens: list[str] = []
    for dimension, field in DIMENSIONS.items():
        for key, share in getattr(audience, field).items():
            tokens += _steps_reached(dimension, str(key), bucket(share))
    return tokens


def audience_shares(audience: AudienceData | None) -> dict[str, Any]:
    """The exact shares the recheck reads, keyed like the tokens ({'country': {'DE': 0.31}})."""
    if audience is None:
        return {}
    return {
        dimension: {normalised_key(dimension, str(k)): v for k, v in getattr(audience, field).items()}
        for dimension, field in DIMENSIONS.items()
        if getattr(audience, field)
    }
