"""Follower tiers and the engagement-rate benchmark each tier is judged against.

Benchmarks are ER **by followers** (engagements per post / followers), the one denominator
every platform and every source has, so they compare like with like across platforms.

Basis of the table (a working default, to be replaced by our own medians once the index holds
enough connector data; every figure says where it came from through `basis`):
- Instagram: 2023 global figures published by Statista from HypeAuditor data — 1k–10k
  followers 2.19 %, all tiers 1.85 %, lowest for the 50k–500k band; US accounts ≥ 1M 2.54 %
  (H1 2023). Mega is set above mid/macro because the top-1000 Instagram ranking of Dec 2022 in
  ../shared/datasets has a median ER of 3.4 % (biased upward: it is ranked by engagement).
- TikTok: about twice Instagram at every tier (tier benchmark write-ups agree TikTok runs
  roughly double, because it distributes by interest rather than by follow graph).
- Every other platform: Instagram's table, marked `derived`, until we have measurements.
"""

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from shared.vocabulary import FollowerTier, Platform

# Upper bounds (exclusive); mega has none.
TIER_UPPER_BOUNDS: tuple[tuple[FollowerTier, int], ...] = (
    (FollowerTier.NANO, 10_000),
    (FollowerTier.MICRO, 100_000),
    (FollowerTier.MID, 500_000),
    (FollowerTier.MACRO, 1_000_000),
)


def follower_tier(followers: int) -> FollowerTier:
    for tier, upper in TIER_UPPER_BOUNDS:
        if followers < upper:
            return tier
    return FollowerTier.MEGA


@dataclass(frozen=True, slots=True)
class TierBenchmark:
    platform: Platform
    tier: FollowerTier
    engagement_rate: float
    denominator: str
    basis: str
    derived: bool


_INSTAGRAM = {
    FollowerTier.NANO: 0.022,
    FollowerTier.MICRO: 0.017,
    FollowerTier.MID: 0.013,
    FollowerTier.MACRO: 0.015,
    FollowerTier.MEGA: 0.020,
}
_INSTAGRAM_BASIS = "Statista/HypeAuditor Instagram ER by tier 2023; top-1000 Dec 2022 median"
_TIKTOK_BASIS = "about 2x Instagram per tier (published tier benchmarks)"
_DERIVED_BASIS = "Instagram table applied unchanged; no platform-specific measurement yet"

BENCHMARK_ER: MappingProxyType[Platform, MappingProxyType[FollowerTier, float]] = MappingProxyType(
    {
        platform: MappingProxyType(
            {t: er * 2 for t, er in _INSTAGRAM.items()} if platform is Platform.TIKTOK else _INSTAGRAM
        )
        for platform in Platform
    }
)


@cache  # a fixed table: one shared, frozen benchmark per (platform, tier)
def tier_benchmark(platform: Platform, tier: FollowerTier) -> TierBenchmark:
    if platform is Platform.INSTAGRAM:
        basis, derived = _INSTAGRAM_BASIS, False
    elif platform is Platform.TIKTOK:
        basis, derived = _TIKTOK_BASIS, False
    else:
        basis, derived = _DERIVED_BASIS, True
    return TierBenchmark(
        platform=platform,
        tier=tier,
        engagement_rate=BENCHMARK_ER[platform][tier],
        denominator="followers",
        basis=basis,
        derived=derived,
    )
