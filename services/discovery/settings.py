from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class DiscoverySettings(BaseServiceSettings):
    service_name: ClassVar[str] = "discovery"
    http_port: int = 8001
