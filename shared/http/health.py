"""`/healthz` (the process lives), `/readyz` (database and broker reachable), `/metrics`."""

from __future__ import annotations

import asyncio
import contextlib
import time

from aiokafka.admin import AIOKafkaAdminClient
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

router = APIRouter(tags=["operations"])

# Probes run every few seconds; a short cache keeps them from opening a broker connection each time.
_BROKER_CHECK_TTL_S = 5.0


@router.get("/healthz", summary="Liveness")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: database and broker reachable")
async def readyz(request: Request) -> JSONResponse:
    checks = {
        "database": await _database_ok(request),
        "broker": await _broker_ok(request),
    }
    ready = all(checks.values())
    body = {"status": "ready" if ready else "unavailable",
            "checks": {k: "ok" if v else "failing" for k, v in checks.items()}}
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry),
                    media_type=CONTENT_TYPE_LATEST)


async def _database_ok(request: Request) -> bool:
    try:
        async with request.app.state.engine.connect() as conn:
            await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=2)
        return True
    except Exception:
        return False


async def _broker_ok(request: Request) -> bool:
    state = request.app.state
    cached: tuple[float, bool] | None = getattr(state, "broker_check", None)
    if cached and time.monotonic() - cached[0] < _BROKER_CHECK_TTL_S:
        return cached[1]
    admin = AIOKafkaAdminClient(bootstrap_servers=state.settings.kafka_bootstrap_servers,
                                request_timeout_ms=2000)
    try:
        await asyncio.wait_for(admin.start(), timeout=3)
        ok = True
    except Exception:
        ok = False
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
    state.broker_check = (time.monotonic(), ok)
    return ok
