from datetime import timedelta

import pytest
from discovery_unit_factories import PROVENANCE, daily_history, make_account

from services.discovery.domain.growth import follower_growth
from services.discovery.domain.metrics import (
    BenchmarkLabel,
    Denominator,
    compare_with_benchmark,
    engagement_rate_by_followers,
    engagement_rate_by_views,
    engagement_rates,
)
from shared.tiers import follower_tier, tier_benchmark
from shared.vocabulary import FollowerTier


def test_engagement_rate_by_followers_sums_likes_comments_shares_saves() -> None:
    account = make_account(
        engagement={
            "provenance": PROVENANCE,
            "avg_likes": 800,
            "avg_comments": 100,
            "avg_shares": 50,
            "avg_saves": 50,
        },
    )
    rate = engagement_rate_by_followers(account)
    assert rate is not None
    assert rate.denominator is Denominator.FOLLOWERS
    assert rate.value == pytest.approx(1000 / 50_000)


def test_source_total_is_used_when_parts_are_missing() -> None:
    account = make_account(engagement={"provenance": PROVENANCE, "avg_engagements": 2500})
    rate = engagement_rate_by_followers(account)
    assert rate is not None and rate.value == pytest.approx(0.05)


def test_video_platforms_also_get_engagement_rate_by_views() -> None:
    account = make_account(
        platform="youtube",
        handle="@chef",
        engagement={"provenance": PROVENANCE, "avg_likes": 900, "avg_comments": 100, "avg_views": 20_000},
    )
    by_views = engagement_rate_by_views(account)
    assert by_views is not None
    assert by_views.denominator is Denominator.VIEWS
    assert by_views.value == pytest.approx(0.05)
    assert [r.denominator for r in engagement_rates(account)] == ["followers", "views"]


def test_no_engagement_rate_by_views_on_photo_platforms() -> None:
    account = make_account(engagement={"provenance": PROVENANCE, "avg_likes": 5, "avg_views": 9})
    assert engagement_rate_by_views(account) is None


def test_missing_engagement_gives_no_rate_rather_than_zero() -> None:
    assert engagement_rate_by_followers(make_account(engagement=None)) is None


@pytest.mark.parametrize(
    ("followers", "tier"),
    [
        (0, FollowerTier.NANO),
        (9_999, FollowerTier.NANO),
        (10_000, FollowerTier.MICRO),
        (99_999, FollowerTier.MICRO),
        (100_000, FollowerTier.MID),
        (499_999, FollowerTier.MID),
        (500_000, FollowerTier.MACRO),
        (999_999, FollowerTier.MACRO),
        (1_000_000, FollowerTier.MEGA),
    ],
)
def test_follower_tier_boundaries(followers: int, tier: FollowerTier) -> None:
    assert follower_tier(followers) is tier


def test_every_platform_and_tier_has_a_benchmark_with_its_basis() -> None:
    for platform in ("instagram", "tiktok", "youtube", "blog"):
        for tier in FollowerTier:
            benchmark = tier_benchmark(platform, tier)  # type: ignore[arg-type]
            assert 0 < benchmark.engagement_rate < 0.2
            assert benchmark.basis
    assert tier_benchmark("blog", FollowerTier.NANO).derived  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("likes", "label"),
    [(100, BenchmarkLabel.BELOW), (800, BenchmarkLabel.TYPICAL), (3000, BenchmarkLabel.ABOVE)],
)
def test_engagement_is_labelled_against_the_tier_benchmark(likes: int, label: str) -> None:
    account = make_account(engagement={"provenance": PROVENANCE, "avg_likes": likes})
    comparison = compare_with_benchmark(account)
    assert comparison is not None
    assert comparison.tier is FollowerTier.MICRO
    assert comparison.label is label
    assert comparison.ratio == pytest.approx(likes / 50_000 / comparison.benchmark.engagement_rate)


def test_follower_growth_over_a_window_uses_first_and_last_snapshot_inside_it() -> None:
    history = daily_history([1000, 1100, 1200, 1300, 1500])
    growth = follower_growth(history, timedelta(days=2))
    assert growth is not None
    assert (growth.start.followers, growth.end.followers) == (1200, 1500)
    assert growth.absolute == 300
    assert growth.relative == pytest.approx(0.25)
    assert growth.days == pytest.approx(2)


def test_growth_needs_two_snapshots_in_the_window() -> None:
    assert follower_growth(daily_history([1000, 2000]), timedelta(hours=12)) is None


def test_growth_of_an_old_history_is_measured_up_to_its_latest_snapshot() -> None:
    """The same figure whenever it is computed: at import, on the profile page a year later."""
    year_old = [s.model_copy(update={"observed_at": s.observed_at - timedelta(days=365)})
                for s in daily_history([1000, 1100, 1200])]
    growth = follower_growth(year_old, timedelta(days=30))
    assert growth is not None
    assert (growth.absolute, growth.relative) == (200, pytest.approx(0.2))


def test_comments_alone_are_no_engagement_rate_when_like_counts_are_hidden() -> None:
    account = make_account(
        platform="youtube",
        handle="@chef",
        engagement={"provenance": PROVENANCE, "avg_comments": 60, "avg_views": 20_000},
    )
    assert engagement_rates(account) == []
    assert compare_with_benchmark(account) is None
