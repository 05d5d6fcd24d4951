from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class DiscoverySettings(BaseServiceSettings):
    service_name: ClassVar[str] = "discovery"
    http_port: int = 8001
    # YouTube Data API v3 key (env DISCOVERY_YOUTUBE_API_KEY); refreshes answer 503 without it.
    youtube_api_key: str = ""
    connector_timeout_s: float = 10.0
