"""KPI formulas (DESIGN §7), pure: sums over a group of posts in, figures with their formulas out.

Every ratio names its numerator and denominator and is computed only over the posts that report
both: ER by reach sums the engagements of the posts that report reach, divided by their reach,
so a post without reach neither inflates nor deflates it. A figure whose denominator is zero or
unknown is null, never 0 or infinity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.tracking.domain.figures import ABSENT, ENGAGEMENT_ACTIONS, FIGURES

_ENGAGEMENT_INDEXES = tuple(FIGURES.index(a) for a in ENGAGEMENT_ACTIONS)
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


@dataclass(frozen=True)
class PostFigures:
    post_id: Any
    collaboration_id: Any
    platform: str
    followers: int | None
    figures: tuple[int, ...]  # latest, FIGURES order, ABSENT where never reported


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
        figures = post.figures
        for name, value in zip(FIGURES, figures, strict=True):
            if value != ABSENT:
                self.sums[name] = self.sums.get(name, 0) + value
        engaged = [figures[i] for i in _ENGAGEMENT_INDEXES if figures[i] != ABSENT]
        platform = self.by_platform.setdefault(post.platform, {})
        for name, value in zip(FIGURES, figures, strict=True):
            if value != ABSENT:
                platform[name] = platform.get(name, 0) + value
        if not engaged:
            return
        engagements = sum(engaged)
        self.engagements = (self.engagements or 0) + engagements
        if post.followers:
            self.with_followers[0] += engagements
            self.with_followers[1] += post.followers
        for pair, index in ((self.with_reach, _REACH), (self.with_views, _VIEWS)):
            if figures[index] != ABSENT:
                pair[0] += engagements
                pair[1] += figures[index]
        seen = figures[_IMPRESSIONS] if figures[_IMPRESSIONS] != ABSENT else figures[_VIEWS]
        if seen != ABSENT:
            self.audience = (self.audience or 0) + seen


def totals(posts: Iterable[PostFigures]) -> Totals:
    group = Totals()
    for post in posts:
        group.add(post)
    return group


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
