"""After approval: tracking's posts publish deliverables, completion waits for every deliverable
published and paid; and the brand's silence approves compliant drafts after business days."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from content_helpers import (
    FAILS,
    PASSES,
    T0,
    Contracted,
    campaigns_session,
    check_result,
    outbox,
    sql,
    stage_of,
    submit,
)

from services.campaigns.content.auto_approval import approve_due
from services.campaigns.events.handlers import HANDLERS
from shared.cli.registry import service
from shared.events.base import Event
from shared.events.catalog.tracking import PostPublished
from shared.events.envelope import wrap
from shared.settings import BaseServiceSettings


async def _apply(make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
                 *events: Event) -> None:
    for event in events:
        async with campaigns_session(make_settings) as session:
            await HANDLERS[type(event)](session, wrap(event, workspace))


def _post(collaboration: dict[str, Any], platform: str, format_: str,
          deliverable_id: str | None = None) -> PostPublished:
    return PostPublished(
        post_id=uuid.uuid4(), campaign_id=uuid.UUID(collaboration["campaign_id"]),
        collaboration_id=uuid.UUID(collaboration["id"]),
        deliverable_id=uuid.UUID(deliverable_id) if deliverable_id else None,
        influencer_id=uuid.UUID(collaboration["influencer_id"]), platform=platform,
        format=format_, text=PASSES, published_at=T0)


async def _approve(api: httpx.AsyncClient, make_settings: Callable[..., Any],
                   workspace: uuid.UUID, deliverable_id: str) -> None:
    draft = await submit(api, deliverable_id, PASSES)
    await _apply(make_settings, workspace, check_result(draft, "compliant", T0))
    approved = await api.post(f"/v1/drafts/{draft['id']}/approve", json={})
    assert approved.status_code == 200, approved.text


async def test_posts_publish_deliverables_and_completion_waits_for_payment(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """S4: a sponsored post and a story; the collaboration completes once both are live and paid."""
    maya = await contracted(deliverables=(("instagram", "reel"), ("instagram", "story")))
    reel, story = maya["deliverables"]
    await _approve(api, make_settings, workspace, reel)
    assert await stage_of(api, maya) == "content_in_progress"  # the story is still to come
    await _approve(api, make_settings, workspace, story)
    assert await stage_of(api, maya) == "approved"

    named = _post(maya, "instagram", "reel", reel)
    await _apply(make_settings, workspace, named, named)  # delivered twice
    assert await stage_of(api, maya) == "approved"
    # tracking did not know the deliverable: the story is matched by platform and format
    await _apply(make_settings, workspace, _post(maya, "instagram", "story"))
    assert await stage_of(api, maya) == "published"
    rows = await sql(clean_db, "SELECT id, post_id, published_at FROM campaigns.deliverables "
                     "ORDER BY position")
    assert rows[0]["post_id"] == named.post_id and all(r["published_at"] for r in rows)

    refused = await api.post(f"/v1/collaborations/{maya['id']}/transitions",
                             json={"to": "completed"})
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/collaboration-not-done")
    assert refused.json()["blockers"] == [f"deliverable {reel} is not paid",
                                          f"deliverable {story} is not paid"]
    half = {"amount_minor": 75_000, "currency": "USD", "status": "paid", "method": "bank_transfer"}
    paid = await api.post(f"/v1/contracts/{maya['contract_id']}/payments",
                          json=half | {"deliverable_id": reel})
    assert paid.status_code == 201, paid.text
    still = await api.post(f"/v1/collaborations/{maya['id']}/transitions", json={"to": "completed"})
    assert still.json()["blockers"] == [f"deliverable {story} is not paid"]
    paid = await api.post(f"/v1/contracts/{maya['contract_id']}/payments", json=half)
    assert paid.status_code == 201, paid.text
    done = await api.post(f"/v1/collaborations/{maya['id']}/transitions", json={"to": "completed"})
    assert done.status_code == 200, done.text
    assert (await outbox(clean_db, "ended"))[0]["outcome"] == "completed"


async def test_a_post_for_no_deliverable_changes_nothing(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    maya = await contracted()
    await _apply(make_settings, workspace, _post(maya, "tiktok", "video"),
                 _post(maya, "instagram", "reel", str(uuid.uuid4())))
    await _apply(make_settings, uuid.uuid4(), _post(maya, "instagram", "reel"))  # another tenant
    assert await stage_of(api, maya) == "contracted"
    assert (await sql(clean_db, "SELECT count(*) FROM campaigns.deliverables "
                      "WHERE published_at IS NOT NULL"))[0][0] == 0


async def test_silence_approves_compliant_drafts_after_the_markets_business_days(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    maya = await contracted(deliverables=(("instagram", "reel"), ("instagram", "story")))
    reel, story = maya["deliverables"]
    policy = await api.put(f"/v1/campaigns/{maya['campaign_id']}/review-policy",
                           json={"auto_approve_after_business_days": 2})
    assert policy.status_code == 200, policy.text
    assert policy.json()["holiday_market"] is None
    passed, failed = await submit(api, reel, PASSES), await submit(api, story, FAILS)
    assert passed["auto_approve_at"] is not None
    # Submitted on the Wednesday before Thanksgiving: Thursday is a US holiday, Friday counts,
    # the weekend does not, Monday is the second day.
    await sql(clean_db, "UPDATE campaigns.content_drafts SET submitted_at = $1",
              datetime(2026, 11, 25, 15, tzinfo=UTC))
    again = await api.put(f"/v1/campaigns/{maya['campaign_id']}/review-policy",
                          json={"auto_approve_after_business_days": 2})
    assert again.status_code == 200
    due = datetime(2026, 12, 1, tzinfo=UTC)
    assert (await api.get(f"/v1/drafts/{passed['id']}")).json()["auto_approve_at"] == (
        "2026-12-01T00:00:00Z")
    await _apply(make_settings, workspace, check_result(passed, "compliant", T0),
                 check_result(failed, "non_compliant", T0))

    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        assert await approve_due(runtime.sessions, datetime(2026, 11, 30, 23, tzinfo=UTC)) == 0
        assert await approve_due(runtime.sessions, due) == 1
        assert await approve_due(runtime.sessions, due) == 0
    finally:
        await runtime.close()
    approved = (await api.get(f"/v1/drafts/{passed['id']}")).json()
    assert approved["status"] == "approved"
    assert [(r["decision"], r["auto"], r["actor"]) for r in approved["reviews"]] == [
        ("approved", True, None)]
    assert (await api.get(f"/v1/drafts/{failed['id']}")).json()["status"] == "submitted"
    (event,) = await outbox(clean_db, "content_approved")
    assert (event["submission_id"], event["auto_approved"]) == (passed["id"], True)


async def _installments(api: httpx.AsyncClient, creator: dict[str, Any]) -> list[tuple[Any, ...]]:
    payments = (await api.get(f"/v1/contracts/{creator['contract_id']}/payments")).json()["items"]
    return [(p["installment"], p["trigger"], p["amount_minor"], p["status"], p["due_on"])
            for p in payments]


async def test_on_publish_installments_fall_due_as_the_posts_go_live(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """40 % at signing, then 30 % with each of the two posts: each post dates one installment,
    on the day it went live, in the payments, the budget's payments and PaymentRecorded."""
    maya = await contracted(
        deliverables=(("instagram", "reel"), ("instagram", "story")),
        payment_schedule=[{"trigger": "on_signing", "percent": "40"},
                          {"trigger": "on_publish", "percent": "30"},
                          {"trigger": "on_publish", "percent": "30"}])
    reel, story = maya["deliverables"]
    signed_on = (await api.get(f"/v1/contracts/{maya['contract_id']}")).json()["signed_at"][:10]
    assert await _installments(api, maya) == [
        (1, "on_signing", 60_000, "scheduled", signed_on),
        (2, "on_publish", 45_000, "scheduled", None), (3, "on_publish", 45_000, "scheduled", None)]

    reel_post = _post(maya, "instagram", "reel", reel)
    await _apply(make_settings, workspace, reel_post, reel_post)  # delivered twice
    assert [i[4] for i in await _installments(api, maya)] == [signed_on, "2027-05-03", None]
    later = _post(maya, "instagram", "story", story).model_copy(
        update={"published_at": datetime(2027, 5, 6, 23, 30, tzinfo=UTC)})
    await _apply(make_settings, workspace, later)
    assert [i[4] for i in await _installments(api, maya)] == [signed_on, "2027-05-03", "2027-05-06"]

    budget = (await api.get(f"/v1/campaigns/{maya['campaign_id']}/budget/payments")).json()
    assert [(p["amount_minor"], p["due_on"]) for p in budget["items"]] == [
        (60_000, signed_on), (45_000, "2027-05-03"), (45_000, "2027-05-06")]
    recorded = await outbox(clean_db, "payment_recorded")
    assert [(e["trigger"], e["due_on"]) for e in recorded] == [
        ("on_signing", signed_on), ("on_publish", None), ("on_publish", None),
        ("on_publish", "2027-05-03"), ("on_publish", "2027-05-06")]


