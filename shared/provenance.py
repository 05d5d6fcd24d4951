"""When a figure was observed and where it came from (DESIGN §7: every metric carries both).

Discovery's profile figures and tracking's post metrics are dated and sourced the same way.
"""

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator

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
