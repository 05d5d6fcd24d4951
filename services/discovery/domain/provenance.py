"""Where a metric came from, when it was observed, and when it counts as stale.

Metrics observed together (an account's counts, its engagement averages, its audience
breakdown) share one `Provenance`; each such group is a `MetricKind` with its own maximum age.
"""

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# Nothing measured here predates 1970: an earlier timestamp is an unset date. Go's zero time,
# 0001-01-01T00:00:00Z, would even be stored by asyncpg as -infinity and read back naive.
_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def _require_aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must carry a UTC offset (ISO 8601, e.g. 2024-05-01T12:00:00Z)")
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        # pydantic reports only ValueError as the field's error; anything else fails the caller.
        raise ValueError("timestamp is outside years 1-9999 once converted to UTC") from None
    if utc < _EARLIEST:
        raise ValueError("timestamp is before 1970: an unset date?")
    return utc


AwareDatetime = Annotated[datetime, AfterValidator(_require_aware_utc)]
# A figure is not observed after it reaches us: one dated later would read as fresh long after
# it went stale. A day's grace covers clocks and time zones set wrong.
AHEAD_GRACE = timedelta(days=1)


def ahead_of(observed_at: datetime, received_at: datetime) -> str | None:
    """Why `observed_at` cannot be when a figure received at `received_at` was observed."""
    if observed_at > received_at + AHEAD_GRACE:
        return f"timestamp is more than a day after it was received ({received_at.isoformat()})"
    return None


def _not_ahead(value: datetime) -> datetime:
    if (why := ahead_of(value, datetime.now(UTC))) is not None:
        raise ValueError(why)
    return value


# A timestamp given now (a request's figures): stored ones are read whatever they hold.
GivenDatetime = Annotated[AwareDatetime, AfterValidator(_not_ahead)]


class MetricSource(StrEnum):
    IMPORTED = "imported"
    CONNECTOR = "connector"
    SELF_REPORTED = "self_reported"
    ESTIMATED = "estimated"


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
