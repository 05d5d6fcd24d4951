"""Tenants are isolated in depth: every repository query filters by workspace, and every route
family (read, list, update, delete) and consumed event keeps one workspace out of another's data."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import tenant_walk

from services.campaigns.events.handlers import on_influencer_shortlisted
from services.campaigns.outreach import unsubscribe
from services.campaigns.settings import CampaignsSettings
from shared.cli.registry import service
from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot
from shared.events.envelope import wrap
from shared.settings import BaseServiceSettings

Client = Callable[..., Any]


def test_every_repository_query_filters_by_workspace() -> None:
    findings = tenant_walk.all_findings()
    assert not findings, "\n\n".join(f.message() for f in findings)


def test_the_walk_reports_a_query_that_lost_its_workspace_filter() -> None:
    path = tenant_walk.REPO / "services" / "campaigns" / "campaign" / "repository.py"
    source = path.read_text()
    broken = source.replace("Campaign.workspace_id == workspace_id, Campaign.id == campaign_id",
                            "Campaign.id == campaign_id")
    assert broken != source, "the walk's own test needs updating: CampaignRepository.get changed"
    (finding,) = tenant_walk.findings_in(path, broken)
    assert finding.where == "CampaignRepository.get"
    assert "Add `<Model>.workspace_id == workspace_id`" in finding.message()
    marker = "    # cross-tenant: a test of the marker\n"
    marked = broken.replace("    async def get(", marker + "    async def get(")
    assert tenant_walk.findings_in(path, marked) == []
    raw_sql = source + '''

class Raw(RepositoryBase):
    async def names(self) -> list[str]:
        return list(await self.session.scalars(text("SELECT name FROM campaigns.campaigns")))
'''
    assert [f.where for f in tenant_walk.findings_in(path, raw_sql)] == ["Raw.names"]


async def _seed(client_for: Client, token: str) -> dict[str, str]:
    async with client_for("campaigns", token) as campaigns, client_for("discovery", token) as disc, \
            client_for("compliance", token) as compliance:
        campaign = (await campaigns.post("/v1/campaigns", json={"name": "A", "brand": "B"})).json()
        influencer = (await disc.post("/v1/influencers", json={
            "display_name": "Ana", "accounts": [{"platform": "tiktok", "handle": "ana", "followers": 10}],
        })).json()
        shortlist = (await disc.post("/v1/shortlists",
                                     json={"campaign_id": campaign["id"], "name": "S"})).json()
        added = await disc.post(f"/v1/shortlists/{shortlist['id']}/influencers",
                                json={"influencer_id": influencer["id"]})
        assert added.status_code == 201, added.text
        collaboration = (await campaigns.post(f"/v1/campaigns/{campaign['id']}/collaborations", json={
            "influencer_id": str(uuid.uuid4()), "display_name": "Maya"})).json()
        offer = (await campaigns.post(f"/v1/collaborations/{collaboration['id']}/offers", json={
            "made_by": "brand", "terms": {"compensation_model": "flat_fee", "currency": "USD",
                                          "fee_minor": 50_000, "deliverables": [
                                              {"platform": "instagram", "format": "reel"}]}})).json()
        contract = (await campaigns.post(f"/v1/offers/{offer['id']}/accept")).json()
        check = (await compliance.post("/v1/checks", json={
            "text": "Love this cream #ad", "platform": "instagram", "markets": ["US"]})).json()
    return {"campaign_id": campaign["id"], "influencer_id": influencer["id"],
            "shortlist_id": shortlist["id"], "collaboration_id": collaboration["id"], "check_id": check["id"],
            "offer_id": offer["id"], "contract_id": contract["id"],
            "deliverable_id": contract["deliverables"][0]["id"],
            "creator_id": collaboration["influencer_id"]}


async def _statuses(client_for: Client, token: str, probes: list[tuple[str, str, str, Any]],
                    ids: dict[str, str]) -> dict[str, int]:
    found = {}
    async with client_for("campaigns", token) as campaigns, client_for("discovery", token) as disc, \
            client_for("compliance", token) as compliance:
        clients = {"campaigns": campaigns, "discovery": disc, "compliance": compliance}
        for name, method, path, body in probes:
            response = await clients[name].request(method, path.format(**ids), json=body)
            assert response.headers["content-type"].startswith("application/"), response.text
            found[f"{method} {path}"] = response.status_code
    return found


READS = [
    ("campaigns", "GET", "/v1/campaigns/{campaign_id}", None),
    ("campaigns", "GET", "/v1/campaigns/{campaign_id}/history", None),
    ("campaigns", "GET", "/v1/collaborations/{collaboration_id}", None),
    ("campaigns", "GET", "/v1/offers/{offer_id}", None),
    ("campaigns", "GET", "/v1/contracts/{contract_id}", None),
    ("campaigns", "GET", "/v1/creators/{creator_id}/relationship", None),
    ("discovery", "GET", "/v1/influencers/{influencer_id}", None),
    ("discovery", "GET", "/v1/influencers/{influencer_id}/accounts/tiktok/ana/snapshots", None),
    ("discovery", "GET", "/v1/influencers/{influencer_id}/lookalikes", None),
    ("discovery", "GET", "/v1/shortlists/{shortlist_id}", None),
    ("compliance", "GET", "/v1/checks/{check_id}", None),
]
LISTS = [
    ("campaigns", "/v1/campaigns"), ("discovery", "/v1/influencers"), ("discovery", "/v1/shortlists"),
    ("compliance", "/v1/checks"), ("discovery", "/v1/blocklist"),
]
NESTED_LISTS = [
    ("campaigns", "GET", "/v1/campaigns/{campaign_id}/collaborations", None),
    ("campaigns", "GET", "/v1/collaborations/{collaboration_id}/transitions", None),
    ("campaigns", "GET", "/v1/collaborations/{collaboration_id}/offers", None),
    ("campaigns", "GET", "/v1/collaborations/{collaboration_id}/contracts", None),
    ("campaigns", "GET", "/v1/collaborations/{collaboration_id}/outreach", None),
    ("campaigns", "GET", "/v1/collaborations/{collaboration_id}/seedings", None),
    ("campaigns", "GET", "/v1/contracts/{contract_id}/payments", None),
    ("campaigns", "GET", "/v1/deliverables/{deliverable_id}/drafts", None),
    ("discovery", "GET", "/v1/shortlists/{shortlist_id}/influencers", None),
]
UPDATES = [
    ("campaigns", "PATCH", "/v1/campaigns/{campaign_id}", {"name": "taken over"}),
    ("campaigns", "POST", "/v1/campaigns/{campaign_id}/transitions", {"to": "cancelled"}),
    ("campaigns", "PATCH", "/v1/collaborations/{collaboration_id}", {"note": "taken over"}),
    ("campaigns", "POST", "/v1/collaborations/{collaboration_id}/offers", {"made_by": "creator", "terms": {
        "compensation_model": "gifting", "currency": "USD", "gifted_value_minor": 1}}),
    ("campaigns", "POST", "/v1/contracts/{contract_id}/sign", {"override_reason": "taken over"}),
    ("campaigns", "POST", "/v1/collaborations/{collaboration_id}/outreach", {
        "channel": "other", "subject": "hi", "body": "taken over"}),
    ("campaigns", "POST", "/v1/deliverables/{deliverable_id}/drafts", {"text": "taken over"}),
    ("discovery", "PATCH", "/v1/influencers/{influencer_id}", {"bio": "taken over"}),
    ("discovery", "POST", "/v1/shortlists/{shortlist_id}/influencers", {"influencer_id": "{influencer_id}"}),
    ("discovery", "POST", "/v1/influencers/{influencer_id}/accounts/tiktok/ana/refresh", None),
]
DELETES = [
    ("discovery", "DELETE", "/v1/shortlists/{shortlist_id}/influencers/{influencer_id}", None),
    ("discovery", "DELETE", "/v1/influencers/{influencer_id}", None),
    ("discovery", "DELETE", "/v1/blocklist/{influencer_id}", None),
]


def _filled(probes: list[tuple[str, str, str, Any]], ids: dict[str, str]) -> list[tuple[str, str, str, Any]]:
    return [(n, m, p, {k: v.format(**ids) if isinstance(v, str) else v for k, v in b.items()} if b else b)
            for n, m, p, b in probes]


async def test_reading_another_workspaces_objects_is_not_found(
    client_for: Client, token_for: Callable[..., str],
) -> None:
    owner, intruder = token_for(uuid.uuid4()), token_for(uuid.uuid4())
    ids = await _seed(client_for, owner)
    mine = await _statuses(client_for, owner, READS, ids)
    assert set(mine.values()) <= {200, 422}, mine
    assert set((await _statuses(client_for, intruder, READS, ids)).values()) == {404}


async def test_listing_shows_nothing_of_another_workspace(
    client_for: Client, token_for: Callable[..., str],
) -> None:
    owner, intruder = token_for(uuid.uuid4()), token_for(uuid.uuid4())
    ids = await _seed(client_for, owner)
    for name in ("campaigns", "discovery", "compliance"):
        async with client_for(name, owner) as mine, client_for(name, intruder) as theirs:
            for path in [p for n, p in LISTS if n == name]:
                assert (await mine.get(path)).json()["items"] or path == "/v1/blocklist", path
                assert (await theirs.get(path)).json()["items"] == [], path
    assert set((await _statuses(client_for, intruder, NESTED_LISTS, ids)).values()) == {404}


async def test_updating_another_workspaces_objects_is_not_found_and_changes_nothing(
    client_for: Client, token_for: Callable[..., str],
) -> None:
    owner, intruder = token_for(uuid.uuid4()), token_for(uuid.uuid4())
    ids = await _seed(client_for, owner)
    before = await _snapshot(client_for, owner, ids)
    assert set((await _statuses(client_for, intruder, _filled(UPDATES, ids), ids)).values()) == {404}
    assert await _snapshot(client_for, owner, ids) == before


async def test_deleting_another_workspaces_objects_is_not_found_and_removes_nothing(
    client_for: Client, token_for: Callable[..., str],
) -> None:
    owner, intruder = token_for(uuid.uuid4()), token_for(uuid.uuid4())
    ids = await _seed(client_for, owner)
    async with client_for("discovery", owner) as disc:
        blocked = await disc.post("/v1/blocklist", json={"influencer_id": ids["influencer_id"]})
        assert blocked.status_code < 300, blocked.text
    before = await _snapshot(client_for, owner, ids)
    assert set((await _statuses(client_for, intruder, DELETES, ids)).values()) == {404}
    assert await _snapshot(client_for, owner, ids) == before


async def _snapshot(client_for: Client, token: str, ids: dict[str, str]) -> list[Any]:
    """What the owner sees of its objects (to compare before and after an intruder's attempt)."""
    seen = []
    async with client_for("campaigns", token) as campaigns, client_for("discovery", token) as disc:
        clients = {"campaigns": campaigns, "discovery": disc}
        for name, _, path, _ in [*READS[:1], *READS[2:5], READS[6], READS[9], *NESTED_LISTS]:
            body = (await clients[name].get(path.format(**ids))).json()
            seen.append({k: v for k, v in body.items() if k not in ("freshness",)})
        seen.append((await disc.get("/v1/blocklist")).json())
    return seen


async def test_an_event_naming_another_workspaces_campaign_changes_nothing_there(
    client_for: Client, token_for: Callable[..., str], make_settings: Callable[..., BaseServiceSettings],
) -> None:
    owner_ws, intruder_ws = uuid.uuid4(), uuid.uuid4()
    owner = token_for(owner_ws)
    ids = await _seed(client_for, owner)
    async with client_for("campaigns", owner) as campaigns:
        path = f"/v1/campaigns/{ids['campaign_id']}/collaborations"
        before = (await campaigns.get(path)).json()["items"]
    # Discovery of the intruder's workspace shortlists someone onto the owner's campaign id.
    event = InfluencerShortlisted(
        shortlist_id=uuid.uuid4(), campaign_id=uuid.UUID(ids["campaign_id"]), influencer_id=uuid.uuid4(),
        snapshot=InfluencerSnapshot(display_name="Mallory"), shortlisted_at=datetime.now(UTC))
    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        async with runtime.sessions() as session:
            await on_influencer_shortlisted(session, wrap(event, intruder_ws))
            await session.commit()
    finally:
        await runtime.close()
    async with client_for("campaigns", owner) as campaigns, \
            client_for("campaigns", token_for(intruder_ws)) as theirs:
        assert (await campaigns.get(path)).json()["items"] == before
        assert (await theirs.get(path)).status_code == 404


async def test_an_unsubscribe_link_reaches_only_the_workspace_and_creator_it_names(
    client_for: Client, token_for: Callable[..., str],
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    """The public unsubscribe route has no token: its link's signature is the tenant boundary.
    One workspace's link for a creator leaves the same creator in another workspace contactable,
    and a link re-pointed at the other workspace (its signature kept) is a 404 that changes
    nothing."""
    owner_ws, other_ws, creator = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    settings = make_settings("campaigns")
    assert isinstance(settings, CampaignsSettings)
    link = unsubscribe.token(settings, owner_ws, creator)
    raw = base64.urlsafe_b64decode(link + "==")
    repointed = base64.urlsafe_b64encode(other_ws.bytes + raw[16:]).rstrip(b"=").decode()
    preferences = f"/v1/creators/{creator}/contact-preferences"
    async with client_for("campaigns") as anyone, \
            client_for("campaigns", token_for(owner_ws)) as owner, \
            client_for("campaigns", token_for(other_ws)) as other:
        assert (await anyone.post(f"/v1/unsubscribe/{repointed}")).status_code == 404
        assert (await other.get(preferences)).json()["do_not_contact"] is False
        assert (await anyone.post(f"/v1/unsubscribe/{link}")).status_code == 200
        assert (await owner.get(preferences)).json()["do_not_contact"] is True
        assert (await other.get(preferences)).json()["do_not_contact"] is False
