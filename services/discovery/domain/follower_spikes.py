"""Sudden follower spikes in an account's snapshot history (robust z-score of daily growth).

Daily growth is relative (gained / followers before, per day), so accounts of any size compare.
The modified z-score uses median and MAD (Iglewicz & Hoaglin), which a single outlier cannot
drag along the way it drags a mean and standard deviation.
"""

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.discovery.domain.snapshots import AccountSnapshot

MODIFIED_Z_THRESHOLD = 3.5
# Below this relative daily growth a "spike" is noise in a very stable series, not a purchase.
MIN_SPIKE_DAILY_GROWTH = 0.005
MIN_INTERVALS = 6
# MAD → σ for normal data; the mean-absolute-deviation fallback uses √(π/2).
_MAD_SCALE = 0.6745
_MEAN_AD_SCALE = 0.7979


@dataclass(frozen=True, slots=True)
class Spike:
    at: datetime
    daily_growth: float
    z_score: float
    engagement_followed: bool  # engagement rose with followers: the mark of an organic spike


def _daily_growth(previous: AccountSnapshot, current: AccountSnapshot) -> float | None:
    days = (current.observed_at - previous.observed_at) / timedelta(days=1)
    if days <= 0 or previous.followers == 0:
        return None
    return (current.followers - previous.followers) / previous.followers / days


def _engagement_followed(previous: AccountSnapshot, current: AccountSnapshot) -> bool:
    before, after = previous.avg_engagements, current.avg_engagements
    if before is None or after is None or before == 0 or previous.followers == 0:
        return False
    follower_gain = current.followers / previous.followers - 1
    engagement_gain = after / before - 1
    return engagement_gain >= follower_gain / 2


def _robust_z(values: list[float]) -> list[float]:
    median = statistics.median(values)
    deviations = [abs(v - median) for v in values]
    mad = statistics.median(deviations)
    if mad > 0:
        return [_MAD_SCALE * (v - median) / mad for v in values]
    mean_ad = statistics.fmean(deviations)
    if mean_ad == 0:
        return [0.0 for _ in values]
    return [(v - median) / (mean_ad / _MEAN_AD_SCALE) for v in values]


def find_spikes(snapshots: Sequence[AccountSnapshot]) -> list[Spike] | None:
    """Spikes in the history, or None when it is too short to tell a spike from noise."""
    ordered = sorted(snapshots, key=lambda s: s.observed_at)
    pairs = [
        (prev, cur, growth)
        for prev, cur in itertools.pairwise(ordered)
        if (growth := _daily_growth(prev, cur)) is not None
    ]
    if len(pairs) < MIN_INTERVALS:
        return None
    scores = _robust_z([growth for _, _, growth in pairs])
    return [
        Spike(cur.observed_at, growth, z, _engagement_followed(prev, cur))
        for (prev, cur, growth), z in zip(pairs, scores, strict=True)
        if z > MODIFIED_Z_THRESHOLD and growth >= MIN_SPIKE_DAILY_GROWTH
    ]
