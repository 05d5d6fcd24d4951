from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class CampaignsSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "campaigns"
    http_port: int = 8002
