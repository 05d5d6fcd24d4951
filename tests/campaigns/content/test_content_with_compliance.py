"""Through the real broker, with compliance's and tracking's own workers: the food blogger's
gifted-meal draft fails the disclosure check, the brand cannot approve it, the next version
passes and is approved, tracking's post publishes it, and the collaboration completes (issue 14
'Done when'; S4, S6, S9)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

from content_helpers import FAILS, PASSES, Contracted, outbox, stage_of

from shared.testing import eventually


async def test_a_gifted_meal_draft_fails_then_passes_compliance_is_approved_and_published(
    client_for: Callable[..., Any], running_worker: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID, contracted: Contracted, clean_db: str,
) -> None:
    async with contextlib.AsyncExitStack() as stack:
        api = await stack.enter_async_context(client_for("campaigns", token_for(workspace)))
        compliance = await stack.enter_async_context(client_for("compliance", token_for(workspace)))
        await stack.enter_async_context(running_worker("campaigns", auto_approval_poll_s=0.2))
        await stack.enter_async_context(running_worker("compliance"))
        await stack.enter_async_context(running_worker("tracking"))
        tracking = await stack.enter_async_context(client_for("tracking", token_for(workspace)))
        maya = await contracted(model="gifting")
        (reel,) = maya["deliverables"]

        async def checked(draft_id: str) -> dict[str, Any] | None:
            draft: dict[str, Any] = (await api.get(f"/v1/drafts/{draft_id}")).json()
            # markets known: compliance had the campaign's guidelines when it judged it
            return draft if draft["check"] and draft["check"]["markets"] == ["US"] else None

        first = (await api.post(f"/v1/deliverables/{reel}/drafts", json={"text": FAILS})).json()
        failed = await eventually(lambda: checked(first["id"]), timeout=90)
        assert failed["check"]["verdict"] == "non_compliant"
        missing = next(f for f in failed["check"]["findings"] if f["code"] == "missing_disclosure")
        assert (missing["jurisdiction"], missing["suggestion"]) == (
            "US", "put '#ad' at the start of the text")
        judged = (await compliance.get(f"/v1/checks/{failed['check']['check_id']}")).json()
        assert judged["input"]["relationship"] == "gifted"  # from the contract, through the event

        refused = await api.post(f"/v1/drafts/{first['id']}/approve",
                                 json={"override_reason": "we like it"})
        assert refused.status_code == 409
        assert refused.json()["type"].endswith("/draft-non-compliant")

        second = (await api.post(f"/v1/deliverables/{reel}/drafts", json={"text": PASSES})).json()
        assert second["version"] == 2
        passed = await eventually(lambda: checked(second["id"]), timeout=60)
        assert passed["check"]["verdict"] == "compliant" and passed["approvable"]
        approved = await api.post(f"/v1/drafts/{second['id']}/approve", json={})
        assert approved.status_code == 200, approved.text
        assert await stage_of(api, maya) == "approved"

        posted = await tracking.post("/v1/posts", json={
            "campaign_id": maya["campaign_id"], "collaboration_id": maya["id"],
            "deliverable_id": reel, "influencer_id": maya["influencer_id"],
            "platform": "instagram", "format": "reel", "text": PASSES,
            "url": "https://www.instagram.com/reel/DashEatsMaya1/",
            "published_at": "2026-12-04T18:00:00Z"})
        assert posted.status_code == 201, posted.text
        await eventually(lambda: _stage_is(api, maya, "published"), timeout=60)
        done = await api.post(f"/v1/collaborations/{maya['id']}/transitions",
                              json={"to": "completed"})  # a gifted meal: nothing to pay
        assert done.status_code == 200, done.text
    (event,) = await outbox(clean_db, "content_approved")
    assert (event["submission_id"], event["draft_version"]) == (second["id"], 2)


async def _stage_is(api: Any, collaboration: dict[str, Any], stage: str) -> bool:
    return await stage_of(api, collaboration) == stage
