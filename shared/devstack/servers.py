"""Running the four services (API + worker each) in one event loop, stopped together."""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from shared.cli.registry import PORTS, WORKER_PORTS, service
from shared.db.migrate import SERVICES
from shared.worker_http import QuietSignalsServer, run_worker

log = logging.getLogger(__name__)


async def run_services(stop: asyncio.Event, host: str = "127.0.0.1") -> None:
    servers: list[QuietSignalsServer] = []
    tasks: list[asyncio.Task[None]] = []
    for name in SERVICES:
        entry = service(name)
        settings = entry.settings_cls()
        config = uvicorn.Config(entry.create_app(settings), host=host, port=PORTS[name],
                                log_config=None, access_log=False)
        server = QuietSignalsServer(config)
        servers.append(server)
        tasks.append(asyncio.create_task(server.serve(), name=f"{name}-api"))
        worker = entry.build_worker(entry.runtime(settings))
        worker_settings = settings.model_copy(update={"worker_http_port": WORKER_PORTS[name]})
        tasks.append(asyncio.create_task(run_worker(worker, worker_settings, stop, host),
                                         name=f"{name}-worker"))
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait([stopper, *tasks], return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    for running in servers:
        running.should_exit = True
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for task, result in zip(tasks, results, strict=True):
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            log.error("component failed", extra={"component": task.get_name(), "error": repr(result)})
    stopper.cancel()
