"""The platform's topics, provisioned explicitly: partitions, replication and retention per topic.

Derived, never listed by hand: every topic of the event catalog, and a dead-letter topic for
each topic a service consumes. `icp topics ensure` creates what is missing (a Job, or by hand);
`icp topics manifests` writes the same plan as Strimzi KafkaTopics
(deploy/k8s/components/strimzi-topics). With every topic provisioned, production can set
`auto.create.topics.enable=false` and deny the services' users the CREATE ACL
(KAFKA_CREATE_TOPICS=false stops them from trying).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.bus.dlq import dlq_topic
from shared.events.registry import EventRegistry
from shared.settings import BaseServiceSettings

log = logging.getLogger(__name__)

HOUR_MS = 3_600_000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replicas: int
    retention_ms: int
    purpose: str

    def config(self) -> dict[str, str]:
        # acks=all then needs a majority of a 3-replica topic: one broker may be down.
        min_insync = max(1, min(2, self.replicas - 1))
        return {"retention.ms": str(self.retention_ms), "cleanup.policy": "delete",
                "min.insync.replicas": str(min_insync)}


def plan(settings: BaseServiceSettings, registry: EventRegistry,
         consumed: Mapping[str, Iterable[str]]) -> list[TopicSpec]:
    """`consumed`: service → the (unprefixed) topics its consumers read."""

    def spec(logical: str, retention_hours: float, purpose: str) -> TopicSpec:
        return TopicSpec(f"{settings.kafka_topic_prefix}{logical}", settings.kafka_topic_partitions,
                         settings.kafka_replication_factor, int(retention_hours * HOUR_MS), purpose)

    events = [spec(t, settings.kafka_event_retention_hours, "events") for t in registry.topics()]
    dead = sorted({dlq_topic(svc, t) for svc, topics in consumed.items() for t in topics})
    return events + [spec(t, settings.kafka_dlq_retention_hours, "dead letters") for t in dead]


async def ensure(settings: BaseServiceSettings, specs: list[TopicSpec], dry_run: bool = False
                 ) -> tuple[list[str], list[str]]:
    """Creates the missing topics; returns (created, problems with existing ones)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers,
                                client_id=f"icp-{settings.service_name or 'topics'}-admin")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        if missing and not dry_run:
            try:
                await admin.create_topics([
                    NewTopic(s.name, s.partitions, s.replicas, topic_configs=s.config()) for s in missing])
            except TopicAlreadyExistsError:
                log.info("topics created concurrently")
        problems = []
        present = [s for s in specs if s.name in existing]
        if present:
            for described in await admin.describe_topics([s.name for s in present]):
                wanted = next(s for s in present if s.name == described["topic"])
                if len(described["partitions"]) < wanted.partitions:
                    problems.append(f"{wanted.name}: {len(described['partitions'])} partitions, the plan "
                                    f"says {wanted.partitions} (add them: kafka-topics.sh --alter)")
        return [s.name for s in missing], problems
    finally:
        await admin.close()


def strimzi_manifests(specs: list[TopicSpec], cluster: str) -> list[dict[str, object]]:
    """KafkaTopic resources (kafka.strimzi.io/v1beta2) for Strimzi's Topic Operator."""
    return [{
        "apiVersion": "kafka.strimzi.io/v1beta2",
        "kind": "KafkaTopic",
        "metadata": {"name": s.name.replace("_", "-"), "labels": {"strimzi.io/cluster": cluster}},
        "spec": {"topicName": s.name, "partitions": s.partitions, "replicas": s.replicas,
                 "config": {k: (int(v) if v.isdigit() else v) for k, v in s.config().items()}},
    } for s in specs]
