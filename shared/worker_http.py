"""A worker's own small HTTP server: `/metrics` (Prometheus) and `/healthz` (liveness).

It runs in the worker's event loop, so a loop blocked by CPU-bound work cannot answer either
(the probe times out); a loop that turns while the relay or a consumer hangs answers 503
from the heartbeats (`WorkerTelemetry.stalled`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Generator

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared.bus.telemetry import WorkerTelemetry
from shared.settings import BaseServiceSettings
from shared.worker import Worker

log = logging.getLogger(__name__)


class QuietSignalsServer(uvicorn.Server):
    """A server sharing its process: whoever runs the process, not the server, owns the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def worker_app(telemetry: WorkerTelemetry, stall_after_s: float) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        stalled = telemetry.stalled(stall_after_s)
        if stalled:
            return JSONResponse({"status": "stalled", "stalled": stalled}, status_code=503)
        return JSONResponse({"status": "ok"})

    async def metrics(request: Request) -> Response:
        await telemetry.refresh()
        return Response(generate_latest(telemetry.registry), media_type=CONTENT_TYPE_LATEST)

    return Starlette(routes=[Route("/healthz", healthz), Route("/metrics", metrics)])


async def run_worker(
    worker: Worker, settings: BaseServiceSettings, stop: asyncio.Event, host: str = "0.0.0.0"
) -> None:
    """The worker until `stop`, its HTTP server beside it (on WORKER_HTTP_PORT unless 0)."""
    if not settings.worker_http_port:
        await worker.run(stop)
        return
    app = worker_app(worker.telemetry, settings.worker_stall_after_s)
    server = QuietSignalsServer(uvicorn.Config(
        app, host=host, port=settings.worker_http_port, log_config=None, access_log=False,
        lifespan="off"))
    serving = asyncio.create_task(server.serve(), name="worker-http")
    try:
        await worker.run(stop)
    finally:
        server.should_exit = True
        await serving
