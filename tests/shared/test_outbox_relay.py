"""The outbox relay against the real database and broker: outages and crashes lose nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer
from sqlalchemy import func, insert, select, text, update

from services.campaigns.db import metadata, spine
from shared.bus.outbox import Outbox
from shared.bus.relay import OutboxRelay
from shared.db.staged import insert_staged
from shared.devstack.broker import EmbeddedBroker
from shared.devstack.processes import free_port
from shared.events.catalog.campaigns import CampaignCreated
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually

Settings = Callable[..., BaseServiceSettings]


def _campaign_event(campaign_id: uuid.UUID, n: int) -> CampaignCreated:
    return CampaignCreated(campaign_id=campaign_id, name=f"v{n}", brand="Acme",
                           created_at=datetime.now(UTC))


async def _write_events(runtime: ServiceRuntime, events: Sequence[CampaignCreated]) -> None:
    async with runtime.sessions() as session, session.begin():
        for event in events:
            Outbox(spine.outbox).add(session, event, uuid.uuid4())


async def _read_all(bootstrap: str, topic: str, expected: int) -> list[Any]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"reader-{uuid.uuid4().hex}")
    await consumer.start()
    records: list[Any] = []
    try:
        async def _enough() -> bool:
            batch = await consumer.getmany(timeout_ms=200)
            for part in batch.values():
                records.extend(part)
            return len(records) >= expected

        await eventually(_enough, timeout=60)
        await asyncio.sleep(0.3)
        records.extend(r for part in (await consumer.getmany(timeout_ms=300)).values() for r in part)
    finally:
        await consumer.stop()
    return records


def _names_per_key(records: list[Any]) -> dict[bytes, list[str]]:
    per_key: dict[bytes, list[str]] = defaultdict(list)
    for record in records:
        per_key[record.key].append(orjson.loads(record.value)["name"])
    return per_key


@dataclass
class _PrivateBroker:
    broker: EmbeddedBroker
    settings: BaseServiceSettings
    runtime: ServiceRuntime
    relay: asyncio.Task[None]


@asynccontextmanager
async def _relaying_to_a_private_broker(
    make_settings: Settings, tmp_path: Any, request_timeout_ms: int
) -> AsyncIterator[_PrivateBroker]:
    """A broker of the test's own (it gets paused) and a relay publishing to it, run until exit."""
    broker = EmbeddedBroker(free_port(), log_path=tmp_path / "broker.log")
    broker.start()
    try:
        settings = make_settings("campaigns", kafka_bootstrap_servers=broker.bootstrap_servers,
                                 kafka_request_timeout_ms=request_timeout_ms)
        runtime = ServiceRuntime.create(settings, metadata, spine)
        stop = asyncio.Event()
        task = asyncio.create_task(OutboxRelay(settings, runtime.engine, spine).run(stop))
        yield _PrivateBroker(broker, settings, runtime, task)
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
    finally:
        broker.stop()


async def test_events_written_while_broker_is_paused_are_all_delivered_in_key_order(
    make_settings: Settings, tmp_path: Any
) -> None:
    keys = [uuid.uuid4() for _ in range(3)]
    async with _relaying_to_a_private_broker(make_settings, tmp_path, 2000) as private:
        broker, runtime = private.broker, private.runtime
        await _write_events(runtime, [_campaign_event(keys[0], 0)])
        await eventually(lambda: _unsent(runtime, 0))

        assert broker.pid is not None
        os.kill(broker.pid, signal.SIGSTOP)
        await _write_events(runtime, [_campaign_event(k, n) for n in range(1, 11) for k in keys])
        await asyncio.sleep(3)  # the relay meets the outage: its sends time out, rows stay unsent
        assert await _unsent(runtime, None) > 0
        os.kill(broker.pid, signal.SIGCONT)

        await eventually(lambda: _unsent(runtime, 0), timeout=60)
        records = await _read_all(broker.bootstrap_servers,
                                  f"{private.settings.kafka_topic_prefix}campaigns.campaign", 31)
    per_key = _names_per_key(records)
    for i, key in enumerate(keys):
        delivered = per_key[str(key).encode()]
        first_seen = list(dict.fromkeys(delivered))  # a retried batch may repeat rows, never reorder
        assert first_seen == [f"v{n}" for n in range(0 if i == 0 else 1, 11)]


