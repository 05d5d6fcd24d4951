"""The discovery service: influencer profiles, search and shortlists."""

from __future__ import annotations

from fastapi import FastAPI

from services.discovery.blocklist.endpoints import router as blocklist_router
from services.discovery.db import metadata, spine
from services.discovery.influencer.endpoints import router as influencers_router
from services.discovery.lookalike.endpoints import router as lookalikes_router
from services.discovery.match.endpoints import router as match_router
from services.discovery.profile_import.endpoints import router as import_router
from services.discovery.search.endpoints import router as search_router
from services.discovery.search.index.registry import limit_accounts
from services.discovery.search.index.warm_up import warm_up
from services.discovery.settings import DiscoverySettings
from services.discovery.shortlist.endpoints import router as shortlists_router
from services.discovery.snapshot.endpoints import router as snapshots_router
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: DiscoverySettings | None = None) -> FastAPI:
    settings = settings or DiscoverySettings()
    runtime = ServiceRuntime.create(settings, metadata, spine)
    limit_accounts(runtime.engine, settings.search_index_max_accounts)

    async def warm_search_indexes() -> None:
        await warm_up(runtime.engine, settings.search_index_max_accounts)

    return build_app(
        runtime,
        title="Discovery API",
        description="Influencer profiles, audience data, search and shortlists.",
        routers=[import_router, search_router, influencers_router, snapshots_router, lookalikes_router,
                 match_router, shortlists_router, blocklist_router],
        in_background=warm_search_indexes if settings.search_index_warm_up else None,
    )
