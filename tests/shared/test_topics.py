"""Topics are provisioned explicitly, from the event catalog and what each service consumes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient

from shared.bus.topics import HOUR_MS, ensure, plan
from shared.cli.topics import STRIMZI_COMPONENT, consumed_topics, manifests_text
from shared.events.catalog import REGISTRY
from shared.settings import BaseServiceSettings

REPO = Path(__file__).resolve().parents[2]


async def test_the_plan_holds_every_event_topic_and_a_dead_letter_topic_per_consumed_topic() -> None:
    consumed = await consumed_topics()
    assert "discovery.shortlist" in consumed["campaigns"]  # campaigns follows shortlists
    settings = BaseServiceSettings(kafka_topic_partitions=6, kafka_replication_factor=3)
    specs = {s.name: s for s in plan(settings, REGISTRY, consumed)}
    assert set(REGISTRY.topics()) <= set(specs)
    for service, topics in consumed.items():
        assert {f"dlq.{service}.{t}" for t in topics} <= set(specs)
    events, dead = specs["tracking.post"], specs["dlq.campaigns.discovery.shortlist"]
    assert (events.partitions, events.replicas, events.retention_ms) == (6, 3, 168 * HOUR_MS)
    assert dead.retention_ms == 720 * HOUR_MS
    assert events.config()["min.insync.replicas"] == "2"


def test_the_strimzi_component_is_the_current_plan() -> None:
    committed = (REPO / STRIMZI_COMPONENT).read_text()
    assert committed == manifests_text(6, 3, "icp"), (
        f"{STRIMZI_COMPONENT} is stale: run `.venv/bin/icp topics manifests` and commit it")


async def test_ensure_creates_what_is_missing_once_with_its_partitions(
    make_settings: Callable[..., BaseServiceSettings], topic_prefix: str,
) -> None:
    settings = make_settings("campaigns", kafka_topic_partitions=2)
    specs = plan(settings, REGISTRY, {"campaigns": ["discovery.shortlist"]})
    missing, _ = await ensure(settings, specs, dry_run=True)
    assert sorted(missing) == sorted(s.name for s in specs)
    created, problems = await ensure(settings, specs)
    assert sorted(created) == sorted(missing) and problems == []
    again, _ = await ensure(settings, specs)
    assert again == []
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        described: list[Any] = await admin.describe_topics([f"{topic_prefix}tracking.post"])
    finally:
        await admin.close()
    assert len(described[0]["partitions"]) == 2
