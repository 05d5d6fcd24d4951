from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class TrackingSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "tracking"
    http_port: int = 8003
