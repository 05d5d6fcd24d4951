"""Moving collaborations through the pipeline over HTTP: legal moves, refusals, events, the list."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
from pipeline_helpers import AddCreator, Events


async def _move(api: httpx.AsyncClient, collaboration: dict[str, Any], to: str,
                reason: str | None = None) -> httpx.Response:
    body = {"to": to, **({"reason": reason} if reason else {})}
    return await api.post(f"/v1/collaborations/{collaboration['id']}/transitions", json=body)


async def test_an_illegal_move_is_a_409_listing_the_allowed_moves(
    api: httpx.AsyncClient, add_creator: AddCreator, outbox_events: Events,
) -> None:
    """S4: an illegal move is refused, and says which moves are allowed from where it is."""
    maya = await add_creator()
    refused = await _move(api, maya, "approved")
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["type"].endswith("/illegal-transition")
    assert (problem["current"], problem["requested"]) == ("shortlisted", "approved")
    assert problem["allowed"] == ["contacted", "declined", "cancelled"]
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "shortlisted"
    assert await outbox_events("collaboration.stage_changed") == []


async def test_each_move_is_kept_and_emits_stage_changed(
    api: httpx.AsyncClient, add_creator: AddCreator, outbox_events: Events,
) -> None:
    maya = await add_creator()
    assert (await _move(api, maya, "contacted")).json()["stage"] == "contacted"
    assert (await _move(api, maya, "negotiating", "asked for rates")).status_code == 200
    history = (await api.get(f"/v1/collaborations/{maya['id']}/transitions")).json()["items"]
    assert [(h["previous_stage"], h["stage"], h["reason"]) for h in history] == [
        ("shortlisted", "contacted", None), ("contacted", "negotiating", "asked for rates")]
    assert all(h["actor"] for h in history)
    events = await outbox_events("collaboration.stage_changed")
    assert [(e["previous_stage"], e["stage"]) for _, e in events] == [
        ("shortlisted", "contacted"), ("contacted", "negotiating")]
    assert events[1][1]["reason"] == "asked for rates"


async def test_declining_ends_the_collaboration_for_discovery_with_the_brand(
    api: httpx.AsyncClient, add_creator: AddCreator, outbox_events: Events,
) -> None:
    maya = await add_creator()
    await _move(api, maya, "contacted")
    assert (await _move(api, maya, "declined", "fully booked")).status_code == 200
    (ended,) = await outbox_events("collaboration.ended")
    assert ended[1]["outcome"] == "declined"
    assert ended[1]["brand"] == "DashEats"
    assert ended[1]["influencer_id"] == maya["influencer_id"]
    again = await _move(api, maya, "cancelled")
    assert again.status_code == 409
    assert again.json()["allowed"] == []
    assert len(await outbox_events("collaboration.ended")) == 1


async def test_stages_that_follow_from_their_own_step_are_refused_by_hand(
    api: httpx.AsyncClient, add_creator: AddCreator,
) -> None:
    maya = await add_creator()
    await _move(api, maya, "contacted")
    await _move(api, maya, "negotiating")
    refused = await _move(api, maya, "contracted")
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/stage-needs-its-step")
    assert "sign" in refused.json()["detail"]


async def test_unknown_collaborations_and_stages_are_problems(
    api: httpx.AsyncClient, add_creator: AddCreator,
) -> None:
    missing = await api.post(f"/v1/collaborations/{uuid.uuid4()}/transitions", json={"to": "contacted"})
    assert missing.status_code == 404
    maya = await add_creator()
    bad = await _move(api, maya, "on_hold")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.to"
    twice = await api.post(f"/v1/campaigns/{maya['campaign_id']}/collaborations", json={
        "influencer_id": maya["influencer_id"], "display_name": "Maya again"})
    assert twice.status_code == 409


async def test_the_pipeline_lists_a_stage_by_due_date_undated_last_page_by_page(
    api: httpx.AsyncClient, add_creator: AddCreator, campaign: dict[str, Any],
) -> None:
    due = ["2027-05-03T10:00:00Z", None, "2027-05-01T10:00:00Z", "2027-05-02T10:00:00+02:00", None]
    made = [await add_creator(f"Creator {i}", due_at=d) for i, d in enumerate(due)]
    await _move(api, made[4], "contacted")
    url = f"/v1/campaigns/{campaign['id']}/collaborations"
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"stage": "shortlisted", "limit": 2,
                                  **({"cursor": cursor} if cursor else {})}
        page = (await api.get(url, params=params)).json()
        seen += [item["influencer_snapshot"]["display_name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["Creator 2", "Creator 3", "Creator 0", "Creator 1"]
    both = (await api.get(url, params=[("stage", "contacted"), ("stage", "shortlisted")])).json()
    assert len(both["items"]) == 5
    assert (await api.get(url, params={"stage": "bogus"})).status_code == 422


async def test_the_stage_filtered_pipeline_is_read_from_its_index(
    api: httpx.AsyncClient, campaign: dict[str, Any], workspace: uuid.UUID, clean_db: str,
) -> None:
    connection = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        await connection.execute(
            "INSERT INTO campaigns.collaborations (id, workspace_id, campaign_id, influencer_id, "
            "stage, influencer_snapshot, due_at) SELECT gen_random_uuid(), $1, $2, "
            "gen_random_uuid(), (ARRAY['shortlisted','contacted','negotiating','contracted'])[1 + i % 4], "
            "'{}', now() + i * interval '1 hour' FROM generate_series(1, 4000) AS i",
            workspace, uuid.UUID(campaign["id"]))
        await connection.execute("ANALYZE campaigns.collaborations")
        plan = "\n".join(r[0] for r in await connection.fetch(
            "EXPLAIN SELECT * FROM campaigns.collaborations WHERE workspace_id = $1 AND "
            "campaign_id = $2 AND stage = 'contacted' AND (coalesce(due_at, 'infinity'::timestamptz), "
            "id) > (now(), $3) ORDER BY coalesce(due_at, 'infinity'::timestamptz), id LIMIT 51",
            workspace, uuid.UUID(campaign["id"]), uuid.uuid4()))
    finally:
        await connection.close()
    assert "ix_collaborations_pipeline" in plan, plan
    assert "Sort" not in plan and "Filter" not in plan, plan
    listed = await api.get(f"/v1/campaigns/{campaign['id']}/collaborations",
                           params={"stage": "contacted", "limit": 200})
    assert len(listed.json()["items"]) == 200
