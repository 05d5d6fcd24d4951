"""Follower growth over a window, from dated snapshots."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.discovery.domain.snapshots import AccountSnapshot


@dataclass(frozen=True, slots=True)
class FollowerGrowth:
    start: AccountSnapshot
    end: AccountSnapshot
    absolute: int
    relative: float | None  # None when the window starts at zero followers

    @property
    def days(self) -> float:
        return (self.end.observed_at - self.start.observed_at) / timedelta(days=1)


def follower_growth(
    snapshots: Sequence[AccountSnapshot], window: timedelta, now: datetime
) -> FollowerGrowth | None:
    """Growth from the earliest snapshot inside [now - window, now] to the latest one.

    None when fewer than two snapshots fall inside the window: growth from a single point
    would be invented, not measured.
    """
    start_at = now - window
    inside = sorted((s for s in snapshots if start_at <= s.observed_at <= now), key=lambda s: s.observed_at)
    if len(inside) < 2:
        return None
    first, last = inside[0], inside[-1]
    absolute = last.followers - first.followers
    relative = absolute / first.followers if first.followers else None
    return FollowerGrowth(first, last, absolute, relative)
