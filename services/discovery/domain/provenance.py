"""Where a metric came from, when it was observed, and when it counts as stale.

Metrics observed together (an account's counts, its engagement averages, its audience
breakdown) share one `Provenance`; each such group is a `MetricKind` with its own maximum age.
"""

from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.provenance import AwareDatetime, MetricSource


class Provenance(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    observed_at: AwareDatetime
    source: MetricSource
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] | None = None

    @model_validator(mode="after")
    def _estimates_state_confidence(self) -> Self:
        if self.source is MetricSource.ESTIMATED and self.confidence is None:
            raise ValueError("confidence is required when source is 'estimated'")
        return self


class MetricKind(StrEnum):
    FOLLOWERS = "followers"
    ENGAGEMENT = "engagement"
    AUDIENCE = "audience"


# Maximum ages follow the refresh cadences peers document (peers.md §1.4 "Freshness"):
# Modash refreshes followers weekly, posts & ER twice a month, audience data monthly, and
# GRIN refreshes audience reports every 30 days. A figure older than the slowest serious
# peer's cadence is one a user would already consider out of date.
MAX_AGE: MappingProxyType[MetricKind, timedelta] = MappingProxyType(
    {
        MetricKind.FOLLOWERS: timedelta(days=7),
        MetricKind.ENGAGEMENT: timedelta(days=14),
        MetricKind.AUDIENCE: timedelta(days=30),
    }
)


def is_stale(observed_at: datetime, now: datetime, max_age: timedelta) -> bool:
    """True when the observation is older than `max_age` at `now`."""
    return now - observed_at > max_age


def is_kind_stale(provenance: Provenance, kind: MetricKind, now: datetime) -> bool:
    return is_stale(provenance.observed_at, now, MAX_AGE[kind])
