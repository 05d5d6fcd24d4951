"""KPI formulas (DESIGN §7), pure: sums over a group of posts in, figures with their formulas out.

Every ratio names its numerator and denominator and is computed only over the posts that report
both: ER by reach sums the engagements of the posts that report reach, divided by their reach,
so a post without reach neither inflates nor deflates it. A figure whose denominator is zero or
unknown is null, never 0 or infinity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.tracking.domain.figures import ABSENT, ENGAGEMENT_ACTIONS, FIGURES

_ENGAGEMENT_INDEXES = tuple(FIGURES.index(a) for a in ENGAGEMENT_ACTIONS)
_EVERY_FIGURE = tuple(range(len(FIGURES)))  # shared by the posts reporting every figure
_REACH, _VIEWS, _IMPRESSIONS = FIGURES.index("reach"), FIGURES.index("views"), FIGURES.index("impressions")

FORMULAS: Mapping[str, tuple[str, str | None]] = {
    "engagements": ("likes + comments + shares + saves", None),
    "engagement_rate_by_followers": ("Σ engagements / Σ followers, over posts whose author's "
                                     "followers are known", "followers"),
    "engagement_rate_by_reach": ("Σ engagements / Σ reach, over posts that report reach", "reach"),
    "engagement_rate_by_views": ("Σ engagements / Σ views, over posts that report views", "views"),
    "cpm": ("cost / impressions × 1000 (a post reporting views but no impressions counts its views)",
            "impressions"),
    "cpe": ("cost / engagements", "engagements"),
    "cpc": ("cost / clicks", "clicks"),
    "cpa": ("cost / conversions", "conversions"),
    "conversion_rate": ("conversions / clicks", "clicks"),
    "roi": ("(attributed revenue − cost) / cost", "cost"),
    "roas": ("attributed revenue / cost", "cost"),
    "emv": ("Σ action count × value per action and platform (EMV table)", None),
}


@dataclass(frozen=True, slots=True)
class PostFigures:
    post_id: Any
    collaboration_id: Any
    platform: str
    followers: int | None
    figures: tuple[int, ...]  # latest, FIGURES order, ABSENT where never reported
    # Derived once from `figures`, so a post added to several groups is not re-read each time:
    reported: tuple[int, ...]  # indexes of the figures reported, FIGURES order
    engagements: int | None  # Σ engagement actions reported; None when the post reports none
    audience: int | None  # impressions, else views (None: neither, or the post has no engagements)

    @classmethod
    def of(cls, post_id: Any, collaboration_id: Any, platform: str, followers: int | None,
           figures: tuple[int, ...]) -> PostFigures:
        engaged = [figures[i] for i in _ENGAGEMENT_INDEXES if figures[i] != ABSENT]
        engagements = sum(engaged) if engaged else None
        seen = figures[_IMPRESSIONS] if figures[_IMPRESSIONS] != ABSENT else figures[_VIEWS]
        reported = _EVERY_FIGURE if ABSENT not in figures else tuple(
            i for i, value in enumerate(figures) if value != ABSENT)
        return cls(post_id, collaboration_id, platform, followers, figures, reported,
                   engagements, seen if engagements is not None and seen != ABSENT else None)


@dataclass
class Totals:
    """Sums over a group of posts, with the denominators each ratio needs."""

    posts: int = 0
    sums: dict[str, int] = field(default_factory=dict)  # figure → Σ over posts reporting it
    engagements: int | None = None
    with_followers: list[int] = field(default_factory=lambda: [0, 0])  # [Σ engagements, Σ followers]
    with_reach: list[int] = field(default_factory=lambda: [0, 0])
    with_views: list[int] = field(default_factory=lambda: [0, 0])
    audience: int | None = None  # impressions, or views where a post reports no impressions
    by_platform: dict[str, dict[str, int]] = field(default_factory=dict)  # for EMV

    def add(self, post: PostFigures) -> None:
        self.posts += 1
        sums = self.sums
        platform = self.by_platform.get(post.platform)
        if platform is None:
            platform = self.by_platform[post.platform] = {}
        figures = post.figures
        for i in post.reported:
            name, value = FIGURES[i], figures[i]
            sums[name] = sums.get(name, 0) + value
            platform[name] = platform.get(name, 0) + value
        engagements = post.engagements
        if engagements is None:
            return
        self.engagements = (self.engagements or 0) + engagements
        if post.followers:
            self.with_followers[0] += engagements
            self.with_followers[1] += post.followers
        if figures[_REACH] != ABSENT:
            self.with_reach[0] += engagements
            self.with_reach[1] += figures[_REACH]
        if figures[_VIEWS] != ABSENT:
            self.with_views[0] += engagements
            self.with_views[1] += figures[_VIEWS]
        if post.audience is not None:
            self.audience = (self.audience or 0) + post.audience

    def merge(self, other: Totals) -> None:
        """Adds another group's sums: the same as adding its posts one by one (integer sums)."""
        self.posts += other.posts
        _add_counts(self.sums, other.sums)
        for name, counts in other.by_platform.items():
            _add_counts(self.by_platform.setdefault(name, {}), counts)
        if other.engagements is not None:
            self.engagements = (self.engagements or 0) + other.engagements
        if other.audience is not None:
            self.audience = (self.audience or 0) + other.audience
        for mine, theirs in ((self.with_followers, other.with_followers), (self.with_reach, other.with_reach),
                             (self.with_views, other.with_views)):
            mine[0] += theirs[0]
            mine[1] += theirs[1]


def _add_counts(into: dict[str, int], counts: Mapping[str, int]) -> None:
    for name, value in counts.items():
        into[name] = into.get(name, 0) + value


def ratio(numerator: float | None, denominator: float | None, scale: float = 1.0) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator * scale


@dataclass(frozen=True)
class Outcomes:
    """What the group achieved beyond its posts' figures: tracked clicks (None: platform clicks
    stand in), conversions and attributed revenue (None: unknown)."""

    clicks: int | None = None
    conversions: int | None = None
    revenue_minor: int | None = None


def rates(group: Totals, outcomes: Outcomes, cost_minor: int | None) -> dict[str, float | None]:
    """Every DESIGN §7 ratio; money ratios are minor units of the campaign currency (CPM per 1000)."""
    clicks = outcomes.clicks if outcomes.clicks is not None else group.sums.get("clicks")
    revenue = outcomes.revenue_minor
    return {
        "engagement_rate_by_followers": ratio(*group.with_followers) if group.with_followers[1] else None,
        "engagement_rate_by_reach": ratio(*group.with_reach) if group.with_reach[1] else None,
        "engagement_rate_by_views": ratio(*group.with_views) if group.with_views[1] else None,
        "cpm": ratio(cost_minor, group.audience, 1000),
        "cpe": ratio(cost_minor, group.engagements),
        "cpc": ratio(cost_minor, clicks),
        "cpa": ratio(cost_minor, outcomes.conversions),
        "conversion_rate": ratio(outcomes.conversions, clicks),
        "roi": ratio(revenue - cost_minor, cost_minor) if revenue is not None and cost_minor else None,
        "roas": ratio(revenue, cost_minor),
    }
