"""Audience shares as the search table stores them, keyed by filter dimension: the in-memory
index reads them as (dimension, value) → share entries."""

from __future__ import annotations

from typing import Any

from services.discovery.domain.audience import AudienceData
from services.discovery.search.rows.text_keys import folded

# Filter dimension → the AudienceData field holding its shares.
DIMENSIONS: dict[str, str] = {
    "country": "countries",
    "age": "age",
    "gender": "gender",
    "language": "languages",
    "city": "cities",
    "interest": "interests",
}
# An audience known only by its top country (ranking exports give no shares) holds it under
# this key with 1.0: a brief's persona countries match it, no share filter can (none is known).
TOP_COUNTRY = "top_country"


def normalised_key(dimension: str, key: str) -> str:
    """Cities compare folded (text_keys); country and language codes as CountryCode and
    LanguageCode store them (a filter's "de" is the profile's DE); other keys are enum values."""
    if dimension == "country":
        return key.strip().upper()
    if dimension == "language":
        return key.strip().lower()
    return folded(key) if dimension == "city" else key


def audience_shares(audience: AudienceData | None) -> dict[str, Any]:
    """The exact shares filters compare against ({'country': {'DE': 0.31}}), and TOP_COUNTRY."""
    if audience is None:
        return {}
    shares: dict[str, Any] = {
        dimension: {normalised_key(dimension, str(k)): v for k, v in getattr(audience, field).items()}
        for dimension, field in DIMENSIONS.items()
        if getattr(audience, field)
    }
    if not audience.countries and audience.primary_country is not None:
        shares[TOP_COUNTRY] = {audience.primary_country: 1.0}
    return shares
