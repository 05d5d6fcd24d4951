"""The compliance service (its domain routes arrive with its own issue)."""

from __future__ import annotations

from fastapi import FastAPI

from services.compliance.db import metadata, spine
from services.compliance.settings import ComplianceSettings
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: ComplianceSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime.create(settings or ComplianceSettings(), metadata, spine)
    return build_app(runtime, title="Compliance API", description="The compliance service.", routers=[])