async def test_a_transaction_that_inserted_first_and_commits_last_is_not_overtaken(
    make_settings: Settings,
) -> None:
    """Two changes of one key: the first to write its event commits after the second. Its row
    has the lower `seq` but is invisible until then; published as they became visible, the
    second change's event went out first."""
    settings = make_settings("campaigns")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    relay = OutboxRelay(settings, runtime.engine, spine)
    key = uuid.uuid4()

    try:
        async with runtime.engine.connect() as conn:
            async def _publish_all() -> bool:
                await relay.publish_batch(conn)
                return bool(await _unsent(runtime, 0))

            async with runtime.sessions() as first, first.begin():
                Outbox(spine.outbox).add(first, _campaign_event(key, 1), uuid.uuid4())
                await insert_staged(first)  # its row (and seq) exist; the transaction goes on
                await _write_events(runtime, [_campaign_event(key, 2)])
                assert await relay.publish_batch(conn) == 0, "published ahead of an older transaction"
            await eventually(_publish_all)
        records = await _read_all(settings.kafka_bootstrap_servers,
                                  f"{settings.kafka_topic_prefix}campaigns.campaign", 2)
    finally:
        await relay._drop_producer()
        await runtime.close()
    assert _names_per_key(records)[str(key).encode()] == ["v1", "v2"]


async def _unsent(runtime: ServiceRuntime, expected: int | None) -> Any:
    async with runtime.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(spine.outbox).where(spine.outbox.c.sent_at.is_(None)))
    return count if expected is None else count == expected


async def test_commits_notifying_within_the_linger_are_published_as_one_batch(
    make_settings: Settings,
) -> None:
    """Each commit notifies the relay; under load they come a moment apart, and claimed as each
    woke it, every order's event cost its own claim, publish and mark."""
    settings = make_settings("campaigns", outbox_linger_s=0.5, outbox_poll_interval_s=30)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    stop = asyncio.Event()
    relay = asyncio.create_task(OutboxRelay(settings, runtime.engine, spine).run(stop))
    try:
        await _write_events(runtime, [_campaign_event(uuid.uuid4(), 0)])
        await eventually(lambda: _unsent(runtime, 0))  # leading, and idle again
        keys = [uuid.uuid4() for _ in range(5)]
        for n, key in enumerate(keys):
            await _write_events(runtime, [_campaign_event(key, n)])
            await asyncio.sleep(0.02)
        await eventually(lambda: _unsent(runtime, 0))
        async with runtime.sessions() as session:
            marked = (await session.scalars(select(spine.outbox.c.sent_at).where(
                spine.outbox.c.key.in_([str(k) for k in keys])))).all()
    finally:
        stop.set()
        await asyncio.wait_for(relay, timeout=30)
        await runtime.close()
    assert len(marked) == 5
    assert len(set(marked)) == 1, "each commit was claimed and marked on its own"


class _CrashAfterPublish(OutboxRelay):
    """Dies after the broker acknowledged, before the rows are marked sent."""

    async def _publish(self, producer: Any, rows: Sequence[Any]) -> list[Any]:
        await super()._publish(producer, rows)
        raise SystemExit("relay killed between publish and mark-sent")


async def test_relay_killed_before_mark_sent_redelivers_and_consumer_applies_once(
    make_settings: Settings, client_for: Callable[..., Any], token_for: Callable[..., str],
    running_worker: Callable[..., Any], workspace: uuid.UUID,
) -> None:
    from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot

    async with client_for("campaigns", token_for(workspace)) as campaigns:
        campaign = (await campaigns.post("/v1/campaigns", json={"name": "C", "brand": "B"})).json()
        settings = make_settings("discovery")
        from services.discovery.db import metadata as d_meta
        from services.discovery.db import spine as d_spine

        runtime = ServiceRuntime.create(settings, d_meta, d_spine)
        async with runtime.sessions() as session, session.begin():
            Outbox(d_spine.outbox).add(session, InfluencerShortlisted(
                shortlist_id=uuid.uuid4(), campaign_id=uuid.UUID(campaign["id"]),
                influencer_id=uuid.uuid4(), snapshot=InfluencerSnapshot(display_name="Ana"),
                shortlisted_at=datetime.now(UTC)), workspace)
        crashing = _CrashAfterPublish(settings, runtime.engine, d_spine)
        async with runtime.engine.connect() as conn:
            async def _crashed() -> bool:
                # Rows wait for older transactions to settle, on the whole (shared) cluster.
                try:
                    await crashing.publish_batch(conn)
                except SystemExit:
                    return True
                return False

            await eventually(_crashed)
        await crashing._drop_producer()
        async with runtime.sessions() as session:
            unsent = await session.scalar(select(func.count()).select_from(d_spine.outbox)
                                          .where(d_spine.outbox.c.sent_at.is_(None)))
        assert unsent == 1

        async with running_worker("campaigns") as campaigns_worker, running_worker("discovery"):
            await eventually(lambda: _unsent(runtime, 0))
            await eventually(campaigns_worker.consumers[0].caught_up)
            records = await _read_all(settings.kafka_bootstrap_servers,
                                      f"{settings.kafka_topic_prefix}discovery.shortlist", 2)
            assert len(records) == 2
            assert len({dict(r.headers)["ce_id"] for r in records}) == 1
            listed = (await campaigns.get(f"/v1/campaigns/{campaign['id']}/collaborations")).json()
            assert len(listed["items"]) == 1
        await runtime.close()


