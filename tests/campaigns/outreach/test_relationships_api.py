"""Long-term relationships (step 10) over HTTP and tracking's events, against the real database
and broker: the guide's S10 (a software company's private beta for tech creators: invitations,
access granted, feedback collected), ambassadors (recurring deliverables per period, renewals),
and one creator's lifetime view across campaigns (collaborations, performance, ratings, notes)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx

from services.campaigns.domain.relationship import performance, period_bounds
from shared.events.catalog.tracking import PostMetricsUpdated
from shared.testing import eventually, publish


async def _post(api: httpx.AsyncClient, url: str, body: dict[str, Any], status: int = 201) -> Any:
    response = await api.post(url, json=body)
    assert response.status_code == status, response.text
    return response.json()


async def test_s10_software_company_runs_a_private_beta_with_tech_creators(api: httpx.AsyncClient) -> None:
    """S10: Nimbus invites tech creators to its private beta, grants access, collects feedback."""
    beta = await _post(api, "/v1/programmes", {
        "kind": "early_access", "name": "Nimbus 2.0 private beta", "product": "Nimbus 2.0",
        "description": "Try the new sync engine before launch and tell us what breaks."})
    ravi, ines, kai = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await api.put(f"/v1/creators/{kai}/contact-preferences", json={"do_not_contact": True})
    for who, name in ((ravi, "Ravi Patel"), (ines, "Inês Rocha")):
        invited = await _post(api, f"/v1/programmes/{beta['id']}/members",
                              {"influencer_id": str(who), "display_name": name})
        assert invited["status"] == "invited"
    refused = await api.post(f"/v1/programmes/{beta['id']}/members",
                             json={"influencer_id": str(kai), "display_name": "Kai"})
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/do-not-contact")

    members = f"/v1/programmes/{beta['id']}/members"
    granted = await _post(api, f"{members}/{ravi}/transitions", {"to": "active"}, 200)
    assert granted["joined_at"] is not None  # access granted
    await _post(api, f"{members}/{ines}/transitions", {"to": "declined"}, 200)
    again = await api.post(f"{members}/{ines}/transitions", json={"to": "active"})
    assert again.status_code == 409
    assert again.json()["allowed"] == []
    assert (await api.post(f"{members}/{ines}/feedback", json={"body": "n/a"})).status_code == 409
    await _post(api, f"{members}/{ravi}/feedback", {"body": "Conflicts resolve silently; I want a log.",
                                                    "rating": 4})
    collected = (await api.get(f"/v1/programmes/{beta['id']}/feedback")).json()["items"]
    assert [(f["influencer_id"], f["rating"]) for f in collected] == [(str(ravi), 4)]

    view = (await api.get(f"/v1/creators/{ravi}/relationship")).json()
    (membership,) = view["programmes"]
    assert (membership["kind"], membership["status"], membership["product"],
            membership["feedback_count"]) == ("early_access", "active", "Nimbus 2.0", 1)
    assert view["display_name"] == "Ravi Patel"
    assert (await api.get(f"/v1/creators/{uuid.uuid4()}/relationship")).status_code == 404


async def test_an_ambassador_owes_deliverables_each_period_and_is_renewed(api: httpx.AsyncClient) -> None:
    programme = await _post(api, "/v1/programmes", {
        "kind": "ambassador", "name": "DashEats ambassadors", "period": "month",
        "deliverables": [{"platform": "instagram", "format": "reel", "count": 1},
                         {"platform": "instagram", "format": "story", "count": 3}]})
    bad = await api.post("/v1/programmes", json={"kind": "ambassador", "name": "No period"})
    assert bad.status_code == 422
    maya = uuid.uuid4()
    members = f"/v1/programmes/{programme['id']}/members"
    await _post(api, members, {"influencer_id": str(maya), "display_name": "Maya Chen",
                               "starts_on": "2027-01-01", "renews_on": "2028-01-01"})
    await _post(api, f"{members}/{maya}/transitions", {"to": "active"}, 200)
    renewed = await _post(api, f"{members}/{maya}/transitions",
                          {"to": "active", "renews_on": "2029-01-01"}, 200)
    assert renewed["renews_on"] == "2029-01-01"
    (membership,) = (await api.get(f"/v1/creators/{maya}/relationship")).json()["programmes"]
    starts, ends = period_bounds("month", datetime.now(UTC).date())
    assert membership["current_period"] == {
        "starts_on": starts.isoformat(), "ends_on": ends.isoformat(),
        "deliverables": [{"platform": "instagram", "format": "reel", "count": 1},
                         {"platform": "instagram", "format": "story", "count": 3}]}
    assert membership["renews_on"] == "2029-01-01"


async def _signed_contract(api: httpx.AsyncClient, collaboration: dict[str, Any],
                           terms: dict[str, Any]) -> dict[str, Any]:
    offer = await _post(api, f"/v1/collaborations/{collaboration['id']}/offers",
                        {"made_by": "brand", "terms": terms})
    contract = await _post(api, f"/v1/offers/{offer['id']}/accept", {})
    await _post(api, f"/v1/contracts/{contract['id']}/sign", {}, 200)
    return contract  # type: ignore[no-any-return]


async def test_a_creators_lifetime_view_spans_campaigns_performance_ratings_and_notes(
    api: httpx.AsyncClient, running_worker: Callable[..., Any], make_settings: Callable[..., Any],
    workspace: uuid.UUID,
) -> None:
    maya = uuid.uuid4()
    made = []
    for name, currency in (("Spring menu", "USD"), ("Summer menu", "EUR")):
        campaign = await _post(api, "/v1/campaigns", {
            "name": name, "brand": "DashEats", "budget": {"total_minor": 1_000_000, "currency": currency}})
        made.append(await _post(api, f"/v1/campaigns/{campaign['id']}/collaborations", {
            "influencer_id": str(maya), "display_name": "Maya Chen", "platform": "instagram",
            "country": "US"}))
    await _post(api, f"/v1/creators/{maya}/ratings", {"score": 5, "comment": "Early and on brief",
                                                      "collaboration_id": made[0]["id"]})
    await _post(api, f"/v1/creators/{maya}/ratings", {"score": 4})
    await _post(api, f"/v1/creators/{maya}/notes", {"body": "Her agent handles contracts."})
    assert (await api.post(f"/v1/creators/{uuid.uuid4()}/ratings", json={
        "score": 3, "collaboration_id": made[0]["id"]})).status_code == 404
    assert (await api.post(f"/v1/creators/{maya}/ratings", json={"score": 6})).status_code == 422
    paid = await _signed_contract(api, made[0], {
        "compensation_model": "flat_fee", "currency": "USD", "fee_minor": 150_000,
        "deliverables": [{"platform": "instagram", "format": "reel", "due_dates": ["2027-05-10"]}]})
    for status in ("paid", "scheduled"):
        await _post(api, f"/v1/contracts/{paid['id']}/payments",
                    {"amount_minor": 75_000, "currency": "USD", "status": status})
    await _signed_contract(api, made[1], {"compensation_model": "gifting", "currency": "EUR",
                                          "gifted_value_minor": 4_500})
    await _post(api, f"/v1/collaborations/{made[1]['id']}/seedings",
                {"item": "Summer tasting box", "value_minor": 5_200, "currency": "EUR"})

    post_a, post_b = uuid.uuid4(), uuid.uuid4()

    def metrics(post: uuid.UUID, campaign: str, day: int, figures: dict[str, int]) -> PostMetricsUpdated:
        at = datetime(2027, 5, day, tzinfo=UTC)
        return PostMetricsUpdated(post_id=post, campaign_id=uuid.UUID(campaign), influencer_id=maya,
                                  platform="instagram", captured_at=at, metric_source="imported",
                                  figures=figures, updated_at=at)

    newest_a = metrics(post_a, made[0]["campaign_id"], 3, {"reach": 10_000, "likes": 900, "comments": 100})
    async with running_worker("campaigns") as worker:
        await publish(make_settings("campaigns"), workspace,
                      metrics(post_a, made[0]["campaign_id"], 1, {"reach": 5_000, "likes": 400}), newest_a,
                      metrics(post_a, made[0]["campaign_id"], 2, {"reach": 8_000, "likes": 700}),  # late
                      metrics(post_b, made[1]["campaign_id"], 2, {"reach": 20_000, "likes": 1_500,
                                                                  "shares": 100, "clicks": 300}))
        await publish(make_settings("campaigns"), uuid.uuid4(), metrics(uuid.uuid4(), made[1]["campaign_id"],
                                                                        2, {"reach": 99}))  # another tenant

        async def posts() -> int:
            return int((await api.get(f"/v1/creators/{maya}/relationship")).json()["performance"]["posts"])

        await eventually(lambda: _equals(posts, 2), timeout=40)
        await eventually(worker.consumers[0].caught_up)
    view = (await api.get(f"/v1/creators/{maya}/relationship")).json()
    assert [(c["campaign_name"], c["stage"], c["relationship"]) for c in view["collaborations"]] == [
        ("Summer menu", "contracted", "gifted"), ("Spring menu", "contracted", "paid")]
    assert view["spend"] == [{"currency": "EUR", "committed_minor": 5_200, "paid_minor": 0},
                             {"currency": "USD", "committed_minor": 150_000, "paid_minor": 75_000}]
    assert view["performance"]["totals"] == {"reach": 30_000, "likes": 2_400, "comments": 100,
                                             "shares": 100, "clicks": 300}
    assert view["performance"]["engagements"] == 2_600
    assert (view["performance"]["engagement_rate"], view["performance"]["engagement_rate_denominator"]) == (
        round(2_600 / 30_000, 6), "reach")
    assert view["rating"] == {"average": 4.5, "count": 2}
    assert [f["kind"] for f in view["recent_feedback"]] == ["note", "rating", "rating"]
    page = (await api.get(f"/v1/creators/{maya}/feedback", params={"limit": 2})).json()
    rest = (await api.get(f"/v1/creators/{maya}/feedback", params={"cursor": page["next_cursor"]})).json()
    assert [f["kind"] for f in page["items"] + rest["items"]] == ["note", "rating", "rating"]


async def _equals(read: Callable[[], Any], value: int) -> bool:
    return bool(await read() == value)


def test_performance_sums_each_posts_figures_and_names_its_denominator() -> None:
    summary = performance([("instagram", {"reach": 100, "likes": 10}), ("tiktok", {"views": 50, "likes": 5})])
    assert (summary.posts, summary.engagements, summary.engagement_rate) == (2, 15, 0.15)
    assert summary.by_platform["tiktok"] == {"posts": 1, "views": 50, "likes": 5}
    assert performance([("tiktok", {"views": 50})]).engagement_rate is None


def test_periods_are_calendar_months_or_quarters() -> None:
    assert period_bounds("month", date(2027, 12, 15)) == (date(2027, 12, 1), date(2028, 1, 1))
    assert period_bounds("quarter", date(2027, 11, 2)) == (date(2027, 10, 1), date(2028, 1, 1))
    assert period_bounds("quarter", date(2027, 2, 28)) == (date(2027, 1, 1), date(2027, 4, 1))
