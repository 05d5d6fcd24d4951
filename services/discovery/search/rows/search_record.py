"""One account of a profile → its row in the search table, derived figures included."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import orjson

from services.discovery.domain.account import Account
from services.discovery.domain.authenticity import authenticity_score
from services.discovery.domain.growth import follower_growth
from services.discovery.domain.metrics import engagement_rate_by_followers
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.provenance import MetricKind, Provenance
from services.discovery.domain.snapshots import AccountSnapshot
from services.discovery.search.rows.audience_shares import audience_shares
from services.discovery.search.rows.text_keys import folded
from shared.tiers import follower_tier

GROWTH_WINDOW = timedelta(days=30)

# The COPY column order; `tsv` and `updated_at` are filled by the database.
SEARCH_COLUMNS: tuple[str, ...] = (
    "account_id", "influencer_id", "workspace_id", "platform", "handle", "display_name",
    "search_text", "followers", "engagement_rate", "tier", "growth_30d", "authenticity",
    "account_type", "last_posted_at", "has_contact", "country", "city", "topics", "languages",
    "causes", "flags", "brands", "audience", "prices", "freshness",
)  # fmt: skip


def display_name(profile: InfluencerProfile) -> str:
    primary = profile.primary_account()
    return profile.display_name or (primary.handle if primary else "")


def search_text(profile: InfluencerProfile, account: Account) -> str:
    """What full-text search reads beside the name: handle, bio, topics and tags."""
    topics = [t.value.replace("_", " ") for t in profile.topics]
    return " ".join(filter(None, [account.handle, profile.bio, *topics, *profile.tags]))


def growth_30d(snapshots: Sequence[AccountSnapshot]) -> float | None:
    growth = follower_growth(snapshots, GROWTH_WINDOW)
    return growth.relative if growth else None


def _prices(profile: InfluencerProfile, account: Account) -> list[dict[str, Any]]:
    return [
        {"format": e.format.value, "amount_minor": e.price.amount_minor, "currency": e.price.currency}
        for e in profile.rate_card
        if e.platform is account.platform
    ]


def _provenance(provenance: Provenance) -> dict[str, Any]:
    return {"observed_at": provenance.observed_at, "source": provenance.source.value,
            "confidence": provenance.confidence}


def provenances(account: Account) -> dict[str, Any]:
    """When and whence the account's figures were observed, by metric kind: the row's
    `freshness`, which a hit shows judged as of its read (search/freshness.py)."""
    held = {MetricKind.FOLLOWERS: account.stats.provenance,
            MetricKind.ENGAGEMENT: account.engagement.provenance if account.engagement else None,
            MetricKind.AUDIENCE: account.audience.provenance if account.audience else None}
    return {kind.value: _provenance(p) for kind, p in held.items() if p is not None}


def search_record(
    ids: tuple[uuid.UUID, uuid.UUID, uuid.UUID],
    profile: InfluencerProfile,
    account: Account,
    snapshots: Sequence[AccountSnapshot],
) -> tuple[Any, ...]:
    """`ids` are (account, influencer, workspace); the tuple follows SEARCH_COLUMNS."""
    rate = engagement_rate_by_followers(account)
    prices = _prices(profile, account)
    return (
        *ids, account.platform.value, account.handle, display_name(profile),
        search_text(profile, account), account.followers, rate.value if rate else None,
        follower_tier(account.followers).value, growth_30d(snapshots),
        authenticity_score(account, languages=profile.languages, snapshots=snapshots),
        account.account_type.value if account.account_type else None, account.last_posted_at,
        profile.has_contact_details(), profile.country,
        folded(profile.city) if profile.city else None,
        [t.value for t in profile.topics], list(profile.languages),
        [v.value for v in profile.values], [f.value for f in profile.brand_safety_flags],
        sorted({folded(c.brand) for c in profile.collaborations}),
        orjson.dumps(audience_shares(account.audience)).decode(), orjson.dumps(prices).decode(),
        orjson.dumps(provenances(account)).decode(),
    )  # fmt: skip
