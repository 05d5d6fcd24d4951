"""The compliance outbox relay and consumers (`icp worker compliance`)."""

from __future__ import annotations

from services.compliance.db import spine
from services.compliance.events.handlers import build_handlers, preload_campaigns
from services.compliance.rule_catalog import load_for
from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.events.catalog import REGISTRY
from shared.runtime import ServiceRuntime
from shared.worker import Worker


def build_worker(runtime: ServiceRuntime) -> Worker:
    settings = runtime.settings
    handlers = build_handlers(load_for(settings))
    return Worker(
        relay=OutboxRelay(settings, runtime.engine, spine),
        consumers=[EventConsumer("compliance", settings, runtime.sessions,
                                 spine.processed_events, REGISTRY, handlers,
                                 preload=preload_campaigns)],
    )
