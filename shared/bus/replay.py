"""`icp dlq replay`: re-publish dead letters to their original topic once their cause is fixed."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.bus.dlq import header, original_headers
from shared.bus.kafka import make_producer, topic_name
from shared.settings import BaseServiceSettings

log = logging.getLogger(__name__)

# A consumer group join takes a few seconds on the embedded broker.
_ASSIGNMENT_TIMEOUT_S = 30.0


async def dlq_topics(settings: BaseServiceSettings) -> list[str]:
    prefix = topic_name(settings, f"dlq.{settings.service_name}.")
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        return sorted(t for t in await admin.list_topics() if t.startswith(prefix))
    finally:
        await admin.close()


async def replay(settings: BaseServiceSettings, topics: list[str] | None = None) -> int:
    """Re-publish every dead letter not replayed before; returns how many were re-published."""
    topics = topics or await dlq_topics(settings)
    if not topics:
        return 0
    group = topic_name(settings, f"dlq-replay.{settings.service_name}")
    consumer = AIOKafkaConsumer(
        *topics, bootstrap_servers=settings.kafka_bootstrap_servers, group_id=group,
        enable_auto_commit=False, auto_offset_reset="earliest",
    )
    producer = make_producer(settings)
    await consumer.start()
    await producer.start()
    try:
        return await _drain(consumer, producer)
    finally:
        await consumer.stop()
        await producer.stop()


async def _drain(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer) -> int:
    await _wait_for_assignment(consumer)
    end = await consumer.end_offsets(list(consumer.assignment()))
    replayed = 0
    while not await _caught_up(consumer, end):
        batch = await consumer.getmany(timeout_ms=500)
        for tp, records in batch.items():
            for record in records:
                target = header(list(record.headers), "x-dlq-original-topic")
                if target:
                    await producer.send_and_wait(
                        target, value=record.value, key=record.key,
                        headers=original_headers(list(record.headers)),
                    )
                    replayed += 1
                await consumer.commit({tp: record.offset + 1})
    return replayed


async def _caught_up(consumer: AIOKafkaConsumer, end: dict[TopicPartition, int]) -> bool:
    for tp, offset in end.items():
        if await consumer.position(tp) < offset:
            return False
    return True


async def _wait_for_assignment(consumer: AIOKafkaConsumer) -> None:
    deadline = asyncio.get_running_loop().time() + _ASSIGNMENT_TIMEOUT_S
    while not consumer.assignment():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("no DLQ partitions were assigned")
        await consumer.getmany(timeout_ms=200, max_records=1)
        # a record fetched while waiting is read again: positions are reset below
    for tp in consumer.assignment():
        committed = await consumer.committed(tp)
        if committed is not None:
            consumer.seek(tp, committed)
        else:
            await consumer.seek_to_beginning(tp)

