"""The FastAPI application every service builds: problems, request ids, metrics, health, auth."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import TokenVerifier, signing_key_problem
from shared.heap import freeze_start_up_objects
from shared.http.health import router as health_router
from shared.http.idempotency import Idempotency, IdempotencyKeyHeader
from shared.http.metrics import HttpMetrics, install_metrics
from shared.http.problems import install_problem_handlers
from shared.http.rate_limit import RateLimits
from shared.http.request_id import install_request_id
from shared.http.tracing import install_tracing_middleware
from shared.runtime import ServiceRuntime


def build_app(
    runtime: ServiceRuntime, title: str, description: str, routers: Sequence[APIRouter],
    in_background: Callable[[], Coroutine[Any, Any, None]] | None = None,
) -> FastAPI:
    """`in_background` starts with the server and is cancelled when it stops; requests are
    served meanwhile."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        freeze_start_up_objects()
        app.state.background = asyncio.create_task(in_background()) if in_background else None
        yield
        if app.state.background is not None:
            app.state.background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await app.state.background
        await app.state.token_verifier.close()
        await runtime.close()

    if problem := signing_key_problem(runtime.settings):
        raise RuntimeError(f"{runtime.settings.service_name}: {problem}")
    app = FastAPI(title=title, description=description, version="1.0.0", lifespan=lifespan)
    app.state.settings = runtime.settings
    app.state.token_verifier = TokenVerifier(runtime.settings)
    app.state.rate_limits = RateLimits(
        runtime.settings.rate_limit_per_token_per_minute, runtime.settings.rate_limit_per_token_burst,
        runtime.settings.rate_limit_public_per_minute, runtime.settings.rate_limit_public_burst)
    app.state.runtime = runtime
    app.state.engine = runtime.engine
    app.state.metrics = HttpMetrics(runtime.settings.service_name)
    install_problem_handlers(app)
    install_metrics(app, app.state.metrics)
    install_request_id(app)
    install_tracing_middleware(app, runtime.settings.service_name)
    app.include_router(health_router)
    for router in routers:
        app.include_router(router)
    return app


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request, committed when the endpoint returns without error."""
    runtime: ServiceRuntime = request.app.state.runtime
    async with runtime.sessions() as session:
        yield session
        await session.commit()


# "function": commit before the response is sent (FastAPI's default runs this after), so a
# client acting on a 2xx finds the change, and a failed commit is a 500, not a lost 201.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]


async def _idempotency(
    request: Request, session: SessionDep, key: IdempotencyKeyHeader = None
) -> Idempotency:
    runtime: ServiceRuntime = request.app.state.runtime
    retention = timedelta(hours=runtime.settings.idempotency_retention_hours)
    return Idempotency(runtime.spine.idempotency_keys, session, request, key, retention)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]
