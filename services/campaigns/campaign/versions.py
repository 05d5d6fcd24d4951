"""Optimistic concurrency: a campaign's version is its ETag, and a write names the version it
read in If-Match (RFC 9110 §13.1.1)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from shared.http.problems import ProblemError

_TAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')


def etag(version: int) -> str:
    return f'"{version}"'


def require_match(if_match: str | None, version: int) -> None:
    """428 without If-Match, 412 when it names another version than the stored one."""
    if if_match is None:
        raise ProblemError(428, "Precondition required", "send If-Match with the ETag of the "
                           "campaign you read (GET /v1/campaigns/{id}), so that a change made "
                           "meanwhile is not overwritten", "precondition-required")
    if if_match.strip() == "*":
        return
    tags = [_TAG.match(part) for part in if_match.split(",")]
    if not any(tag and int(tag.group(1)) == version for tag in tags):
        raise ProblemError(412, "Precondition failed", f"the campaign changed since it was read: it "
                           f"is at version {version} ({etag(version)}); read it again and reapply "
                           "your change", "precondition-failed", headers={"ETag": etag(version)})


def next_updated_at(previous: datetime | None) -> datetime:
    """Now, or just after the previous change when the clock has not moved past it: consumers keep
    the newest event of a campaign by updated_at, so it must grow with every change."""
    now = datetime.now(UTC)
    if previous is not None and now <= previous:
        return previous + timedelta(microseconds=1)
    return now
