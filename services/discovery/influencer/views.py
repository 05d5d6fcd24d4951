"""Domain profile + history → the read model, every derived figure explained (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.discovery.domain.account import Account
from services.discovery.domain.authenticity import AuthenticityReport, score_authenticity
from services.discovery.domain.growth import follower_growth
from services.discovery.domain.metrics import (
    EngagementRate,
    compare_with_benchmark,
    engagement_rates,
)
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.provenance import MAX_AGE, MetricKind, Provenance, is_kind_stale
from services.discovery.domain.snapshots import AccountSnapshot
from services.discovery.influencer.read_schemas import (
    AccountFreshness,
    AccountMetricsRead,
    AccountRead,
    BenchmarkRead,
    EngagementRateRead,
    Freshness,
    GrowthRead,
    ScorePartRead,
    ScoreRead,
)
from services.discovery.search.rows.search_record import GROWTH_WINDOW
from shared.tiers import follower_tier

NUMERATORS = {
    False: "(likes + comments + shares + saves) per post",
    True: "the source's engagements per post (not split)",
}
DENOMINATORS = {"followers": "followers", "views": "views per post"}


def formula(rate: EngagementRate) -> str:
    return f"{NUMERATORS[rate.totalled_by_source]} / {DENOMINATORS[rate.denominator.value]}"


def freshness(provenance: Provenance, kind: MetricKind, now: datetime) -> Freshness:
    return Freshness(observed_at=provenance.observed_at, source=provenance.source.value,
                     confidence=provenance.confidence, stale=is_kind_stale(provenance, kind, now),
                     max_age_days=MAX_AGE[kind].days)


def score_read(report: AuthenticityReport) -> ScoreRead:
    return ScoreRead(score=report.known_score, confidence=report.confidence.value, components=[
        ScorePartRead(name=p.name, value=p.value, points=p.points, max_points=p.max_points,
                      explanation=p.explanation, evaluated=p.evaluated) for p in report.components])


def _metrics(profile: InfluencerProfile, account: Account, history: Sequence[AccountSnapshot],
             now: datetime) -> AccountMetricsRead:
    comparison = compare_with_benchmark(account)
    growth = follower_growth(history, GROWTH_WINDOW)
    return AccountMetricsRead(
        tier=follower_tier(account.followers).value,
        engagement_rates=[EngagementRateRead(
            value=r.value, denominator=r.denominator.value, denominator_value=r.denominator_value,
            engagements_per_post=r.engagements_per_post, formula=formula(r))
            for r in engagement_rates(account)],
        benchmark=BenchmarkRead(
            tier=comparison.tier.value, benchmark_engagement_rate=comparison.benchmark.engagement_rate,
            ratio=comparison.ratio, label=comparison.label.value, basis=comparison.benchmark.basis,
            derived=comparison.benchmark.derived) if comparison else None,
        authenticity=score_read(score_authenticity(account, languages=profile.languages,
                                                   snapshots=history)),
        growth_30d=GrowthRead(window_days=GROWTH_WINDOW.days, absolute=growth.absolute,
                              relative=growth.relative, start=growth.start.observed_at,
                              end=growth.end.observed_at) if growth else None,
    )


def account_read(profile: InfluencerProfile, account: Account, history: Sequence[AccountSnapshot],
                 now: datetime) -> AccountRead:
    engagement = account.engagement
    return AccountRead(
        platform=account.platform.value, handle=account.handle, followers=account.followers,
        following=account.stats.following, posts_count=account.stats.posts_count,
        url=str(account.url) if account.url else None,
        account_type=account.account_type.value if account.account_type else None,
        last_posted_at=account.last_posted_at,
        engagement=engagement.model_dump(exclude={"provenance"}, exclude_none=True) if engagement else None,
        audience=account.audience,
        freshness=AccountFreshness(
            stats=freshness(account.stats.provenance, MetricKind.FOLLOWERS, now),
            engagement=freshness(engagement.provenance, MetricKind.ENGAGEMENT, now) if engagement else None,
            audience=freshness(account.audience.provenance, MetricKind.AUDIENCE, now)
            if account.audience else None),
        metrics=_metrics(profile, account, history, now),
    )
