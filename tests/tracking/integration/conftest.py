"""Fixtures of the tracking integration tests: the API as one tenant, and campaigns' events
applied to tracking's read models as its consumer applies them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from services.tracking.events.handlers import HANDLERS
from shared.cli.registry import service
from shared.events.base import Event
from shared.events.envelope import wrap
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings

Apply = Callable[..., Awaitable[None]]


@pytest.fixture
async def api(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("tracking", token_for(workspace)) as client:
        yield client


@pytest.fixture
async def tracking_runtime(
    make_settings: Callable[..., BaseServiceSettings],
) -> AsyncIterator[ServiceRuntime]:
    runtime = service("tracking").runtime(make_settings("tracking"))
    yield runtime
    await runtime.close()


@pytest.fixture
def apply(tracking_runtime: ServiceRuntime, workspace: uuid.UUID) -> Apply:
    """`await apply(event, ...)`: each event through tracking's handler, in its own transaction
    (workspace=None for reference exchange rates)."""

    async def _apply(*events: Event, workspace_id: uuid.UUID | None = workspace) -> None:
        for event in events:
            async with tracking_runtime.sessions() as session, session.begin():
                await HANDLERS[type(event)](session, wrap(event, workspace_id))

    return _apply
