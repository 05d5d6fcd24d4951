from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from shared.settings import BaseServiceSettings


class DiscoverySettings(BaseServiceSettings):
    service_name: ClassVar[str] = "discovery"
    http_port: int = 8001
    # YouTube Data API v3 key (env DISCOVERY_YOUTUBE_API_KEY); refreshes answer 503 without it.
    youtube_api_key: str = ""
    connector_timeout_s: float = 10.0
    # Accounts the process keeps in search indexes, all workspaces together (about 1.5 GB per
    # million, twice that for the workspace being reloaded); beyond it the least recently
    # searched workspaces are dropped and read again when next searched.
    search_index_max_accounts: int = Field(default=1_000_000, ge=1)
    # Read the most recently written workspaces' indexes, within that budget, when the server
    # starts (in the background), rather than on each workspace's first search.
    search_index_warm_up: bool = True
