"""Problem documents carry a problem type's extension members (RFC 9457 §3.2) beside the standard ones."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from shared.http.problems import PROBLEM_JSON, illegal_transition, install_problem_handlers


async def test_an_illegal_transition_lists_the_allowed_moves_as_extension_members() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things/1/transitions")
    async def move() -> None:
        raise illegal_transition("thing", "draft", "active", ["planned", "cancelled"])

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/things/1/transitions")
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["type"].endswith("/illegal-transition")
    assert body["allowed"] == ["planned", "cancelled"]
    assert (body["current"], body["requested"]) == ("draft", "active")
    assert "planned, cancelled" in body["detail"]
