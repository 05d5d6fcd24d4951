"""S7: comments on the skincare campaign's posts, imported in English, Spanish and German: English
scored by VADER, the others counted unscored with their language, spam left out; the mean score
per post, creator and campaign feeds the campaign's `sentiment` KPI on the broker; a re-import
doubles nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import Apply
from tracking_events import campaign_event, post_body
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from shared.events.catalog.tracking import CampaignKpisUpdated
from shared.settings import BaseServiceSettings
from shared.testing import events_on, eventually, publish

ENGLISH = {  # post → comment id → text, scored by VADER
    "mia": {
        "en1": "I love this serum, my skin has never looked so good!",
        "en2": "Honestly the best moisturizer I have tried this year",
        "en3": "Terrible, it burned my skin and the smell is awful",
    },
    "leo": {
        "en4": "Great texture and it absorbs fast, really happy with it",
        "en5": "Not worth the price, very disappointed",
    },
}
OTHER = {  # unscored, each in its language
    "mia": {"es1": ("Me encanta este sérum, mi piel está increíble", "es"),
            "de1": ("Das Serum ist wirklich schrecklich, meine Haut brennt", "de")},
    "leo": {"es2": ("No me gustó nada, me salieron granos", "es"),
            "de2": ("Ich bin total begeistert von dieser Creme", "de"),
            "de3": ("Leider hat es bei mir überhaupt nicht gewirkt", "de")},
}
SPAM = {  # left out of every score
    "mia": {"sp1": ("🔥🔥🔥😍", "emoji_only"), "sp2": ("Get 10k followers now, link in bio", "link_bait")},
    "leo": {"sp3": ("wow wow wow wow", "repeated")},
}


def _vader(texts: list[str]) -> list[float]:
    analyser = SentimentIntensityAnalyzer()
    return [analyser.polarity_scores(t)["compound"] for t in texts]


def _ndjson(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


@pytest.fixture
async def skincare(api: httpx.AsyncClient, apply: Apply) -> dict[str, Any]:
    campaign = campaign_event(goal_metrics=["sentiment", "engagements"])
    await apply(campaign)
    posts, creators = {}, {}
    for name in ("mia", "leo"):
        creators[name] = str(uuid.uuid4())
        body = post_body(campaign.campaign_id, influencer_id=creators[name],
                         published_at="2026-05-04T18:30:00Z")
        posts[name] = (await api.post("/v1/posts", json=body)).json()["id"]
    rows = []
    for name, post in posts.items():
        texts = ({k: v for k, v in ENGLISH[name].items()} | {k: v for k, (v, _) in OTHER[name].items()}
                 | {k: v for k, (v, _) in SPAM[name].items()})
        for i, (comment_id, text) in enumerate(texts.items()):
            rows.append({"post_id": post, "comment_id": f"{name}-{comment_id}", "text": text,
                         "commented_at": f"2026-05-0{5 + i % 2}T10:{i:02d}:00Z", "author": f"fan{i}"})
    # The same author pasting the same praise again: the copy is spam, the first one counts.
    rows.append({**rows[0], "comment_id": "mia-en1-again", "commented_at": "2026-05-06T23:00:00Z"})
    return {"campaign": campaign, "posts": posts, "creators": creators, "rows": rows}


async def test_s7_comment_sentiment_per_post_creator_and_campaign(
    api: httpx.AsyncClient, skincare: dict[str, Any], client_for: Callable[..., Any],
    token_for: Callable[..., str],
) -> None:
    posts, rows = skincare["posts"], skincare["rows"]
    at, early = "2026-05-05T10:00:00Z", "2026-04-01T10:00:00Z"
    bad = [
        {"post_id": str(uuid.uuid4()), "comment_id": "x1", "text": "Love it so much", "commented_at": at},
        {"post_id": posts["mia"], "comment_id": "x2", "text": "So early", "commented_at": early},
        {"post_id": posts["mia"], "comment_id": "x3", "text": "   ", "commented_at": at},
        {"post_id": posts["mia"], "text": "no id here at all", "commented_at": at},
    ]
    first = await api.post("/v1/comments:import", content=_ndjson(rows + bad),
                           headers={"content-type": "application/x-ndjson"})
    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["rows"], report["stored"], report["already_stored"], report["rejected"]) == (
        len(rows) + 4, len(rows), 0, 4)
    assert [(p["row"], p["field"]) for p in report["problems"]] == [
        (len(rows) + 1, "post_id"), (len(rows) + 2, "commented_at"), (len(rows) + 3, "text"),
        (len(rows) + 4, "comment_id")]
    assert report["problems"][1]["reason"].startswith("before the post was published")

    for name, post in posts.items():
        found = (await api.get(f"/v1/posts/{post}/sentiment")).json()
        scores = _vader(list(ENGLISH[name].values()))
        assert found["scored"] == len(scores)
        assert found["sentiment"] == pytest.approx(sum(scores) / len(scores))
        assert (found["positive"], found["negative"]) == (sum(s >= 0.05 for s in scores),
                                                          sum(s <= -0.05 for s in scores))
        languages = [language for _, language in OTHER[name].values()]
        assert found["unscored"] == len(languages)
        assert found["unscored_reasons"] == {"no_analyser": len(languages)}
        assert found["unscored_languages"] == {lang: languages.count(lang) for lang in set(languages)}
        reasons = [reason for _, reason in SPAM[name].values()] + (["repeated"] if name == "mia" else [])
        assert found["spam"] == len(reasons)
        assert found["spam_reasons"] == {r: reasons.count(r) for r in set(reasons)}

    every = _vader([t for texts in ENGLISH.values() for t in texts.values()])
    campaign_id = skincare["campaign"].campaign_id
    whole = (await api.get(f"/v1/campaigns/{campaign_id}/sentiment", params={"by": "influencer"})).json()
    assert whole["sentiment"] == pytest.approx(sum(every) / len(every))
    assert (whole["comments"], whole["scored"], whole["unscored"], whole["spam"]) == (len(rows), 5, 5, 4)
    assert {g["key"] for g in whole["groups"]} == set(skincare["creators"].values())
    mia = (await api.get(f"/v1/influencers/{skincare['creators']['mia']}/sentiment")).json()
    assert mia["scored"] == len(ENGLISH["mia"])
    kpis = (await api.get(f"/v1/campaigns/{campaign_id}/kpis")).json()
    assert kpis["values"]["sentiment"] == pytest.approx(sum(every) / len(every))
    assert kpis["campaign"]["counts"]["sentiment_scored"] == 5

    again = (await api.post("/v1/comments:import", content=_ndjson(rows),
                            headers={"content-type": "application/x-ndjson"})).json()
    assert (again["stored"], again["updated"], again["already_stored"]) == (0, 0, len(rows))
    unchanged = (await api.get(f"/v1/campaigns/{campaign_id}/sentiment")).json()
    assert unchanged == {**whole, "groups": [], "sentiment": pytest.approx(whole["sentiment"]),
                         "score_sum": pytest.approx(whole["score_sum"])}

    edited = {**rows[2], "text": "Update: it grew on me, I love it now"}  # was "Terrible, it burned…"
    csv = ("post_id,comment_id,text,commented_at\n"
           f'{edited["post_id"]},{edited["comment_id"]},"{edited["text"]}",{edited["commented_at"]}\n')
    changed = (await api.post("/v1/comments:import", content=csv,
                              headers={"content-type": "text/csv"})).json()
    assert (changed["stored"], changed["updated"]) == (0, 1)
    after = (await api.get(f"/v1/posts/{posts['mia']}/sentiment")).json()
    assert (after["scored"], after["negative"]) == (3, 0)

    listed, cursor = [], None
    while True:
        page = (await api.get(f"/v1/posts/{posts['leo']}/comments",
                              params={"limit": 2, **({"cursor": cursor} if cursor else {})})).json()
        listed += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    assert len(listed) == len(ENGLISH["leo"]) + len(OTHER["leo"]) + len(SPAM["leo"])
    assert [c["commented_at"] for c in listed] == sorted((c["commented_at"] for c in listed), reverse=True)
    german = [c for c in listed if c["language"] == "de"]
    assert {(c["status"], c["reason"], c["score"]) for c in german} == {("unscored", "no_analyser", None)}
    spam = (await api.get(f"/v1/posts/{posts['leo']}/comments", params={"status": "spam"})).json()
    assert [(c["text"], c["reason"]) for c in spam["items"]] == list(SPAM["leo"].values())

    async with client_for("tracking", token_for(uuid.uuid4())) as intruder:
        assert (await intruder.get(f"/v1/posts/{posts['mia']}/comments")).status_code == 404
        assert (await intruder.get(f"/v1/posts/{posts['mia']}/sentiment")).status_code == 404
        assert (await intruder.get(f"/v1/campaigns/{campaign_id}/sentiment")).status_code == 404


async def test_a_bot_rings_line_is_spam_from_its_third_account_across_imports(
    api: httpx.AsyncClient, skincare: dict[str, Any],
) -> None:
    """Five accounts paste one glowing line under Mia's post, two in one import and three in the
    next: the first two count, the other three are spam, and Leo's post, where one of them says
    it once, is not touched."""
    post, other = skincare["posts"]["mia"], skincare["posts"]["leo"]
    line = "Amazing glow, best serum ever, buy it now"

    def pasted(accounts: range, on: str) -> list[dict[str, Any]]:
        return [{"post_id": on, "comment_id": f"ring-{on[:8]}-{n}", "text": line, "author": f"@ring{n}",
                 "commented_at": f"2026-05-05T12:{n:02d}:00Z"} for n in accounts]

    for rows in (pasted(range(2), post), pasted(range(2, 5), post) + pasted(range(1), other)):
        imported = await api.post("/v1/comments:import", content=_ndjson(rows),
                                  headers={"content-type": "application/x-ndjson"})
        assert imported.status_code == 200, imported.text
    said = (await api.get(f"/v1/posts/{post}/comments", params={"limit": 100})).json()["items"]
    assert sorted((c["commented_at"][11:16], c["status"]) for c in said) == [
        ("12:00", "scored"), ("12:01", "scored"), ("12:02", "spam"), ("12:03", "spam"), ("12:04", "spam")]
    assert {c["reason"] for c in said if c["status"] == "spam"} == {"repeated"}
    elsewhere = (await api.get(f"/v1/posts/{other}/comments")).json()["items"]
    assert [c["status"] for c in elsewhere] == ["scored"]
    sentiment = (await api.get(f"/v1/posts/{post}/sentiment")).json()
    assert (sentiment["scored"], sentiment["spam"]) == (2, 3)


async def test_scored_comments_reach_the_campaigns_kpis_on_the_broker(
    make_settings: Callable[..., BaseServiceSettings], running_worker: Callable[..., Any],
    api: httpx.AsyncClient, workspace: uuid.UUID, clean_db: str,
) -> None:
    settings = make_settings("tracking")
    campaign = campaign_event(goal_metrics=["sentiment"])
    texts = ["I love this serum, my skin has never looked so good!", "Not worth the price, very disappointed",
             "Me encanta este sérum, mi piel está increíble", "🔥🔥🔥"]
    async with (
        events_on(settings, CampaignKpisUpdated) as announced,
        running_worker("tracking", kpi_poll_s=0.05) as worker,
    ):
        await publish(settings, workspace, campaign)
        await eventually(worker.consumers[0].caught_up)
        post = (await api.post("/v1/posts", json=post_body(campaign.campaign_id))).json()["id"]
        rows = [{"post_id": post, "comment_id": str(i), "text": t, "commented_at": "2026-05-05T10:00:00Z"}
                for i, t in enumerate(texts)]
        assert (await api.post("/v1/comments:import", content=_ndjson(rows),
                               headers={"content-type": "application/x-ndjson"})).json()["stored"] == 4

        def latest() -> CampaignKpisUpdated | None:
            found = [e for e in announced.of_type(CampaignKpisUpdated) if "sentiment" in e.values]
            return found[-1] if found else None

        await eventually(lambda: latest() is not None)
    event = latest()
    assert event is not None
    scores = _vader(texts[:2])
    assert event.values["sentiment"] == pytest.approx(sum(scores) / 2)
    (only,) = event.slices
    assert (only.values["sentiment"], only.sentiment_scored) == (pytest.approx(sum(scores) / 2), 2)
    assert event.daily[-1].values["sentiment"] == pytest.approx(sum(scores) / 2)
