"""The tracking outbox relay and consumers (`icp worker tracking`)."""

from __future__ import annotations

from services.tracking.db import spine
from services.tracking.events.handlers import HANDLERS
from services.tracking.kpis.publisher import KpiPublisher
from services.tracking.metrics.announcer import MetricsAnnouncer
from services.tracking.metrics.partitions import PartitionKeeper
from services.tracking.settings import TrackingSettings
from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.events.catalog import REGISTRY
from shared.runtime import ServiceRuntime
from shared.worker import Worker


def build_worker(runtime: ServiceRuntime) -> Worker:
    settings = runtime.settings
    assert isinstance(settings, TrackingSettings)
    return Worker(
        relay=OutboxRelay(settings, runtime.engine, spine),
        consumers=[EventConsumer("tracking", settings, runtime.sessions, spine.processed_events,
                                 REGISTRY, HANDLERS)],
        jobs=[PartitionKeeper(runtime.engine, settings.metric_partitions_ahead,
                              settings.metric_partitions_check_s),
              MetricsAnnouncer(runtime.sessions, settings.metrics_announce_poll_s),
              KpiPublisher(runtime.sessions, settings.kpi_min_interval_s, settings.kpi_poll_s)],
    )
