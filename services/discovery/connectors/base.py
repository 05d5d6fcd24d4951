"""The connector interface and its errors: a fetch returns complete metrics or raises."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from services.discovery.domain.account import AccountStats, EngagementStats
from services.discovery.domain.platforms import Platform
from services.discovery.domain.snapshots import AccountSnapshot


class ConnectorError(Exception):
    """Base of every connector failure; nothing was fetched that callers may write."""


class ConnectorQuotaExceeded(ConnectorError):
    """The platform refused the call for quota or rate reasons; it takes calls again after
    `retry_after`."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ConnectorRateLimited(ConnectorQuotaExceeded):
    """Too many calls in a short window (per minute, per user): retry within seconds."""


class ConnectorNotFound(ConnectorError):
    """The platform has no account for the handle or id."""


class ConnectorUnavailable(ConnectorError):
    """The platform could not be reached (network error or timeout); safe to retry."""


class ConnectorBadResponse(ConnectorError):
    """The platform answered with something we cannot read (bad status, JSON or fields)."""


@dataclass(frozen=True, slots=True)
class AccountMetrics:
    platform: Platform
    handle: str
    external_id: str
    display_name: str | None
    url: str | None
    stats: AccountStats
    engagement: EngagementStats | None  # None when the account has no recent posts
    last_posted_at: datetime | None

    def snapshot(self) -> AccountSnapshot:
        engagement = self.engagement.engagements_per_post() if self.engagement else None
        return AccountSnapshot(
            observed_at=self.stats.provenance.observed_at,
            followers=self.stats.followers,
            following=self.stats.following,
            avg_engagements=engagement,
            source=self.stats.provenance.source,
        )


class PlatformConnector(Protocol):
    platform: Platform

    async def fetch_account(self, handle_or_id: str) -> AccountMetrics: ...
