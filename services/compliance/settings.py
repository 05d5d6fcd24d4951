from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class ComplianceSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "compliance"
    http_port: int = 8004
