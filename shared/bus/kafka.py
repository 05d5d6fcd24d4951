"""Producers and topic administration, configured once for every service."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.settings import BaseServiceSettings

log = logging.getLogger(__name__)


def topic_name(settings: BaseServiceSettings, logical: str) -> str:
    return f"{settings.kafka_topic_prefix}{logical}"


def make_producer(
    settings: BaseServiceSettings, request_timeout_ms: int | None = None
) -> AIOKafkaProducer:
    """`request_timeout_ms` overrides the settings' for a producer that must give up sooner
    (the redirect's clicks go to a disk spool instead)."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        acks="all",
        enable_idempotence=settings.kafka_enable_idempotence,
        request_timeout_ms=request_timeout_ms or settings.kafka_request_timeout_ms,
        linger_ms=2,
        client_id=f"icp-{settings.service_name}",
    )


async def ensure_topics(settings: BaseServiceSettings, topics: Iterable[str]) -> None:
    """Create missing topics; clusters that forbid auto-creation need this before first use.
    Skipped with KAFKA_CREATE_TOPICS=false: `icp topics ensure` (or Strimzi) provisioned them."""
    if not settings.kafka_create_topics:
        return
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"icp-{settings.service_name}-admin",
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(name, settings.kafka_topic_partitions, settings.kafka_replication_factor)
            for name in sorted(set(topics) - existing)
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                log.info("topics created concurrently by another instance")
    finally:
        await admin.close()
