from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from shared.settings import BaseServiceSettings


class ComplianceSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "compliance"
    http_port: int = 8004
    # Rule-set files to load instead of the ones shipped in the package (one TOML per jurisdiction).
    rules_dir: Path | None = None