async def test_on_completion_installments_fall_due_when_the_collaboration_completes(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """Half at signing, half on completion: completing waits for the first half only (the second
    cannot be due before it), and completing dates the second."""
    maya = await contracted(payment_schedule=[{"trigger": "on_signing", "percent": "50"},
                                              {"trigger": "on_completion", "percent": "50"}])
    (reel,) = maya["deliverables"]
    await _approve(api, make_settings, workspace, reel)
    await _apply(make_settings, workspace, _post(maya, "instagram", "reel", reel))
    assert await stage_of(api, maya) == "published"
    first, second = (await api.get(f"/v1/contracts/{maya['contract_id']}/payments")).json()["items"]
    assert second["due_on"] is None  # publication is not its trigger

    url = f"/v1/collaborations/{maya['id']}/transitions"
    refused = await api.post(url, json={"to": "completed"})
    assert refused.json()["blockers"] == [f"deliverable {reel} is not paid"]
    paid = await api.patch(f"/v1/payments/{first['id']}", json={"status": "paid"})
    assert paid.status_code == 200, paid.text
    done = await api.post(url, json={"to": "completed"})
    assert done.status_code == 200, done.text

    completed_on = done.json()["stage_changed_at"][:10]
    assert await _installments(api, maya) == [
        (1, "on_signing", 75_000, "paid", first["due_on"]),
        (2, "on_completion", 75_000, "scheduled", completed_on)]
    assert (await outbox(clean_db, "payment_recorded"))[-1] | {"recorded_at": None} == {
        "payment_id": second["id"], "contract_id": maya["contract_id"],
        "collaboration_id": maya["id"], "campaign_id": maya["campaign_id"],
        "amount_minor": 75_000, "currency": "USD", "status": "scheduled", "method": None,
        "paid_at": None, "recorded_at": None, "due_on": completed_on, "trigger": "on_completion"}
    settled = await api.patch(f"/v1/payments/{second['id']}", json={"status": "paid"})
    assert settled.status_code == 200, settled.text
    assert (await sql(clean_db, "SELECT count(*) FROM campaigns.deliverables "
                      "WHERE paid_at IS NULL"))[0][0] == 0


async def test_cancelling_cancels_the_installments_still_waiting_for_their_trigger(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """A reel posted, then the collaboration cancelled: the reel's installment fell due and is
    still owed; the story's and the completion's never will, and stop showing as scheduled."""
    maya = await contracted(
        deliverables=(("instagram", "reel"), ("instagram", "story")),
        payment_schedule=[{"trigger": "on_publish", "percent": "40"},
                          {"trigger": "on_publish", "percent": "40"},
                          {"trigger": "on_completion", "percent": "20"}])
    reel, story = maya["deliverables"]
    await _approve(api, make_settings, workspace, reel)
    await _apply(make_settings, workspace, _post(maya, "instagram", "reel", reel))
    cancelled = await api.post(f"/v1/collaborations/{maya['id']}/transitions",
                               json={"to": "cancelled", "reason": "brand paused the launch"})
    assert cancelled.status_code == 200, cancelled.text

    assert await _installments(api, maya) == [
        (1, "on_publish", 60_000, "scheduled", "2027-05-03"),
        (2, "on_publish", 60_000, "cancelled", None), (3, "on_completion", 30_000, "cancelled", None)]
    budget = (await api.get(f"/v1/campaigns/{maya['campaign_id']}/budget/payments")).json()
    assert [p["status"] for p in budget["items"]] == ["scheduled", "cancelled", "cancelled"]
    recorded = await outbox(clean_db, "payment_recorded")
    assert [(e["trigger"], e["status"]) for e in recorded[-2:]] == [
        ("on_publish", "cancelled"), ("on_completion", "cancelled")]
    # The creator posts the story anyway: nothing falls due any more.
    await _apply(make_settings, workspace, _post(maya, "instagram", "story", story))
    assert [i[3:] for i in await _installments(api, maya)][1:] == [("cancelled", None)] * 2