async def test_sent_rows_and_idempotency_keys_older_than_their_retention_are_pruned(
    make_settings: Settings,
) -> None:
    settings = make_settings("campaigns", outbox_retention_hours=1)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    await _write_events(runtime, [_campaign_event(uuid.uuid4(), n) for n in range(3)])
    async with runtime.sessions() as session, session.begin():
        rows = (await session.execute(select(spine.outbox.c.seq).order_by(spine.outbox.c.seq))).all()
        old, recent, unsent = (r.seq for r in rows)
        now = datetime.now(UTC)
        await session.execute(update(spine.outbox).where(spine.outbox.c.seq == old)
                              .values(sent_at=now - timedelta(hours=2)))
        await session.execute(update(spine.outbox).where(spine.outbox.c.seq == recent)
                              .values(sent_at=now - timedelta(minutes=5)))
        keys = spine.idempotency_keys
        await session.execute(insert(keys), [
            {"workspace_id": uuid.uuid4(), "key": key, "request_fingerprint": "f", "status_code": 201,
             "response_body": "{}", "created_at": now - age}
            for key, age in (("expired", timedelta(hours=25)), ("kept", timedelta(hours=23)))])
    pruned = await OutboxRelay(settings, runtime.engine, spine).prune()
    async with runtime.sessions() as session:
        left = (await session.scalars(select(spine.outbox.c.seq).order_by(spine.outbox.c.seq))).all()
        kept = (await session.scalars(select(keys.c.key))).all()
    await runtime.close()
    assert pruned == 2
    assert list(left) == [recent, unsent]
    assert list(kept) == ["kept"]


async def test_events_of_a_rolled_back_transaction_never_reach_the_outbox(
    make_settings: Settings,
) -> None:
    runtime = ServiceRuntime.create(make_settings("campaigns"), metadata, spine)
    with pytest.raises(RuntimeError):
        async with runtime.sessions() as session, session.begin():
            Outbox(spine.outbox).add_all(session, [_campaign_event(uuid.uuid4(), 1)], uuid.uuid4())
            raise RuntimeError("the state change failed")
    await _write_events(runtime, [_campaign_event(uuid.uuid4(), n) for n in range(3)])
    async with runtime.sessions() as session:
        names = (await session.scalars(select(spine.outbox.c.payload)
                                       .order_by(spine.outbox.c.seq))).all()
    await runtime.close()
    assert [orjson.loads(p)["name"] for p in names] == ["v0", "v1", "v2"]


async def _terminate(runtime: ServiceRuntime, where: str) -> int:
    """Kills this database's server sessions matching `where` (as a failover or restart would)."""
    async with runtime.engine.connect() as conn:
        killed = await conn.scalar(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            f"WHERE datname = current_database() AND pid <> pg_backend_pid() AND ({where})"))
        await conn.commit()
    return int(killed or 0)


_ADVISORY_HOLDER = "pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)"


class _Counting(OutboxRelay):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published = 0

    async def publish_batch(self, leader_conn: Any) -> int:
        count = await super().publish_batch(leader_conn)
        self.published += count
        return count


