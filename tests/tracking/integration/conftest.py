"""Fixtures of the tracking integration tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest


@pytest.fixture
async def api(client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID
              ) -> AsyncIterator[httpx.AsyncClient]:
    """The tracking API as one tenant."""
    async with client_for("tracking", token_for(workspace)) as client:
        yield client
