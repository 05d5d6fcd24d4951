"""The tracking service: posts and their disclosure verdicts, tracked links and their public
redirect, and (with their issues) metrics, KPIs, conversions and comment sentiment."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.routing import Mount

from services.tracking.allowed_domains.endpoints import router as allowed_domains_router
from services.tracking.attribution.endpoints import router as attribution_router
from services.tracking.comments.endpoints import router as comments_router
from services.tracking.conversions.endpoints import router as conversions_router
from services.tracking.db import metadata, spine
from services.tracking.emv.endpoints import router as emv_router
from services.tracking.kpis.endpoints import router as kpis_router
from services.tracking.links.endpoints import router as links_router
from services.tracking.mentions.endpoints import router as mentions_router
from services.tracking.metrics.endpoints import router as metrics_router
from services.tracking.post.endpoints import router as posts_router
from services.tracking.promo_codes.endpoints import router as promo_codes_router
from services.tracking.recommendations.endpoints import router as recommendations_router
from services.tracking.redirect.endpoints import RedirectApp, document
from services.tracking.redirect.service import Redirects
from services.tracking.report.endpoints import router as report_router
from services.tracking.settings import TrackingSettings
from services.tracking.webhooks import endpoints as webhooks
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: TrackingSettings | None = None) -> FastAPI:
    settings = settings or TrackingSettings()
    runtime = ServiceRuntime.create(settings, metadata, spine)
    redirects = Redirects(settings, runtime.engine)
    app = build_app(
        runtime, title="Tracking API",
        description="What a campaign achieves: published posts and their disclosure verdicts, "
        "tracked links with a public redirect, promo codes, orders attributed to creators (signed "
        "webhooks), and the figures of campaigns.",
        # The public webhooks first: a route is found by trying each in turn, and a shop's
        # deliveries are the most frequent requests routed here (redirects are mounted apart).
        routers=[webhooks.public_router, posts_router, metrics_router, mentions_router, kpis_router,
                 emv_router, allowed_domains_router, links_router, recommendations_router, report_router,
                 comments_router, promo_codes_router, conversions_router, attribution_router,
                 webhooks.router],
        in_background=redirects.run,
    )
    app.state.redirects = redirects
    # First among the routes: matching a path tries each route in turn, and the redirect is the
    # most frequent request. Behind the ~100 API routes, finding it cost a quarter of its CPU.
    app.router.routes.insert(0, Mount("/r", app=RedirectApp(redirects), name="redirect"))
    document(app)
    webhooks.document(app)
    return app
