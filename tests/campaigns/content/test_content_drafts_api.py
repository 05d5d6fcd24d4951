"""Drafts, disclosure checks and reviews over HTTP against the real database; compliance's results
applied by campaigns' handler called directly (S4 food-delivery launch, S6 approval rounds,
S9 the gifted meal)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from content_helpers import (
    FAILS,
    MISSING_AD,
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
from prometheus_client import REGISTRY

from services.campaigns.events.handlers import HANDLERS
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.events.envelope import wrap
from shared.settings import BaseServiceSettings


async def _apply(make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
                 *events: DisclosureCheckCompleted) -> None:
    for event in events:
        async with campaigns_session(make_settings) as session:
            await HANDLERS[DisclosureCheckCompleted](session, wrap(event, workspace))


async def test_a_draft_goes_to_compliance_with_the_contracts_relationship_and_moves_the_stage(
    api: httpx.AsyncClient, contracted: Contracted, clean_db: str,
) -> None:
    """S9: the food blogger's meal was gifted; compliance must judge the draft as gifted."""
    maya = await contracted(model="gifting")
    (reel,) = maya["deliverables"]
    draft = await submit(api, reel, FAILS, planned_publish_at="2027-05-07T18:00:00Z",
                         media_urls=["https://cdn.example.com/maya/reel.mp4"])
    assert (draft["version"], draft["status"], draft["check"]) == (1, "submitted", None)
    assert (draft["platform"], draft["format"], draft["relationship"]) == ("instagram", "reel",
                                                                          "gifted")
    assert draft["approvable"] is False and "not arrived" in draft["refusal"]
    assert await stage_of(api, maya) == "content_submitted"
    (sent,) = await outbox(clean_db, "content_submitted")
    assert sent["submission_id"] == draft["id"]
    assert (sent["deliverable_id"], sent["draft_version"], sent["relationship"]) == (reel, 1, "gifted")
    assert (sent["text"], sent["media_urls"]) == (FAILS, ["https://cdn.example.com/maya/reel.mp4"])
    assert sent["campaign_id"] == maya["campaign_id"]

    key = {"Idempotency-Key": "maya-reel-v2"}
    again = await submit(api, reel, PASSES, headers=key)
    retried = await submit(api, reel, PASSES, headers=key)  # the client retried: same draft
    assert again["version"] == 2 and retried["id"] == again["id"]
    versions = (await api.get(f"/v1/deliverables/{reel}/drafts")).json()["items"]
    assert [(d["version"], d["status"]) for d in versions] == [(1, "superseded"), (2, "submitted")]
    assert len(await outbox(clean_db, "content_submitted")) == 2


