"""`POST /v1/checks`, `GET /v1/checks` and `GET /v1/checks/{id}` against the real database."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import SeedGuidelines

LABEL_IN_HASHTAGS = "Meine neue Lieblingscreme von @acme, so ein schöner Glow! #skincare #glow #werbung"


def body(text: str = "Ad: my new favourite serum from @acme", **fields: Any) -> dict[str, Any]:
    return {"text": text, "platform": "instagram", "markets": ["US"], **fields}


async def test_a_check_answers_the_verdict_per_market_with_findings_and_is_stored(
    api: httpx.AsyncClient,
) -> None:
    created = await api.post("/v1/checks", json=body(LABEL_IN_HASHTAGS, markets=["DE", "AT"]))
    assert created.status_code == 201
    check = created.json()
    assert check["verdict"] == "non_compliant"
    assert {m["market"]: m["rule_set"] for m in check["markets"]} == {"DE": "DE", "AT": "EU"}
    assert check["rule_set_version"].startswith("DE@")
    assert check["language"] == {"code": "de", "detector": "stopword-profile-v1",
                                 "confidence": check["language"]["confidence"]}
    german = [f for f in check["findings"] if f["jurisdiction"] == "DE"]
    assert german and all(f["suggestion"] for f in german if f["severity"] == "error")
    assert [(f["code"], f["evidence"]["text"]) for f in german] == [
        ("label_in_hashtag_block", "#werbung")]
    stored = (await api.get(f"/v1/checks/{check['id']}")).json()
    assert stored == check
    assert stored["input"]["text"] == LABEL_IN_HASHTAGS and stored["subject_type"] == "adhoc"


async def test_a_given_language_is_used_instead_of_detection(api: httpx.AsyncClient) -> None:
    check = (await api.post("/v1/checks", json=body(language="en"))).json()
    assert check["verdict"] == "compliant"
    assert check["language"] == {"code": "en", "detector": "given", "confidence": 1.0}


async def test_a_campaign_supplies_default_markets_and_its_brand_guidelines(
    api: httpx.AsyncClient, seed_guidelines: SeedGuidelines,
) -> None:
    campaign = await seed_guidelines(["US"], required_hashtags=["#acmeglow"], banned_terms=["cure"])
    request = {"text": "#ad this serum will cure everything", "platform": "instagram",
               "campaign_id": str(campaign.campaign_id)}
    check = (await api.post("/v1/checks", json=request)).json()
    assert check["input"]["markets"] == ["US"]
    assert check["campaign_id"] == str(campaign.campaign_id)
    codes = {f["code"] for f in check["findings"] if f["jurisdiction"] is None}
    assert codes == {"required_hashtag_missing", "banned_term_present"}
    assert check["verdict"] == "non_compliant"


async def test_a_campaign_compliance_knows_nothing_of_is_a_field_error(api: httpx.AsyncClient) -> None:
    response = await api.post("/v1/checks", json=body(campaign_id=str(uuid.uuid4())))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.campaign_id"]


@pytest.mark.parametrize(("change", "field"), [
    ({"markets": ["US", "XX"]}, "body.markets.1"),
    ({"markets": ["USA"]}, "body.markets.0"),
    ({"markets": []}, "body.markets"),
    ({"markets": ["US"] * 51}, "body.markets"),
    ({"markets": None}, "body.markets"),
    ({"platform": "myspace"}, "body.platform"),
    ({"format": "hologram"}, "body.format"),
    ({"relationship": "cousin"}, "body.relationship"),
    ({"text": "   \n"}, "body.text"),
    ({"language": "German"}, "body.language"),
    ({"image_edited": {"retouched": "very"}}, "body.image_edited.retouched"),
])
async def test_bad_input_is_a_validation_problem_naming_the_field(
    api: httpx.AsyncClient, change: dict[str, Any], field: str,
) -> None:
    response = await api.post("/v1/checks", json=body(**change))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_a_retried_check_with_the_same_idempotency_key_is_stored_once(
    api: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "check-42"}
    first = await api.post("/v1/checks", json=body(), headers=headers)
    again = await api.post("/v1/checks", json=body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len((await api.get("/v1/checks")).json()["items"]) == 1


async def test_checks_filter_by_campaign_influencer_verdict_and_market_newest_first(
    api: httpx.AsyncClient, seed_guidelines: SeedGuidelines,
) -> None:
    campaign = str((await seed_guidelines(["DE"])).campaign_id)
    influencer = str(uuid.uuid4())
    ok = await api.post("/v1/checks", json=body(influencer_id=influencer))
    bad = await api.post("/v1/checks", json=body("new serum!", markets=["US", "FR"]))
    german = await api.post("/v1/checks", json=body("Anzeige: mein Serum", markets=None,
                                                     campaign_id=campaign))

    async def ids(**params: str) -> list[str]:
        return [c["id"] for c in (await api.get("/v1/checks", params=params)).json()["items"]]

    assert await ids() == [german.json()["id"], bad.json()["id"], ok.json()["id"]]
    assert await ids(campaign_id=campaign) == [german.json()["id"]]
    assert await ids(influencer_id=influencer) == [ok.json()["id"]]
    assert await ids(verdict="non_compliant") == [bad.json()["id"]]
    assert await ids(market="fr") == [bad.json()["id"]]
    assert (await api.get("/v1/checks", params={"verdict": "fine"})).status_code == 422


async def test_the_list_pages_with_a_cursor(api: httpx.AsyncClient) -> None:
    created = [(await api.post("/v1/checks", json=body())).json()["id"] for _ in range(3)]
    first = (await api.get("/v1/checks", params={"limit": 2})).json()
    rest = (await api.get("/v1/checks", params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [c["id"] for c in first["items"] + rest["items"]] == created[::-1]
    assert rest["next_cursor"] is None


async def test_another_workspace_sees_none_of_the_checks(
    api: httpx.AsyncClient, client_for: Callable[..., Any], token_for: Callable[..., str],
) -> None:
    check_id = (await api.post("/v1/checks", json=body())).json()["id"]
    async with client_for("compliance", token_for(uuid.uuid4())) as other:
        assert (await other.get(f"/v1/checks/{check_id}")).status_code == 404
        assert (await other.get("/v1/checks")).json()["items"] == []


async def test_the_market_filter_finds_checks_made_under_either_spelling_of_a_market(
    api: httpx.AsyncClient,
) -> None:
    uk = (await api.post("/v1/checks", json=body(markets=["UK"]))).json()["id"]
    gb = (await api.post("/v1/checks", json=body(markets=["GB"]))).json()["id"]
    await api.post("/v1/checks", json=body(markets=["US"]))
    for market in ("GB", "uk"):
        found = (await api.get("/v1/checks", params={"market": market})).json()["items"]
        assert [c["id"] for c in found] == [gb, uk], market
