from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class CampaignsSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "campaigns"
    http_port: int = 8002
    # How often the worker looks for drafts the brand left unanswered past their review policy.
    auto_approval_poll_s: float = 60.0
