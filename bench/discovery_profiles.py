"""Realistic generated influencer profiles for bench/discovery.py (NDJSON domain documents).

Skew as in the market: log-normal followers (median ≈ 20k), power-law topic popularity (Zipf),
country and platform mixes close to published creator-economy shares, ER around each tier's
benchmark with a log-normal spread, audiences concentrated in the creator's own country.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from services.discovery.domain.countries import LANGUAGES_BY_COUNTRY
from shared.tiers import BENCHMARK_ER, follower_tier
from shared.vocabulary import BrandSafetyFlag, Cause, Platform, Topic

COUNTRIES = {
    "US": 22,
    "IN": 10,
    "BR": 9,
    "ID": 6,
    "MX": 5,
    "GB": 5,
    "DE": 4,
    "FR": 4,
    "ES": 4,
    "IT": 3,
    "TR": 3,
    "JP": 3,
    "PH": 3,
    "RU": 3,
    "KR": 2,
    "CA": 2,
    "AR": 2,
    "CO": 2,
    "TH": 2,
    "PL": 2,
    "NL": 1,
    "AU": 1,
    "SA": 1,
    "NG": 1,
    "ZA": 1,
    "EG": 1,
    "VN": 1,
}
PLATFORMS = {
    Platform.INSTAGRAM: 45,
    Platform.TIKTOK: 30,
    Platform.YOUTUBE: 15,
    Platform.X: 5,
    Platform.TWITCH: 5,
}
TOPICS = list(Topic)
TOPIC_WEIGHTS = [1 / (rank + 1) ** 1.1 for rank in range(len(TOPICS))]
AGES = ["13-17", "18-24", "25-34", "35-44", "45-54"]
WORDS = [
    "daily",
    "vlog",
    "recipes",
    "travel",
    "tips",
    "workouts",
    "reviews",
    "unboxing",
    "makeup",
    "tutorials",
    "outfits",
    "music",
    "covers",
    "gaming",
    "streams",
    "science",
    "explained",
    "budget",
    "family",
    "life",
    "pets",
    "comedy",
    "sketches",
]
NOW = datetime.now(UTC)  # recency filters ("posted within 7 days") compare with now()


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _audience(rng: random.Random, country: str, provenance: dict[str, str]) -> dict[str, Any]:
    home = rng.uniform(0.3, 0.8)
    others = rng.sample([c for c in COUNTRIES if c != country], 2)
    rest = (1 - home) * rng.uniform(0.3, 0.9)
    ages = [rng.random() for _ in AGES]
    female = rng.betavariate(2, 2)
    language = sorted(LANGUAGES_BY_COUNTRY.get(country, {"en"}))[0]
    return {
        "provenance": provenance,
        "countries": {
            country: round(home, 3),
            others[0]: round(rest * 0.6, 3),
            others[1]: round(rest * 0.4, 3),
        },
        "age": {a: round(v / sum(ages) * 0.95, 3) for a, v in zip(AGES, ages, strict=True)},
        "gender": {"female": round(female * 0.98, 3), "male": round((1 - female) * 0.98, 3)},
        "languages": {language: round(rng.uniform(0.5, 0.9), 3)},
    }


def profile(i: int, rng: random.Random) -> dict[str, Any]:
    platform = _weighted(rng, PLATFORMS)
    country = _weighted(rng, COUNTRIES)
    followers = max(100, int(math.exp(rng.gauss(math.log(20_000), 1.6))))
    er = BENCHMARK_ER[platform][follower_tier(followers)] * math.exp(rng.gauss(0, 0.6))
    engagements = followers * er
    observed = (NOW - timedelta(days=rng.randint(0, 60))).isoformat()
    provenance = {"observed_at": observed, "source": "imported"}
    topics = list(dict.fromkeys(t.value for t in rng.choices(TOPICS, TOPIC_WEIGHTS, k=rng.randint(1, 3))))
    account: dict[str, Any] = {
        "platform": platform.value,
        "handle": f"creator{i}",
        "account_type": rng.choice(["creator", "business", "regular"]),
        "last_posted_at": (NOW - timedelta(days=rng.expovariate(1 / 10))).isoformat(),
        "stats": {
            "provenance": provenance,
            "followers": followers,
            "following": int(rng.expovariate(1 / 600)),
            "posts_count": rng.randint(10, 3000),
        },
        "engagement": {
            "provenance": provenance,
            "avg_likes": round(engagements * 0.95, 1),
            "avg_comments": round(engagements * 0.05, 1),
        },
    }
    if rng.random() < 0.8:
        account["audience"] = _audience(rng, country, provenance)
    doc: dict[str, Any] = {
        "display_name": f"Creator {i}",
        "bio": " ".join(rng.sample(WORDS, 5)),
        "accounts": [account],
        "topics": topics,
        "languages": sorted(LANGUAGES_BY_COUNTRY.get(country, {"en"}))[:1],
        "country": country,
    }
    if rng.random() < 0.5:
        doc["contact_email"] = f"creator{i}@example.com"
    if rng.random() < 0.3:
        doc["values"] = [rng.choice(list(Cause)).value]
    if rng.random() < 0.05:
        doc["brand_safety_flags"] = [rng.choice(list(BrandSafetyFlag)).value]
    if rng.random() < 0.4:
        price = int(followers * rng.uniform(0.5, 2.0)) + 5000
        doc["rate_card"] = [
            {
                "platform": platform.value,
                "format": "post",
                "price": {"amount_minor": price, "currency": "USD"},
            }
        ]
    return doc


def ndjson_lines(count: int, seed: int = 7) -> Iterator[bytes]:
    rng = random.Random(seed)
    for i in range(count):
        yield (json.dumps(profile(i, rng), separators=(",", ":")) + "\n").encode()
