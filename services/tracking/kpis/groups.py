"""A campaign's figures gathered per group (post, influencer, platform, format, market or the
campaign as a whole): totals from each post's latest figures, daily running totals from the
daily increments, and the inputs beyond posts (tracked clicks, conversions, revenue, sentiment,
listening mentions). Pure: rows in, groups out."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import Any

from services.tracking.domain.figures import ENGAGEMENT_ACTIONS, FIGURES
from services.tracking.domain.kpi_math import PostFigures, Totals

Key = str | None


@dataclass
class Group:
    key: Key
    totals: Totals = field(default_factory=Totals)
    post_ids: list[uuid.UUID] = field(default_factory=list)
    collaborations: dict[uuid.UUID, int] = field(default_factory=dict)  # → its posts in the group
    outcomes: dict[str, float] = field(default_factory=dict)  # summed inputs (clicks, conversions…)
    mentions: dict[str, int] = field(default_factory=dict)  # listening source → count
    daily: dict[date, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))  # increments


def post_figures(row: Mapping[str, Any]) -> PostFigures:
    return PostFigures.of(row["id"], row["collaboration_id"], row["platform"], row["followers"],
                          tuple(row["figures"]))


def gather(
    posts: Sequence[Mapping[str, Any]], figures: Sequence[PostFigures], key_of: Any
) -> dict[Key, Group]:
    """`figures`: each post's, in the order of `posts`."""
    groups: dict[Key, Group] = {}
    for row, post in zip(posts, figures, strict=True):
        key = key_of(row)
        group = groups.get(key) or groups.setdefault(key, Group(key))
        group.totals.add(post)
        group.post_ids.append(row["id"])
        if (collaboration := post.collaboration_id) is not None:
            group.collaborations[collaboration] = group.collaborations.get(collaboration, 0) + 1
    return groups


def add_daily(groups: dict[Key, Group], rows: Iterable[Mapping[str, Any]]) -> None:
    """Daily figure increments per (group, day), summed in SQL."""
    for row in rows:
        day = _group(groups, row["key"]).daily[row["day"]]
        engaged = None
        for name in FIGURES:
            if row[name] is not None:
                day[name] = day.get(name, 0) + row[name]
                if name in ENGAGEMENT_ACTIONS:
                    engaged = (engaged or 0) + row[name]
        if engaged is not None:
            day["engagements"] = day.get("engagements", 0) + engaged


def add_posts_per_day(groups: dict[Key, Group], posts: Iterable[Mapping[str, Any]], key_of: Any) -> None:
    """Each post is a UGC piece of its UTC publication day (counted from the posts' rows)."""
    for row in posts:
        day = _group(groups, key_of(row)).daily[row["published_at"].astimezone(UTC).date()]
        day["ugc_pieces"] = day.get("ugc_pieces", 0) + 1


def add_input(groups: dict[Key, Group], rows: Iterable[Mapping[str, Any]], provides: Sequence[str],
              per_collaboration: dict[uuid.UUID, dict[str, float]]) -> None:
    for row in rows:
        group = _group(groups, row["key"])
        for metric in provides:
            value = row[metric]
            if value is None:
                continue
            value = float(value)
            group.outcomes[metric] = group.outcomes.get(metric, 0) + value
            day = group.daily[row["day"]]
            # Beside the platforms' reported clicks of the same day, not added to them.
            name = "clicks_tracked" if metric == "clicks" else metric
            day[name] = day.get(name, 0) + value
            if row["collaboration_id"] is not None:
                mine = per_collaboration.setdefault(row["collaboration_id"], {})
                mine[metric] = mine.get(metric, 0) + value


def add_mentions(groups: dict[Key, Group], rows: Iterable[Mapping[str, Any]]) -> None:
    for row in rows:
        group = _group(groups, row["key"])
        group.mentions[row["source"]] = group.mentions.get(row["source"], 0) + row["count"]
        day = group.daily[row["day"]]
        day["listening_mentions"] = day.get("listening_mentions", 0) + row["count"]


def _group(groups: dict[Key, Group], key: Key) -> Group:
    return groups.get(key) or groups.setdefault(key, Group(key))


def running_totals(daily: Mapping[date, Mapping[str, float]]) -> list[tuple[date, dict[str, float]]]:
    """Each day's totals so far (days without a change carry the day before)."""
    running: dict[str, float] = {}
    series = []
    for day in sorted(daily):
        for name, value in daily[day].items():
            running[name] = running.get(name, 0) + value
        series.append((day, dict(running)))
    return series
