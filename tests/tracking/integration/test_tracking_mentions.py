"""S1: mentions are the campaign's registered posts plus imported listening counts per day
(source stated), re-importable, projected in the campaign's daily series."""

from __future__ import annotations

import uuid

import httpx
from conftest import Apply
from tracking_events import campaign_event, post_body


async def test_s1_listening_counts_add_to_registered_posts_per_day(
    api: httpx.AsyncClient, apply: Apply
) -> None:
    campaign = campaign_event(markets=["DE", "US"], goal_metrics=["mentions"])
    await apply(campaign)
    cid = campaign.campaign_id
    await api.post("/v1/posts", json=post_body(cid, published_at="2026-05-02T10:00:00Z", market="US"))
    text = (
        "campaign_id,day,source,count,platform,market\n"
        f"{cid},2026-05-01,brandwatch,120,,\n"
        f"{cid},2026-05-02,brandwatch,150,instagram,DE\n"
        f"{cid},2026-05-02,talkwalker,30,,\n"
        f"{uuid.uuid4()},2026-05-02,brandwatch,5,,\n"
        f"{cid},2026-05-03,,7,,\n"
        f"{cid},2026-05-03,brandwatch,-1,,\n"
    )
    first = await api.post("/v1/mentions:import", content=text, headers={"content-type": "text/csv"})
    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["rows"], report["stored"], report["rejected"]) == (6, 3, 3)
    assert [(p["row"], p["field"]) for p in report["problems"]] == [
        (4, "campaign_id"),
        (5, "source"),
        (6, "count"),
    ]
    corrected = f'{{"campaign_id":"{cid}","day":"2026-05-01","source":"brandwatch","count":100}}\n'
    again = await api.post(
        "/v1/mentions:import", content=corrected, headers={"content-type": "application/x-ndjson"}
    )
    assert again.json()["stored"] == 1
    kpis = (await api.get(f"/v1/campaigns/{cid}/kpis")).json()
    assert kpis["values"]["mentions"] == 1 + 100 + 150 + 30
    assert [(d["day"], d["counts"]["listening_mentions"]) for d in kpis["campaign"]["daily"]] == [
        ("2026-05-01", 100),
        ("2026-05-02", 280),
    ]
    markets = {
        g["key"]["market"]: g["counts"]["mentions"]
        for g in (await api.get(f"/v1/campaigns/{cid}/kpis", params={"by": "market"})).json()["groups"]
    }
    assert markets == {"DE": 150, "US": 1, None: 130}
