"""The broker is killed (the real Tansu process, SIGKILL) while visitors follow a link; redirects
keep answering, the clicks of the outage wait in the spool, a new broker comes up on the same
port, and in the end every click sent is recorded exactly once (S7).

The embedded broker keeps messages in memory only: what it had acknowledged but the worker had
not read yet would die with it, a loss a replicated Kafka cluster (acks=all) does not have. So
the visitors pause for the moment it takes the worker to read everything acknowledged so far,
the broker is killed, and they resume at once: every click from then on goes through the
redirect's spool and the restarted broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from tracking_links_fixtures import create_link, redirect_server, stored_clicks

from shared.devstack.broker import EmbeddedBroker
from shared.devstack.processes import free_port
from shared.testing import eventually

CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Safari/605.1.15")
VISITORS = 8
MAX_CLICKS = 5_000  # a bound on the load, whatever the timing


class Load:
    """Visitors following the link one request after another until stopped (or paused)."""

    def __init__(self, url: str, path: str) -> None:
        self.url, self.path = url, path
        self.click_ids: list[str] = []
        self.statuses: dict[int, int] = {}
        self.running = asyncio.Event()
        self.running.set()
        self.stopped = False
        self.full = asyncio.Event()
        self.in_flight = 0

    async def visitor(self) -> None:
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as client:
            while not self.stopped and len(self.click_ids) < MAX_CLICKS:
                await self.running.wait()
                self.in_flight += 1
                try:
                    response = await client.get(self.path, headers={"User-Agent": CHROME})
                finally:
                    self.in_flight -= 1
                self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
                if response.status_code == 302:
                    query = parse_qs(urlsplit(response.headers["location"]).query)
                    self.click_ids.append(query["icp_click_id"][0])
                    if len(self.click_ids) >= MAX_CLICKS:
                        self.full.set()

    async def for_(self, seconds: float) -> None:
        """Lets the load run this long (less if it reaches its bound)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.full.wait(), timeout=seconds)

    async def pause(self) -> None:
        self.running.clear()
        await eventually(lambda: self.in_flight == 0)


async def test_S7_a_broker_killed_under_load_loses_no_click_and_doubles_none(
    api: httpx.AsyncClient, make_settings: Callable[..., Any], running_worker: Callable[..., Any],
    tmp_path: Path, clean_db: str,
) -> None:
    link = await create_link(api)
    broker = EmbeddedBroker(free_port(), log_path=tmp_path / "broker.log")
    broker.start()
    restarted: EmbeddedBroker | None = None
    own = {"kafka_bootstrap_servers": broker.bootstrap_servers,
           "kafka_topic_prefix": f"k{uuid.uuid4().hex[:8]}.", "rate_limit_public_per_minute": 0}
    try:
        async with redirect_server(make_settings, tmp_path / "spool", click_send_timeout_s=0.5,
                                   click_spool_retry_s=0.2, **own) as live, \
                running_worker("tracking", **own):
            await eventually(lambda: live.serves(link["code"]))
            publisher = live.app.state.redirects.publisher
            load = Load(live.url, link["path"])
            visitors = [asyncio.create_task(load.visitor()) for _ in range(VISITORS)]
            try:
                await load.for_(2.0)
                await load.pause()
                await eventually(lambda: publisher.sent == len(load.click_ids))
                await eventually(lambda: _recorded(clean_db, link["id"], len(load.click_ids)), timeout=30)
                before_kill = len(load.click_ids)
                assert broker.pid is not None
                os.kill(broker.pid, signal.SIGKILL)  # no goodbye to anyone
                await asyncio.to_thread(broker.stop)  # reaps it
                load.running.set()
                await load.for_(3.0)  # the broker is gone: redirects answer, clicks spool
                restarted = EmbeddedBroker(broker.port, log_path=tmp_path / "broker-restarted.log")
                restarted.start()
                await load.for_(2.0)
            finally:
                load.stopped = True
                load.running.set()
                await asyncio.gather(*visitors)
            sent = len(load.click_ids)
            clicks = await eventually(lambda: _recorded(clean_db, link["id"], sent), timeout=60)
    finally:
        broker.stop()
        if restarted is not None:
            restarted.stop()
    assert set(load.statuses) == {302}, load.statuses  # every visitor was redirected, outage or not
    assert len(load.click_ids) > before_kill + VISITORS  # the load went on through the outage
    assert publisher.spooled > 0
    recorded = [c["click_id"].hex for c in clicks]
    assert len(recorded) == len(load.click_ids)  # once each: nothing lost, nothing doubled
    assert set(recorded) == {uuid.UUID(c).hex for c in load.click_ids}


async def _recorded(database_url: str, link_id: str, count: int) -> list[Any] | None:
    with contextlib.suppress(OSError):
        rows = await stored_clicks(database_url, link_id)
        return rows if len(rows) >= count else None
    return None
