"""The campaigns outbox relay and consumers (`icp worker campaigns`)."""

from __future__ import annotations

from services.campaigns.content import flows as content_flows
from services.campaigns.content.auto_approval import AutoApprover
from services.campaigns.db import spine
from services.campaigns.events.handlers import HANDLERS, preload
from services.campaigns.outreach.sweep import SendingSweep
from services.campaigns.settings import CampaignsSettings
from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.events.catalog import REGISTRY
from shared.runtime import ServiceRuntime
from shared.worker import Worker


def build_worker(runtime: ServiceRuntime) -> Worker:
    settings = runtime.settings
    assert isinstance(settings, CampaignsSettings)
    worker = Worker(
        relay=OutboxRelay(settings, runtime.engine, spine),
        consumers=[EventConsumer("campaigns", settings, runtime.sessions, spine.processed_events,
                                 REGISTRY, HANDLERS, preload=preload)],
        jobs=[AutoApprover(runtime.sessions, settings.auto_approval_poll_s),
              SendingSweep(runtime.sessions, settings.outreach_sending_stale_s,
                           settings.outreach_sweep_poll_s)],
    )
    worker.telemetry.registry.register(content_flows.SKIPPED)
    return worker
