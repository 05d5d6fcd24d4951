"""Follower growth over a window, from dated snapshots."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

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


def follower_growth(snapshots: Sequence[AccountSnapshot], window: timedelta) -> FollowerGrowth | None:
    """Growth over the `window` that ends at the latest snapshot: from the earliest snapshot
    inside it to the latest.

    Anchored at the data, not the clock: the search row stores this figure, so it must not
    drift from what the profile page and match compute later; and an imported history (a
    dataset a year old) still shows its growth. How old the latest observation is, the
    followers' freshness says. None when fewer than two snapshots fall inside the window:
    growth from a single point would be invented, not measured.
    """
    if not snapshots:
        return None
    ordered = sorted(snapshots, key=lambda s: s.observed_at)
    start_at = ordered[-1].observed_at - window
    inside = [s for s in ordered if s.observed_at >= start_at]
    if len(inside) < 2:
        return None
    first, last = inside[0], inside[-1]
    absolute = last.followers - first.followers
    relative = absolute / first.followers if first.followers else None
    return FollowerGrowth(first, last, absolute, relative)
