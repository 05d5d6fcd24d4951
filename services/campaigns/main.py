"""The campaigns service: campaigns as plans (goals, budget, FX), and their collaborations."""

from __future__ import annotations

from fastapi import FastAPI

from services.campaigns.brief.endpoints import router as brief_router
from services.campaigns.budget.endpoints import router as budget_router
from services.campaigns.campaign.endpoints import router as campaigns_router
from services.campaigns.collaboration.endpoints import by_id as collaboration_router
from services.campaigns.collaboration.endpoints import router as collaborations_router
from services.campaigns.content.endpoints import deliverables as deliverable_drafts_router
from services.campaigns.content.endpoints import drafts as drafts_router
from services.campaigns.content.endpoints import policies as review_policy_router
from services.campaigns.contract.endpoints import router as contracts_router
from services.campaigns.db import metadata, spine
from services.campaigns.fx.endpoints import router as fx_router
from services.campaigns.goal.endpoints import router as goals_router
from services.campaigns.offer.endpoints import router as offers_router
from services.campaigns.outreach.endpoints import public as unsubscribe_router
from services.campaigns.outreach.endpoints import router as outreach_router
from services.campaigns.payment.endpoints import router as payments_router
from services.campaigns.programme.endpoints import router as programmes_router
from services.campaigns.relationship.endpoints import router as relationships_router
from services.campaigns.seeding.endpoints import router as seedings_router
from services.campaigns.settings import CampaignsSettings
from services.campaigns.template.endpoints import router as templates_router
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: CampaignsSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime.create(settings or CampaignsSettings(), metadata, spine)
    return build_app(
        runtime,
        title="Campaigns API",
        description="Campaigns as plans (goals, personas, markets, budget with FX, timeline, "
                    "lifecycle) and their collaborations with influencers.",
        routers=[
            campaigns_router,
            collaborations_router,
            collaboration_router,
            goals_router,
            budget_router,
            fx_router,
            brief_router,
            templates_router,
            outreach_router,
            unsubscribe_router,
            relationships_router,
            programmes_router,
            offers_router,
            contracts_router,
            payments_router,
            seedings_router,
            deliverable_drafts_router,
            drafts_router,
            review_policy_router,
        ],
    )
