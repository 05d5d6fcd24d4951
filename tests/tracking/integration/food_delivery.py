"""S4's food-delivery launch (10,000 USD, one month, five local food bloggers, sponsored posts and
stories) as tracking sees it: three Instagram bloggers and two TikTok ones at 2,000 USD each, their
posts, and four snapshots each up to 20 May; Instagram underdelivers (S8)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx
from conftest import Apply
from tracking_events import NOW, campaign_event, contract_event, post_body

from shared.events.catalog.campaigns import ContractTerms, GoalTarget, InfluencerFigures, PaymentRecorded

FEE = 200_000  # 2,000.00 USD flat, each blogger
# final engagements per post: Instagram 6,450 for 6,000 USD (0.93 USD each), TikTok 9,750 for 4,000 (0.41)
INSTAGRAM = {"ig1": [("post", 1_000), ("story", 1_200)], "ig2": [("post", 1_050), ("story", 1_100)],
             "ig3": [("post", 1_000), ("story", 1_100)]}
TIKTOK = {"tt1": [("video", 1_500), ("video", 1_700), ("video", 1_600)],
          "tt2": [("video", 1_650), ("video", 1_550), ("video", 1_750)]}
SNAPSHOTS = ((6, 0.3), (10, 0.6), (15, 0.85), (20, 1.0))  # day of May → share of the final figures
DEADLINE = datetime(2026, 5, 31, tzinfo=NOW.tzinfo)
GOALS = (GoalTarget(metric="engagements", target_value=25_000, deadline=DEADLINE),
         GoalTarget(metric="ugc_pieces", target_value=15, deadline=DEADLINE))


async def food_delivery(api: httpx.AsyncClient, apply: Apply, goals: Sequence[GoalTarget] = GOALS) -> str:
    campaign = campaign_event(name="Food delivery: Lisbon launch", brand="Rapido Eats", currency="USD",
                              markets=["PT"], goal_metrics=[g.metric for g in goals], goals=list(goals),
                              ends_at=DEADLINE)
    await apply(campaign)
    rows: list[dict[str, Any]] = []
    bloggers = [("instagram", handle, posts, 120_000) for handle, posts in INSTAGRAM.items()]
    bloggers += [("tiktok", handle, posts, 40_000) for handle, posts in TIKTOK.items()]
    for i, (platform, handle, posts, followers) in enumerate(bloggers):
        contract = contract_event(
            campaign.campaign_id, signed_at=NOW + timedelta(days=i),
            influencer=InfluencerFigures(platform=platform, handle=handle, followers=followers),
            terms=ContractTerms(compensation_model="flat_fee", currency="USD", fixed_fee_minor=FEE))
        paid = PaymentRecorded(
            payment_id=uuid.uuid4(), contract_id=contract.contract_id,
            collaboration_id=contract.collaboration_id, campaign_id=campaign.campaign_id,
            amount_minor=FEE // 2, currency="USD", status="paid", paid_at=NOW + timedelta(days=9 + i),
            recorded_at=NOW + timedelta(days=9 + i))
        await apply(contract, paid)
        for n, (fmt, engagements) in enumerate(posts):
            body = post_body(campaign.campaign_id, collaboration_id=str(contract.collaboration_id),
                             influencer_id=str(contract.influencer_id), platform=platform, format=fmt,
                             url=f"https://www.{platform}.com/{handle}/{fmt}/{n}",
                             text="Pub | o meu jantar com a @rapidoeats #pub")
            created = await api.post("/v1/posts", json=body)
            assert created.status_code == 201, created.text
            for day, share in SNAPSHOTS:
                likes = round((engagements - 100) * share)
                rows.append({"post_id": created.json()["id"], "captured_at": f"2026-05-{day:02d}T20:00:00Z",
                             "likes": likes, "comments": round(60 * share), "shares": round(30 * share),
                             "saves": round(10 * share)})
    data = "".join(json.dumps(row) + "\n" for row in rows)
    imported = await api.post("/v1/metrics:import", content=data.encode(),
                              headers={"content-type": "application/x-ndjson"})
    assert imported.status_code == 200 and imported.json()["rejected"] == 0, imported.text
    return str(campaign.campaign_id)
