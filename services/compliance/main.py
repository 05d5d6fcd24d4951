"""The compliance service: disclosure rule sets, and checks of texts, drafts and posts."""

from __future__ import annotations

from fastapi import FastAPI

from services.compliance.check.endpoints import router as checks_router
from services.compliance.db import metadata, spine
from services.compliance.rule_catalog import load_for
from services.compliance.rules.endpoints import router as rules_router
from services.compliance.settings import ComplianceSettings
from shared.http.app import build_app
from shared.runtime import ServiceRuntime


def create_app(settings: ComplianceSettings | None = None) -> FastAPI:
    settings = settings or ComplianceSettings()
    catalog = load_for(settings)  # before anything else: a broken rule file stops start-up here
    runtime = ServiceRuntime.create(settings, metadata, spine)
    app = build_app(
        runtime,
        title="Compliance API",
        description="Whether sponsored content is disclosed the way each of its markets requires, "
        "and how to fix it: rule sets per jurisdiction, checks of texts, drafts and posts.",
        routers=[rules_router, checks_router],
    )
    app.state.rule_catalog = catalog
    return app
