"""Engagement rates (each naming its denominator) and ER compared with the tier benchmark."""

import math
from dataclasses import dataclass
from enum import StrEnum

from services.discovery.domain.account import Account
from services.discovery.domain.platforms import VIDEO_PLATFORMS
from shared.tiers import TierBenchmark, follower_tier, tier_benchmark
from shared.vocabulary import FollowerTier

# Within half to twice the benchmark is ordinary spread between creators of one tier.
BELOW_BENCHMARK_RATIO = 0.5
ABOVE_BENCHMARK_RATIO = 2.0


class Denominator(StrEnum):
    FOLLOWERS = "followers"
    VIEWS = "views"


@dataclass(frozen=True, slots=True)
class EngagementRate:
    value: float
    denominator: Denominator
    denominator_value: float
    engagements_per_post: float
    totalled_by_source: bool  # engagements are the source's total, not likes + comments + …


def engagement_rate_by_followers(account: Account) -> EngagementRate | None:
    """Engagements per post / followers; None without engagement data or followers."""
    stats = account.engagement
    engagements = stats.engagements_per_post() if stats else None
    followers = account.followers
    if stats is None or engagements is None or followers == 0:
        return None
    return EngagementRate(engagements / followers, Denominator.FOLLOWERS, followers, engagements,
                          stats.totalled_by_source)


def why_no_rate_by_followers(account: Account) -> str:
    """Why `engagement_rate_by_followers` is None, for the explanation of a skipped part."""
    stats = account.engagement
    if stats is None or stats.engagements_per_post() is None:
        return "no engagement data"
    return "no followers to divide engagement by"


def engagement_rate_by_views(account: Account) -> EngagementRate | None:
    """Engagements per post / views per post, for video platforms that report views."""
    if account.platform not in VIDEO_PLATFORMS or account.engagement is None:
        return None
    engagements = account.engagement.engagements_per_post()
    views = account.engagement.avg_views
    if engagements is None or not views:
        return None
    rate = engagements / views
    # A near-zero average of views (1e-300) overflows the rate, which JSON cannot carry.
    if not math.isfinite(rate):
        return None
    return EngagementRate(rate, Denominator.VIEWS, views, engagements,
                          account.engagement.totalled_by_source)


def engagement_rates(account: Account) -> list[EngagementRate]:
    """Every engagement rate computable for the account, by followers first."""
    rates = (engagement_rate_by_followers(account), engagement_rate_by_views(account))
    return [rate for rate in rates if rate is not None]


class BenchmarkLabel(StrEnum):
    BELOW = "below"
    TYPICAL = "typical"
    ABOVE = "above"


@dataclass(frozen=True, slots=True)
class BenchmarkComparison:
    engagement_rate: EngagementRate
    tier: FollowerTier
    benchmark: TierBenchmark
    ratio: float
    label: BenchmarkLabel


def compare_with_benchmark(account: Account) -> BenchmarkComparison | None:
    """ER by followers against the benchmark of the account's tier on its platform."""
    rate = engagement_rate_by_followers(account)
    if rate is None:
        return None
    tier = follower_tier(account.followers)
    benchmark = tier_benchmark(account.platform, tier)
    ratio = rate.value / benchmark.engagement_rate
    if ratio < BELOW_BENCHMARK_RATIO:
        label = BenchmarkLabel.BELOW
    elif ratio > ABOVE_BENCHMARK_RATIO:
        label = BenchmarkLabel.ABOVE
    else:
        label = BenchmarkLabel.TYPICAL
    return BenchmarkComparison(rate, tier, benchmark, ratio, label)
