"""The compliance outbox relay (`icp worker compliance`)."""

from __future__ import annotations

from services.compliance.db import spine
from shared.bus.relay import OutboxRelay
from shared.runtime import ServiceRuntime
from shared.worker import Worker


def build_worker(runtime: ServiceRuntime) -> Worker:
    return Worker(relay=OutboxRelay(runtime.settings, runtime.engine, spine.outbox))
