"""Shared by the link tests: a tenant's API client, a live redirect server, a link ready to follow."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from fastapi import FastAPI

from shared.cli.registry import service
from shared.testing import eventually, live_server

DOMAIN = "glowskin.example"


@dataclass
class LiveRedirect:
    url: str
    app: FastAPI

    async def serves(self, code: str) -> bool:
        return code in self.app.state.redirects.cache.links


@contextlib.asynccontextmanager
async def redirect_server(make_settings: Callable[..., Any], spool: Path, **overrides: Any
                          ) -> AsyncIterator[LiveRedirect]:
    """The tracking app served by uvicorn (its lifespan loads the links and sends the clicks)."""
    app = service("tracking").create_app(make_settings("tracking", click_spool_dir=spool,
                                                       **overrides))
    async with live_server(app) as url:
        await eventually(app.state.redirects.cache.loaded.is_set)
        yield LiveRedirect(url, app)
    await app.state.runtime.close()


async def create_link(api: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    assert (await api.put(f"/v1/allowed-domains/{DOMAIN}")).status_code in (200, 201)
    body = {"campaign_id": str(uuid.uuid4()), "collaboration_id": str(uuid.uuid4()),
            "destination": f"https://{DOMAIN}/serum?variant=30ml", **fields}
    response = await api.post("/v1/links", json=body)
    assert response.status_code == 201, response.text
    link: dict[str, Any] = response.json()
    return link


async def stored_clicks(database_url: str, link_id: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return await conn.fetch("SELECT * FROM tracking.clicks WHERE link_id = $1 ORDER BY clicked_at",
                                uuid.UUID(link_id))
    finally:
        await conn.close()
