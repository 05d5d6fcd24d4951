"""A creator's lifetime relationship with the brand, in figures; pure.

Performance sums each campaign post's newest figures (tracking's PostMetricsUpdated):
engagements = likes + comments + shares + saves; the engagement rate names its denominator
(reach), and is absent when no post reported reach. Ambassador periods are calendar months or
quarters in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

COUNTS = ("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks")
ENGAGEMENT = ("likes", "comments", "shares", "saves")


@dataclass
class Performance:
    posts: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    engagements: int = 0
    engagement_rate: float | None = None
    engagement_rate_denominator: str = "reach"
    by_platform: dict[str, dict[str, int]] = field(default_factory=dict)


def performance(posts: Iterable[tuple[str, Mapping[str, int]]]) -> Performance:
    """`posts`: (platform, newest figures) per post. A metric no post reported stays absent."""
    result = Performance()
    for platform, figures in posts:
        result.posts += 1
        mine = result.by_platform.setdefault(platform, {"posts": 0})
        mine["posts"] += 1
        for metric in COUNTS:
            if metric in figures:
                result.totals[metric] = result.totals.get(metric, 0) + figures[metric]
                mine[metric] = mine.get(metric, 0) + figures[metric]
    result.engagements = sum(result.totals.get(metric, 0) for metric in ENGAGEMENT)
    reach = result.totals.get("reach")
    if reach:
        result.engagement_rate = round(result.engagements / reach, 6)
    return result


def period_bounds(period: str, today: date) -> tuple[date, date]:
    """The calendar month or quarter holding `today`: [first day, first day of the next)."""
    months = 3 if period == "quarter" else 1
    first_month = (today.month - 1) // months * months + 1
    start = date(today.year, first_month, 1)
    end_month = first_month + months
    end = date(today.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return start, end
