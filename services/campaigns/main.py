"""The campaigns service: campaigns, and the collaborations that shortlisting starts."""

from __future__ import annotations

from fastapi import FastAPI

from services.campaigns.campaign.endpoints import router as campaigns_router
from services.campaigns.collaboration.endpoints import by_id as collaboration_router
from services.campaigns.collaboration.endpoints import router as collaborations_router
from services.campaigns.db import metadata, spine
from services.campaigns.settings import CampaignsSettings
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: CampaignsSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime.create(settings or CampaignsSettings(), metadata, spine)
    return build_app(
        runtime,
        title="Campaigns API",
        description="Campaigns and their collaborations with influencers.",
        routers=[
            campaigns_router,
            collaborations_router,
            collaboration_router,
        ],
    )
