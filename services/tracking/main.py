"""The tracking service: posts, their metrics, campaign KPIs and what to change."""

from __future__ import annotations

from fastapi import FastAPI

from services.tracking.db import metadata, spine
from services.tracking.post.endpoints import router as posts_router
from services.tracking.settings import TrackingSettings
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: TrackingSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime.create(settings or TrackingSettings(), metadata, spine)
    return build_app(
        runtime,
        title="Tracking API",
        description="What a campaign achieves: published posts and their disclosure verdicts, "
        "their metrics over time, KPIs with their formulas, and what to change.",
        routers=[posts_router],
    )
