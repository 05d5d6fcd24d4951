"""Reading YouTube Data API v3 responses strictly: a missing field is an error, not a zero."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from services.discovery.connectors.base import (
    ConnectorBadResponse,
    ConnectorNotFound,
    ConnectorQuotaExceeded,
    ConnectorRateLimited,
)

# Reasons Google returns (with HTTP 403, or 429) when a quota is used up. YouTube's daily units
# (quotaExceeded) and the project's queries per day (dailyLimitExceeded) come back at midnight
# Pacific time; the queries per minute of the project (rateLimitExceeded) or of one user
# (userRateLimitExceeded) within the minute.
DAILY_QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
QUOTA_DAY = ZoneInfo("America/Los_Angeles")
# Per-minute limits free up gradually: retrying soon, and again on another refusal, gets through
# sooner than waiting out a whole window (Google advises backing off from about a second).
RATE_LIMIT_RETRY_AFTER = timedelta(seconds=5)


def until_quota_reset(now: datetime) -> timedelta:
    """From `now` (timezone-aware) to the next midnight Pacific time, when daily quotas reset."""
    today = now.astimezone(QUOTA_DAY).date()
    return datetime.combine(today + timedelta(days=1), time(), QUOTA_DAY) - now


def _error_reason(body: Any) -> tuple[str | None, str]:
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        return None, "no error details"
    error = body["error"]
    errors = error.get("errors") or [{}]
    reason = errors[0].get("reason") if isinstance(errors[0], dict) else None
    return reason, str(error.get("message", "no message"))


def json_body(response: httpx.Response, what: str, now: datetime) -> dict[str, Any]:
    """The decoded JSON object of a successful response; raises the typed error otherwise
    (a quota error says how long from `now` until the platform takes calls again)."""
    try:
        body = response.json()
    # Nesting deeper than the parser's recursion limit is no JSON we can read either.
    except (ValueError, RecursionError) as error:
        if response.status_code == 200:
            raise ConnectorBadResponse(f"{what}: response is not JSON ({error})") from error
        # Google's front ends answer some errors (a 429, a 502) with an HTML page: the status
        # still says what happened.
        body = None
    if response.status_code != 200:
        reason, message = _error_reason(body)
        if reason in DAILY_QUOTA_REASONS:
            raise ConnectorQuotaExceeded(f"{what}: YouTube quota exceeded ({reason}): {message}",
                                         until_quota_reset(now))
        if response.status_code == 429 or reason in RATE_LIMIT_REASONS:
            raise ConnectorRateLimited(f"{what}: YouTube rate limit reached ({reason}): {message}",
                                       RATE_LIMIT_RETRY_AFTER)
        if response.status_code == 404:
            raise ConnectorNotFound(f"{what}: not found ({reason}): {message}")
        raise ConnectorBadResponse(
            f"{what}: HTTP {response.status_code} ({reason or 'no reason'}): {message}"
        )
    if not isinstance(body, dict):
        raise ConnectorBadResponse(f"{what}: expected a JSON object")
    return body


def field(data: Any, path: str, what: str) -> Any:
    """data[a][b]… for path 'a.b…', or ConnectorBadResponse naming the missing field."""
    current = data
    for key in path.split("."):
        if not isinstance(current, dict) or key not in current:
            raise ConnectorBadResponse(f"{what}: field {path!r} missing from the response")
        current = current[key]
    return current


def items(body: dict[str, Any], what: str) -> list[dict[str, Any]]:
    """The response's `items`, absent when there are none."""
    value = body.get("items", [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConnectorBadResponse(f"{what}: field 'items' is not a list of objects")
    return value


def section(data: Any, path: str, what: str) -> dict[str, Any]:
    """An object field (`snippet`, `statistics`, `contentDetails`): null is as wrong as missing."""
    value = field(data, path, what)
    if not isinstance(value, dict):
        raise ConnectorBadResponse(f"{what}: field {path!r} is not an object: {value!r}")
    return value


def text(data: Any, path: str, what: str) -> str:
    """A string field (an id, a title): anything else is as wrong as missing."""
    value = field(data, path, what)
    if not isinstance(value, str):
        raise ConnectorBadResponse(f"{what}: field {path!r} is not text: {value!r}")
    return value


def optional_text(data: dict[str, Any], key: str, what: str) -> str | None:
    """A string field the API leaves out where it has no value (a channel's customUrl)."""
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ConnectorBadResponse(f"{what}: field {key!r} is not text: {value!r}")
    return value


def count(data: Any, path: str, what: str) -> int:
    """A count field (the API sends counts as decimal strings)."""
    value = field(data, path, what)
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise ConnectorBadResponse(f"{what}: field {path!r} is not a count: {value!r}") from error
    if number < 0:
        raise ConnectorBadResponse(f"{what}: field {path!r} is negative: {number}")
    return number


def timestamp(data: Any, path: str, what: str) -> datetime:
    value = field(data, path, what)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise ConnectorBadResponse(f"{what}: field {path!r} is not a timestamp") from error
    if parsed.tzinfo is None:
        raise ConnectorBadResponse(f"{what}: field {path!r} has no UTC offset")
    return parsed
