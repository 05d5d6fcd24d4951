"""Authenticity / audience-quality score 0–100, explained component by component.

The score starts at 100 and each component can only subtract. A component without data is
skipped (listed, marked not evaluated) and lowers the confidence instead of the score.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from services.discovery.domain.account import Account
from services.discovery.domain.authenticity_signals import (
    audience_language_part,
    audience_language_points,
    authentic_engagement_part,
    authentic_engagement_points,
    comment_like_part,
    comment_like_points,
    engagement_vs_tier_part,
    engagement_vs_tier_points,
    follower_spike_part,
    follower_spike_points,
    following_ratio_part,
    following_ratio_points,
)
from services.discovery.domain.confidence import Confidence, confidence_from_coverage
from services.discovery.domain.score_parts import ScorePart
from services.discovery.domain.snapshots import AccountSnapshot


@dataclass(frozen=True, slots=True)
class AuthenticityReport:
    score: int
    confidence: Confidence
    components: tuple[ScorePart, ...]

    @property
    def evaluated(self) -> int:
        return sum(part.evaluated for part in self.components)

    @property
    def known_score(self) -> int | None:
        """`score`, or None when no component had data: 100 would then claim a clean bill of
        health nothing was checked for (the search row stores None, see authenticity_score)."""
        return self.score if self.evaluated else None


def score_authenticity(
    account: Account,
    *,
    languages: Collection[str] = (),
    snapshots: Sequence[AccountSnapshot] = (),
) -> AuthenticityReport:
    """Score one account; `languages` are the influencer's (ISO 639-1)."""
    parts = (
        follower_spike_part(snapshots),
        engagement_vs_tier_part(account),
        comment_like_part(account),
        following_ratio_part(account),
        audience_language_part(account, languages),
        authentic_engagement_part(account),
    )
    evaluated = sum(part.evaluated for part in parts)
    return AuthenticityReport(
        score=_bounded(100 + sum(part.points for part in parts)),
        confidence=confidence_from_coverage(evaluated, len(parts)),
        components=parts,
    )


def authenticity_score(
    account: Account,
    *,
    languages: Collection[str] = (),
    snapshots: Sequence[AccountSnapshot] = (),
) -> int | None:
    """`score_authenticity(...).score`, or None when no component had data, without building
    the explained components (the search index stores only the score, for every account)."""
    points = [p for p in (
        follower_spike_points(snapshots),
        engagement_vs_tier_points(account),
        comment_like_points(account),
        following_ratio_points(account),
        audience_language_points(account, languages),
        authentic_engagement_points(account),
    ) if p is not None]
    # Skipped components add 0.0 to the report's sum, which leaves every float sum as it was.
    return _bounded(100 + sum(points)) if points else None


def _bounded(total: float) -> int:
    return max(0, min(100, round(total)))
