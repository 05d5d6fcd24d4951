"""Input PostgreSQL cannot store is the client's 422 problem, never a 500."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from discovery_integration_data import LENA

NUL = "\u0000"


async def test_text_with_a_nul_character_is_a_422_problem(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        shortlist = (await client.post("/v1/shortlists", json={
            "campaign_id": str(uuid.uuid4()), "name": "DACH"})).json()["id"]
        refused = [
            await client.post("/v1/shortlists", json={
                "campaign_id": str(uuid.uuid4()), "name": f"DACH{NUL}"}),
            await client.post(f"/v1/shortlists/{shortlist}/influencers",
                              json={"influencer_id": influencer, "note": f"a{NUL}b"}),
            await client.post("/v1/blocklist", json={"influencer_id": influencer,
                                                     "reason": f"a{NUL}b"}),
            await client.patch(f"/v1/influencers/{influencer}", json={"bio": f"a{NUL}b"}),
            await client.get(f"/v1/influencers/{influencer}/accounts/instagram/a%00b/snapshots"),
        ]
        entries = (await client.get(f"/v1/shortlists/{shortlist}/influencers")).json()["items"]
    for reply in refused:
        assert reply.status_code == 422, reply.text
        assert reply.headers["content-type"] == "application/problem+json"
        assert "U+0000" in reply.json()["detail"]
    assert entries == []
