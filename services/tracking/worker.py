"""The tracking outbox relay (`icp worker tracking`)."""

from __future__ import annotations

from services.tracking.db import spine
from shared.bus.relay import OutboxRelay
from shared.runtime import ServiceRuntime
from shared.worker import Worker


def build_worker(runtime: ServiceRuntime) -> Worker:
    return Worker(relay=OutboxRelay(runtime.settings, runtime.engine, spine))
