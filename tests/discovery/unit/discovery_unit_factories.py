"""Builders for valid domain objects; tests override only what they are about."""

from datetime import UTC, datetime, timedelta
from typing import Any

from services.discovery.domain.account import Account
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.snapshots import AccountSnapshot

NOW = datetime(2025, 6, 1, tzinfo=UTC)
PROVENANCE = {"observed_at": NOW.isoformat(), "source": "connector"}


def account_doc(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "platform": "instagram",
        "handle": "ana.styles",
        "stats": {"provenance": PROVENANCE, "followers": 50_000, "following": 800},
        "engagement": {
            "provenance": PROVENANCE,
            "avg_likes": 900.0,
            "avg_comments": 30.0,
        },
        "audience": {
            "provenance": PROVENANCE,
            "countries": {"ES": 0.5, "MX": 0.2, "US": 0.1},
            "age": {"18-24": 0.35, "25-34": 0.4},
            "gender": {"female": 0.7, "male": 0.3},
            "languages": {"es": 0.8, "en": 0.15},
        },
    }
    doc.update(overrides)
    return doc


def make_account(**overrides: Any) -> Account:
    return Account.model_validate(account_doc(**overrides))


def profile_doc(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "display_name": "Ana",
        "accounts": [account_doc()],
        "topics": ["fashion", "beauty"],
        "languages": ["es", "en"],
        "values": ["sustainability"],
        "rate_card": [
            {"platform": "instagram", "format": "reel", "price": {"amount_minor": 80_000, "currency": "EUR"}},
        ],
    }
    doc.update(overrides)
    return doc


def make_profile(**overrides: Any) -> InfluencerProfile:
    return InfluencerProfile.model_validate(profile_doc(**overrides))


def daily_history(followers: list[int], engagements: list[float] | None = None) -> list[AccountSnapshot]:
    start = NOW - timedelta(days=len(followers))
    return [
        AccountSnapshot(
            observed_at=start + timedelta(days=i),
            followers=count,
            avg_engagements=engagements[i] if engagements else None,
        )
        for i, count in enumerate(followers)
    ]
