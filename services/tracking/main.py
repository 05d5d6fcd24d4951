"""The tracking service (its domain routes arrive with its own issue)."""

from __future__ import annotations

from fastapi import FastAPI

from services.tracking.db import metadata, spine
from services.tracking.settings import TrackingSettings
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: TrackingSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime.create(settings or TrackingSettings(), metadata, spine)
    return build_app(runtime, title="Tracking API", description="The tracking service.", routers=[])
