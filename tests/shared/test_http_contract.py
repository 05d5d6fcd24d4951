"""Every route of every service: 401 without a valid token, 404 across tenants, 422 problems."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import jwt
import pytest
from starlette.types import Message, Receive, Scope, Send

from shared.auth import mint_token
from shared.cli.registry import service
from shared.db.migrate import SERVICES
from shared.settings import BaseServiceSettings

# Routes anyone may call, each on purpose: probes, tracking's link redirect (a visitor has no
# token), the signed order webhooks, and the unsubscribe link of campaigns' emails (a creator has
# no token; the link's signature names workspace and creator). Every other route must refuse a
# request without a valid token.
PUBLIC = {"/healthz", "/readyz", "/metrics", "/r/{code}", "/v1/webhooks/orders/{endpoint_id}",
          "/v1/webhooks/shopify/{endpoint_id}", "/v1/unsubscribe/{token}"}


def _routes(name: str) -> list[tuple[str, str]]:
    """Every documented operation: the OpenAPI document is what clients rely on."""
    paths = service(name).create_app(service(name).settings_cls()).openapi()["paths"]
    return [
        (method.upper(), path)
        for path, operations in paths.items()
        if path not in PUBLIC
        for method in sorted(operations)
    ]


ROUTES = [(name, method, path) for name in SERVICES for method, path in _routes(name)]


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


def _bad_tokens(workspace: uuid.UUID) -> dict[str, str]:
    settings = BaseServiceSettings()
    return {
        "missing": "",
        "expired": mint_token(settings, workspace, ["*"], ttl=timedelta(minutes=-2)),
        "forged": jwt.encode({"sub": "x", "workspace_id": str(workspace), "scope": "*",
                              "aud": "icp", "exp": 4102444800}, "not-our-secret-" * 4,
                             algorithm="HS256"),
        "garbage": "not.a.jwt",
    }


@pytest.mark.parametrize(("name", "method", "path"), ROUTES)
async def test_every_route_rejects_a_missing_expired_or_forged_token(
    name: str, method: str, path: str, client_for: Callable[..., Any], workspace: uuid.UUID,
) -> None:
    async with client_for(name) as client:
        for kind, token in _bad_tokens(workspace).items():
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = await client.request(method, _fill(path), headers=headers, json={})
            assert response.status_code == 401, (kind, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert response.headers["www-authenticate"] == "Bearer"


def test_the_contract_covers_the_routes_of_the_flow() -> None:
    paths = {(method, path) for _, method, path in ROUTES}
    assert ("POST", "/v1/shortlists/{shortlist_id}/influencers") in paths
    assert ("GET", "/v1/campaigns/{campaign_id}/collaborations") in paths


async def test_a_token_without_the_scope_is_forbidden(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("campaigns", token_for(workspace, ("campaigns:read",))) as client:
        assert (await client.get("/v1/campaigns")).status_code == 200
        refused = await client.post("/v1/campaigns", json={"name": "n", "brand": "b"})
    assert refused.status_code == 403
    assert refused.json()["title"] == "Forbidden"


async def _seed(client_for: Callable[..., Any], token: str) -> dict[str, Any]:
    async with client_for("campaigns", token) as campaigns, client_for("discovery", token) as disc:
        campaign = (await campaigns.post("/v1/campaigns", json={"name": "A", "brand": "B"})).json()
        influencer = (await disc.post("/v1/influencers", json={
            "display_name": "Ana", "accounts": [
                {"platform": "tiktok", "handle": "ana", "followers": 10}]})).json()
        shortlist = (await disc.post("/v1/shortlists", json={
            "campaign_id": campaign["id"], "name": "S"})).json()
        await disc.post(f"/v1/shortlists/{shortlist['id']}/influencers",
                        json={"influencer_id": influencer["id"]})
    return {"campaign_id": campaign["id"], "influencer_id": influencer["id"],
            "shortlist_id": shortlist["id"]}


async def test_other_workspaces_objects_are_not_found_and_not_listed(
    client_for: Callable[..., Any], token_for: Callable[..., str],
) -> None:
    owner, intruder = uuid.uuid4(), uuid.uuid4()
    ids = await _seed(client_for, token_for(owner))
    probes = [
        ("campaigns", "GET", "/v1/campaigns/{campaign_id}", None),
        ("campaigns", "GET", "/v1/campaigns/{campaign_id}/collaborations", None),
        ("discovery", "GET", "/v1/influencers/{influencer_id}", None),
        ("discovery", "GET", "/v1/shortlists/{shortlist_id}", None),
        ("discovery", "GET", "/v1/shortlists/{shortlist_id}/influencers", None),
        ("discovery", "POST", "/v1/shortlists/{shortlist_id}/influencers",
         {"influencer_id": ids["influencer_id"]}),
        ("discovery", "DELETE", "/v1/shortlists/{shortlist_id}/influencers/{influencer_id}", None),
    ]
    for name, method, path, body in probes:
        async with client_for(name, token_for(intruder)) as client:
            response = await client.request(method, path.format(**ids), json=body)
            assert response.status_code == 404, (path, response.text)
            assert response.json()["status"] == 404
    for name, path in [("campaigns", "/v1/campaigns"), ("discovery", "/v1/influencers"),
                       ("discovery", "/v1/shortlists")]:
        async with client_for(name, token_for(intruder)) as client:
            assert (await client.get(path)).json()["items"] == []


BAD_BODIES: list[tuple[str, str, Any]] = [
    ("campaigns", "/v1/campaigns", {"name": "", "brand": 7}),
    ("campaigns", "/v1/campaigns", {"name": "x"}),
    ("discovery", "/v1/influencers", {"display_name": "A", "accounts": [
        {"platform": "myspace", "handle": "a b", "followers": -1}]}),
    ("discovery", "/v1/influencers", {"display_name": "A", "accounts": []}),
    ("discovery", "/v1/shortlists", {"campaign_id": "not-a-uuid", "name": "S"}),
    ("discovery", "/v1/shortlists/{id}/influencers", {"influencer_id": 12}),
]


@pytest.mark.parametrize(("name", "path", "body"), BAD_BODIES)
async def test_a_malformed_body_is_a_422_problem_with_field_errors(
    name: str, path: str, body: Any, client_for: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for(name, token_for(workspace)) as client:
        response = await client.post(_fill(path), json=body)
        not_json = await client.post(_fill(path), content=b"{oops",
                                     headers={"content-type": "application/json"})
    for reply in (response, not_json):
        assert reply.status_code == 422, reply.text
        assert reply.headers["content-type"] == "application/problem+json"
        problem = reply.json()
        assert problem["title"] == "Request validation failed"
        assert problem["errors"] and all(e["field"] and e["message"] for e in problem["errors"])


async def test_invalid_query_parameters_are_422_and_bad_cursors_400(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as client:
        too_big = await client.get("/v1/campaigns", params={"limit": 500})
        bad_cursor = await client.get("/v1/campaigns", params={"cursor": "%%%"})
        bad_id = await client.get("/v1/campaigns/not-a-uuid")
    assert too_big.status_code == 422
    assert bad_cursor.status_code == 400
    assert bad_id.status_code == 422
    assert bad_id.json()["errors"][0]["field"] == "path.campaign_id"


async def test_lists_page_with_cursors_without_gaps_or_repeats(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as client:
        created = [(await client.post("/v1/campaigns", json={"name": f"c{i}", "brand": "b"}))
                   .json()["id"] for i in range(5)]
        seen: list[str] = []
        cursor: str | None = None
        pages = 0
        while True:
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/v1/campaigns", params=params)).json()
            seen += [item["id"] for item in page["items"]]
            pages += 1
            cursor = page["next_cursor"]
            if cursor is None:
                break
    assert seen == sorted(created)
    assert pages == 3


async def test_a_retried_create_with_the_same_idempotency_key_returns_the_first_result(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    body = {"name": "Launch", "brand": "Acme"}
    async with client_for("campaigns", token_for(workspace)) as client:
        first = await client.post("/v1/campaigns", json=body, headers={"Idempotency-Key": "k1"})
        retry = await client.post("/v1/campaigns", json=body, headers={"Idempotency-Key": "k1"})
        other = await client.post("/v1/campaigns", json={**body, "name": "Other"},
                                  headers={"Idempotency-Key": "k1"})
        listed = (await client.get("/v1/campaigns")).json()["items"]
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert retry.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422
    assert len(listed) == 1


async def test_an_idempotency_key_past_its_retention_is_a_new_request(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    clean_db: str,
) -> None:
    body = {"name": "Launch", "brand": "Acme"}
    async with client_for("campaigns", token_for(workspace)) as client:
        first = await client.post("/v1/campaigns", json=body, headers={"Idempotency-Key": "k2"})
        database = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
        try:  # the default retention is a day
            await database.execute("UPDATE campaigns.idempotency_keys"
                                   " SET created_at = now() - interval '25 hours' WHERE key = 'k2'")
        finally:
            await database.close()
        later = await client.post("/v1/campaigns", json={**body, "name": "Relaunch"},
                                  headers={"Idempotency-Key": "k2"})
        retry = await client.post("/v1/campaigns", json={**body, "name": "Relaunch"},
                                  headers={"Idempotency-Key": "k2"})
    assert first.status_code == later.status_code == retry.status_code == 201
    assert later.json()["id"] != first.json()["id"]
    assert retry.json()["id"] == later.json()["id"]


async def test_unknown_routes_and_methods_answer_problems(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        missing = await client.get("/v1/nothing-here")
        wrong_method = await client.put("/v1/influencers")
    assert missing.status_code == 404
    assert wrong_method.status_code == 405
    assert missing.headers["content-type"] == wrong_method.headers["content-type"] == (
        "application/problem+json")


async def test_a_write_is_committed_before_its_response_reaches_the_client(
    make_settings: Callable[..., BaseServiceSettings], token_for: Callable[..., str],
    workspace: uuid.UUID, database_url: str,
) -> None:
    """A client that reads right after a 201 must find what it created."""
    app = service("discovery").create_app(make_settings("discovery"))
    committed_when_sent: list[int] = []

    async def look_when_sent(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_then_look(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
                try:
                    committed_when_sent.append(
                        await conn.fetchval("SELECT count(*) FROM discovery.shortlists"))
                finally:
                    await conn.close()

        await app(scope, receive, send_then_look)

    transport = httpx.ASGITransport(app=look_when_sent)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        created = await client.post(
            "/v1/shortlists", json={"campaign_id": str(uuid.uuid4()), "name": "S"},
            headers={"Authorization": f"Bearer {token_for(workspace)}"})
    await app.state.runtime.close()
    assert created.status_code == 201, created.text
    assert committed_when_sent == [1]
