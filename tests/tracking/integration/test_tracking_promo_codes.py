"""Promo codes per collaboration: unique per workspace whatever the case, a validity window, an
optional usage cap, deactivation (S7)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx


def _code(**fields: Any) -> dict[str, Any]:
    return {"campaign_id": str(uuid.uuid4()), "collaboration_id": str(uuid.uuid4()), "code": "Ana15",
            **fields}


async def test_S7_a_promo_code_is_unique_in_the_workspace_whatever_its_case(
    api: httpx.AsyncClient, client_for: Callable[..., Any], token_for: Callable[..., str],
) -> None:
    created = await api.post("/v1/promo-codes", json=_code(max_uses=2))
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["code"], body["status"], body["uses"], body["max_uses"]) == ("Ana15", "active", 0, 2)
    taken = await api.post("/v1/promo-codes", json=_code(code="ANA15"))
    assert taken.status_code == 409
    assert taken.headers["content-type"] == "application/problem+json"
    assert "ANA15" in taken.json()["detail"]
    found = (await api.get("/v1/promo-codes", params={"code": "ana15"})).json()["items"]
    assert [c["id"] for c in found] == [body["id"]]
    async with client_for("tracking", token_for(uuid.uuid4())) as other:
        assert (await other.post("/v1/promo-codes", json=_code())).status_code == 201
        assert (await other.get(f"/v1/promo-codes/{body['id']}")).status_code == 404


async def test_a_promo_code_shows_its_window_and_can_be_deactivated(api: httpx.AsyncClient) -> None:
    now = datetime.now(UTC)
    later = await api.post("/v1/promo-codes", json=_code(
        code="SPRING-25", valid_from=(now + timedelta(days=1)).isoformat()))
    past = await api.post("/v1/promo-codes", json=_code(
        code="winter_24", valid_from=(now - timedelta(days=9)).isoformat(),
        valid_until=(now - timedelta(days=1)).isoformat()))
    assert (later.json()["status"], past.json()["status"]) == ("scheduled", "expired")
    code_id = later.json()["id"]
    for _ in range(2):
        stopped = await api.post(f"/v1/promo-codes/{code_id}/deactivate")
        assert stopped.status_code == 200
        assert stopped.json()["status"] == "deactivated" and stopped.json()["active"] is False
    assert (await api.get(f"/v1/promo-codes/{code_id}")).json()["deactivated_at"] is not None


async def test_bad_promo_codes_are_refused_with_the_field(api: httpx.AsyncClient) -> None:
    now = datetime.now(UTC)
    cases = {
        "body.code": _code(code="a b"),
        "body.max_uses": _code(max_uses=0),
        "body": _code(valid_from=now.isoformat(), valid_until=(now - timedelta(hours=1)).isoformat()),
        "body.valid_until": _code(valid_until=(now - timedelta(hours=1)).isoformat()),
    }
    for field, body in cases.items():
        response = await api.post("/v1/promo-codes", json=body)
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field
