"""Which connector refreshes a platform's accounts, and what each connector failure answers."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import httpx
from fastapi import Request

from services.discovery.connectors.base import (
    ConnectorBadResponse,
    ConnectorError,
    ConnectorNotFound,
    ConnectorQuotaExceeded,
    ConnectorUnavailable,
    PlatformConnector,
)
from services.discovery.connectors.youtube import YouTubeConnector
from services.discovery.settings import DiscoverySettings
from shared.http.problems import ProblemError
from shared.vocabulary import Platform


async def platform_http_client(request: Request) -> AsyncIterator[httpx.AsyncClient]:
    """The HTTP client connectors call platforms with (tests swap in a mock transport)."""
    settings: DiscoverySettings = request.app.state.settings
    async with httpx.AsyncClient(timeout=settings.connector_timeout_s) as client:
        yield client


def connector_for(platform: Platform, settings: DiscoverySettings, client: httpx.AsyncClient
                  ) -> PlatformConnector:
    if platform is not Platform.YOUTUBE:
        raise ProblemError(422, "No connector for this platform",
                           f"metrics of {platform} accounts cannot be refreshed from the platform; "
                           "only youtube has a connector", "no-connector")
    if not settings.youtube_api_key:
        raise ProblemError(503, "Connector not configured",
                           "the YouTube connector needs an API key (DISCOVERY_YOUTUBE_API_KEY)",
                           "connector-not-configured")
    return YouTubeConnector(client, settings.youtube_api_key)


def connector_problem(error: ConnectorError) -> ProblemError:
    """Nothing was written when these are raised: the fetch completes before any write."""
    if isinstance(error, ConnectorQuotaExceeded):
        wait = math.ceil(error.retry_after.total_seconds())
        return ProblemError(503, "Platform quota exceeded", str(error), "connector-quota-exceeded",
                            headers={"Retry-After": str(wait)})
    if isinstance(error, ConnectorNotFound):
        return ProblemError(422, "Account not found on the platform", str(error), "connector-not-found")
    if isinstance(error, ConnectorUnavailable):
        return ProblemError(503, "Platform unreachable", str(error), "connector-unavailable")
    if isinstance(error, ConnectorBadResponse):
        return ProblemError(502, "Bad answer from the platform", str(error), "connector-bad-response")
    return ProblemError(502, "Connector failed", str(error), "connector-failed")
