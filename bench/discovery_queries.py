"""Random searches with 3–6 combined filters, and match briefs, for bench/discovery.py."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from discovery_profiles import COUNTRIES, TOPIC_WEIGHTS, TOPICS, WORDS

Filter = Callable[[random.Random], dict[str, Any]]
FILTERS: list[Filter] = [
    lambda r: {"platforms": r.sample(["instagram", "tiktok", "youtube"], r.randint(1, 2))},
    lambda r: {"topics": [t.value for t in r.choices(TOPICS, TOPIC_WEIGHTS, k=r.randint(1, 2))]},
    lambda r: {"countries": r.sample(list(COUNTRIES)[:12], r.randint(1, 3))},
    lambda r: {"followers": {"min": r.choice([1000, 10000, 50000]), "max": r.choice([500000, 5000000])}},
    lambda r: {"engagement_rate": {"min": r.choice([0.01, 0.02, 0.03])}},
    lambda r: {"tiers": r.sample(["nano", "micro", "mid", "macro", "mega"], r.randint(1, 2))},
    lambda r: {"min_authenticity": r.choice([50, 70, 80])},
    lambda r: {"audience": [{"dimension": "country", "any_of": [
        {"value": r.choice(list(COUNTRIES)[:10]), "min_share": r.choice([0.2, 0.3, 0.5])}]}]},
    lambda r: {"audience": [{"dimension": "gender", "any_of": [
        {"value": r.choice(["female", "male"]), "min_share": r.choice([0.5, 0.6])}]}]},
    lambda r: {"audience": [{"dimension": "age", "any_of": [
        {"value": r.choice(["18-24", "25-34"]), "min_share": 0.3}]}]},
    lambda r: {"has_contact": True},
    lambda r: {"posted_within_days": r.choice([7, 30])},
    lambda r: {"exclude_brand_safety_flags": ["adult_content", "gambling"]},
    lambda r: {"text": r.choice(WORDS)},
]
SORTS = ["relevance", "followers", "engagement_rate", "authenticity"]


def search_body(rng: random.Random) -> dict[str, Any]:
    body: dict[str, Any] = {"limit": 20, "sort": rng.choice(SORTS)}
    for make in rng.sample(FILTERS, rng.randint(3, 6)):
        for key, value in make(rng).items():
            body[key] = body.get(key, []) + value if key == "audience" else value
    return body


def match_body(rng: random.Random) -> dict[str, Any]:
    country = rng.choice(list(COUNTRIES)[:10])
    return {
        "persona": {"countries": [country], "genders": [rng.choice(["female", "male"])],
                    "age": [rng.choice(["18-24", "25-34"])]},
        "topics": [t.value for t in rng.choices(TOPICS[:15], k=2)],
        "platforms": rng.sample(["instagram", "tiktok", "youtube"], 2),
        "budget_per_influencer": {"amount_minor": rng.choice([50000, 200000]), "currency": "USD"},
        "limit": 20,
    }