async def test_drafts_that_do_not_fit_their_deliverable_or_contract_are_problems(
    api: httpx.AsyncClient, contracted: Contracted, clean_db: str,
) -> None:
    maya = await contracted()
    (reel,) = maya["deliverables"]
    wrong = await api.post(f"/v1/deliverables/{reel}/drafts",
                           json={"text": PASSES, "platform": "tiktok", "format": "reel"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.platform"
    unknown = await api.post(f"/v1/deliverables/{uuid.uuid4()}/drafts", json={"text": PASSES})
    assert (unknown.status_code, unknown.json()["detail"]) == (404, "deliverable was not found")
    legacy = await api.post(f"/v1/deliverables/{reel}/drafts",
                            json={"text": PASSES, "format": "live"})
    assert legacy.status_code == 422  # read as livestream: not this deliverable's reel
    cancelled = await api.post(f"/v1/collaborations/{maya['id']}/transitions",
                               json={"to": "cancelled"})
    assert cancelled.status_code == 200
    ended = await api.post(f"/v1/deliverables/{reel}/drafts", json={"text": PASSES})
    assert ended.status_code == 409 and ended.json()["type"].endswith("/collaboration-ended")


async def test_the_newest_check_is_shown_with_findings_and_fixes_whatever_the_arrival_order(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID,
) -> None:
    maya = await contracted()
    draft = await submit(api, maya["deliverables"][0], FAILS)
    check_id = uuid.uuid4()
    first = check_result(draft, "needs_review", T0, check_id=check_id)
    recheck = check_result(draft, "non_compliant", T0 + timedelta(minutes=5), check_id=check_id,
                           findings=[MISSING_AD])
    # the re-check first, then the older result, then the re-check again (redelivered)
    await _apply(make_settings, workspace, recheck, first, recheck)
    shown = (await api.get(f"/v1/drafts/{draft['id']}")).json()
    assert shown["check"]["check_id"] == str(check_id)
    assert shown["check"]["verdict"] == "non_compliant"
    assert shown["check"]["findings"] == [{
        "code": "missing_disclosure", "jurisdiction": "US", "severity": "error",
        "message": MISSING_AD.message, "suggestion": "put '#ad' at the start of the text"}]
    assert shown["approvable"] is False and "non-compliant" in shown["refusal"]


async def test_a_result_for_an_unknown_draft_is_a_counted_skip(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID,
) -> None:
    maya = await contracted()
    draft = await submit(api, maya["deliverables"][0], PASSES)
    labels = {"event": "DisclosureCheckCompleted", "reason": "unknown_draft"}
    before = REGISTRY.get_sample_value("icp_campaigns_content_events_skipped_total", labels) or 0
    stranger = check_result(draft | {"id": str(uuid.uuid4())}, "compliant", T0)
    other_tenant = check_result(draft, "compliant", T0)
    await _apply(make_settings, workspace, stranger)
    await _apply(make_settings, uuid.uuid4(), other_tenant)
    assert REGISTRY.get_sample_value("icp_campaigns_content_events_skipped_total", labels) == before + 2
    assert (await api.get(f"/v1/drafts/{draft['id']}")).json()["check"] is None


async def test_approving_a_non_compliant_draft_is_refused_naming_why(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """Issue 14 'Done when': an approval of a non-compliant draft is refused."""
    maya = await contracted()
    draft = await submit(api, maya["deliverables"][0], FAILS)
    await _apply(make_settings, workspace, check_result(draft, "non_compliant", T0,
                                                        findings=[MISSING_AD]))
    for body in ({}, {"override_reason": "the brand likes it"}):
        refused = await api.post(f"/v1/drafts/{draft['id']}/approve", json=body)
        assert refused.status_code == 409
        assert refused.headers["content-type"] == "application/problem+json"
        problem = refused.json()
        assert problem["type"].endswith("/draft-non-compliant")
        assert "non-compliant" in problem["detail"]
        assert problem["verdict"] == "non_compliant"
        assert problem["findings"][0]["suggestion"] == "put '#ad' at the start of the text"
    assert (await api.get(f"/v1/drafts/{draft['id']}")).json()["status"] == "submitted"
    assert await outbox(clean_db, "content_approved") == []


async def test_needs_review_is_approved_only_with_a_reason_which_travels_in_content_approved(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    maya = await contracted()
    draft = await submit(api, maya["deliverables"][0], "#gifted " + FAILS)
    await _apply(make_settings, workspace, check_result(draft, "needs_review", T0))
    refused = await api.post(f"/v1/drafts/{draft['id']}/approve", json={})
    assert refused.status_code == 409 and refused.json()["type"].endswith("/draft-needs-review")
    reason = "Legal confirmed #gifted is read as a disclosure by our audience"
    approved = await api.post(f"/v1/drafts/{draft['id']}/approve",
                              json={"override_reason": reason})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved"
    assert [(r["round"], r["decision"], r["override_reason"]) for r in body["reviews"]] == [
        (1, "approved", reason)]
    (event,) = await outbox(clean_db, "content_approved")
    assert (event["submission_id"], event["override_reason"], event["auto_approved"]) == (
        draft["id"], reason, False)
    assert await stage_of(api, maya) == "approved"
    twice = await api.post(f"/v1/drafts/{draft['id']}/approve", json={})
    assert twice.status_code == 409 and twice.json()["type"].endswith("/draft-not-awaiting-review")
    late = await api.post(f"/v1/deliverables/{maya['deliverables'][0]}/drafts",
                          json={"text": PASSES})
    assert late.status_code == 409 and late.json()["type"].endswith("/deliverable-done")


async def test_changes_rounds_keep_comments_per_guideline_item_until_approval(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID,
) -> None:
    """S6: approval rounds against the guideline checklist."""
    maya = await contracted()
    (reel,) = maya["deliverables"]
    first = await submit(api, reel, FAILS)
    assert {(c["kind"], c["item"]) for c in first["checklist"]} == {
        ("required_hashtag", "#DashEatsAustin"), ("required_mention", "@dasheats"),
        ("do", "Show the delivery time"), ("dont", "Mention competitors")}
    unknown = await api.post(f"/v1/drafts/{first['id']}/changes", json={
        "comments": [{"item": "Use the blue logo", "comment": "where is it?"}]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.comments.0.item"
    comments = [{"item": "Show the delivery time", "comment": "Say the 20 minutes on screen too"},
                {"item": None, "comment": "Great light"}]
    asked = await api.post(f"/v1/drafts/{first['id']}/changes",
                           json={"comments": comments, "note": "round 1"})
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "changes_requested"
    assert await stage_of(api, maya) == "changes_requested"

    second = await submit(api, reel, PASSES)
    assert await stage_of(api, maya) == "content_submitted"
    await _apply(make_settings, workspace, check_result(second, "compliant", T0))
    approved = await api.post(f"/v1/drafts/{second['id']}/approve", json={})
    assert approved.status_code == 200, approved.text
    history = (await api.get(f"/v1/deliverables/{reel}/drafts")).json()["items"]
    rounds = [(r["round"], r["decision"], r["comments"]) for d in history for r in d["reviews"]]
    assert rounds == [(1, "changes_requested", comments), (2, "approved", [])]
    assert await stage_of(api, maya) == "approved"


async def test_an_approval_a_later_check_finds_non_compliant_is_revoked_before_publication(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """Compliance re-judges the approved draft under the same check id (a later checked_at): the
    approval is revoked, the collaboration goes back to changes_requested, the alert is emitted
    once however often the result is delivered, and a new version can be submitted."""
    maya = await contracted()
    (reel,) = maya["deliverables"]
    draft = await submit(api, reel, FAILS)
    check_id = uuid.uuid4()
    await _apply(make_settings, workspace, check_result(draft, "compliant", T0, check_id=check_id))
    assert (await api.post(f"/v1/drafts/{draft['id']}/approve", json={})).status_code == 200
    assert await stage_of(api, maya) == "approved"

    recheck = check_result(draft, "non_compliant", T0 + timedelta(hours=2), check_id=check_id,
                           findings=[MISSING_AD])
    await _apply(make_settings, workspace, recheck, recheck)
    shown = (await api.get(f"/v1/drafts/{draft['id']}")).json()
    assert shown["status"] == "revoked" and shown["compliance_alert"] is False
    assert shown["check"]["verdict"] == "non_compliant"
    assert [(r["round"], r["decision"], r["actor"] is not None) for r in shown["reviews"]] == [
        (1, "approved", True), (2, "approval_revoked", False)]
    assert str(check_id) in shown["reviews"][1]["note"]
    assert await stage_of(api, maya) == "changes_requested"
    (alert,) = await outbox(clean_db, "content_compliance_alert")
    assert (alert["submission_id"], alert["check_id"], alert["approval_revoked"]) == (
        draft["id"], str(check_id), True)
    assert alert["findings"][0]["code"] == "missing_disclosure"

    fixed = await submit(api, reel, PASSES)
    assert fixed["version"] == 2
    assert await stage_of(api, maya) == "content_submitted"


async def test_a_published_deliverable_judged_non_compliant_later_is_flagged_not_revoked(
    api: httpx.AsyncClient, contracted: Contracted, make_settings: Callable[..., Any],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    """Approved with an override while the check was pending, posted, then the check arrives
    non-compliant: the post is live, so the draft stays approved and is flagged."""
    maya = await contracted()
    (reel,) = maya["deliverables"]
    draft = await submit(api, reel, FAILS)
    approved = await api.post(f"/v1/drafts/{draft['id']}/approve",
                              json={"override_reason": "launch cannot wait for the check"})
    assert approved.status_code == 200, approved.text
    await sql(clean_db, "UPDATE campaigns.deliverables SET published_at = $1", T0)
    await _apply(make_settings, workspace, check_result(draft, "non_compliant", T0,
                                                        findings=[MISSING_AD]))
    shown = (await api.get(f"/v1/drafts/{draft['id']}")).json()
    assert (shown["status"], shown["compliance_alert"]) == ("approved", True)
    (alert,) = await outbox(clean_db, "content_compliance_alert")
    assert alert["approval_revoked"] is False
    # compliance clears it, then fails it again: each change is announced
    await _apply(make_settings, workspace,
                 check_result(draft, "compliant", T0 + timedelta(hours=1)),
                 check_result(draft, "non_compliant", T0 + timedelta(hours=2)))
    assert len(await outbox(clean_db, "content_compliance_alert")) == 2