async def test_after_the_leaders_lock_session_dies_only_one_relay_publishes(
    make_settings: Settings,
) -> None:
    """Two publishers at once reorder a key's events: the lock is what keeps them one."""
    settings = make_settings("campaigns")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    relays = [_Counting(settings, runtime.engine, spine) for _ in range(2)]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(relays[0].run(stop))]
    try:
        await _write_events(runtime, [_campaign_event(uuid.uuid4(), 0)])
        await eventually(lambda: relays[0].published == 1)
        tasks.append(asyncio.create_task(relays[1].run(stop)))
        await asyncio.sleep(0.5)  # the second relay found the lock taken and waits
        killed = await _terminate(runtime, _ADVISORY_HOLDER)
        assert killed == 1
        await asyncio.sleep(1.5)  # the waiting relay has tried the free lock again
        await eventually(lambda: _advisory_holders(runtime, 1), timeout=10)
        before = [relay.published for relay in relays]
        for n in range(1, 41):
            await _write_events(runtime, [_campaign_event(uuid.uuid4(), n)])
        await eventually(lambda: _unsent(runtime, 0))
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        await runtime.close()
    assert sorted(relay.published - b for relay, b in zip(relays, before, strict=True)) == [0, 40]


class _HeldMidBatch(OutboxRelay):
    """Stops between claiming a batch and publishing it until the test releases it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.claimed, self.release = asyncio.Event(), asyncio.Event()

    async def _publish(self, producer: Any, rows: Sequence[Any]) -> list[Any]:
        self.claimed.set()
        await self.release.wait()
        return await super()._publish(producer, rows)


async def test_a_leader_whose_lock_session_dies_mid_batch_is_not_overtaken_by_the_next(
    make_settings: Settings,
) -> None:
    """The old leader still publishes the batch it claimed while a new one leads: the new leader
    must publish that batch again before anything newer, or a key's events go out reordered."""
    settings = make_settings("campaigns", outbox_batch_size=1)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    old, new = _HeldMidBatch(settings, runtime.engine, spine), OutboxRelay(settings, runtime.engine, spine)
    key, stop = uuid.uuid4(), asyncio.Event()
    await _write_events(runtime, [_campaign_event(key, 1), _campaign_event(key, 2)])
    tasks = [asyncio.create_task(old.run(stop))]
    try:
        await old.claimed.wait()  # its batch: v1
        assert await _terminate(runtime, _ADVISORY_HOLDER) == 1
        tasks.append(asyncio.create_task(new.run(stop)))
        await eventually(lambda: _sent(runtime, "v2"))
        old.release.set()
        await eventually(lambda: _unsent(runtime, 0))
        records = await _read_all(settings.kafka_bootstrap_servers,
                                  f"{settings.kafka_topic_prefix}campaigns.campaign", 2)
    finally:
        old.release.set()
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        await runtime.close()
    first_seen = list(dict.fromkeys(_names_per_key(records)[str(key).encode()]))
    assert first_seen == ["v1", "v2"]


async def _sent(runtime: ServiceRuntime, name: str) -> bool:
    async with runtime.sessions() as session:
        payloads = (await session.scalars(select(spine.outbox.c.payload)
                                          .where(spine.outbox.c.sent_at.is_not(None)))).all()
    return any(orjson.loads(p)["name"] == name for p in payloads)


async def _advisory_holders(runtime: ServiceRuntime, expected: int) -> bool:
    async with runtime.engine.connect() as conn:
        held = await conn.scalar(text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
    return held == expected


async def test_the_database_connection_lost_mid_batch_is_waited_out_and_nothing_is_lost(
    make_settings: Settings, tmp_path: Any
) -> None:
    async with _relaying_to_a_private_broker(make_settings, tmp_path, 5000) as private:
        broker, runtime = private.broker, private.runtime
        await _write_events(runtime, [_campaign_event(uuid.uuid4(), 0)])
        await eventually(lambda: _unsent(runtime, 0))
        assert broker.pid is not None
        os.kill(broker.pid, signal.SIGSTOP)  # holds the relay inside its batch's transaction
        await _write_events(runtime, [_campaign_event(uuid.uuid4(), 1)])
        await asyncio.sleep(1)
        assert await _terminate(runtime, "state = 'idle in transaction'") == 1
        os.kill(broker.pid, signal.SIGCONT)
        await asyncio.sleep(1)
        assert not private.relay.done(), "a database outage must not end the relay"
        await eventually(lambda: _unsent(runtime, 0), timeout=30)
        records = await _read_all(broker.bootstrap_servers,
                                  f"{private.settings.kafka_topic_prefix}campaigns.campaign", 2)
    assert {orjson.loads(r.value)["name"] for r in records} == {"v0", "v1"}
