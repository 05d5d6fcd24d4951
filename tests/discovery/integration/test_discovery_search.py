"""Search, match and lookalikes over HTTP on a small imported index."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from discovery_integration_data import CSV_HEADER, LENA, csv_row

from shared.http.pagination import encode_cursor

ROWS = [
    csv_row("ana.vegan", 52000, bio="vegan beauty tips", values="animal_welfare",
            rate_card="reel:90000", rate_currency="EUR", contact_email="ana@example.com"),
    csv_row("bea.fit", 240000, topics="fitness", audience_countries="US:0.6|GB:0.2",
            languages="en", country="US"),
    csv_row("cid.style", 8000, topics="fashion|beauty", audience_gender="male:0.6|female:0.4"),
    csv_row("dora.de", 1500000, topics="beauty", audience_countries="DE:0.35|AT:0.3",
            rate_card="reel:900000", rate_currency="EUR"),
    csv_row("eli.fr", 30000, topics="beauty", languages="fr", country="FR",
            audience_countries="FR:0.7"),
]


@pytest.fixture
async def client(client_for: Callable[..., Any], token_for: Callable[..., str],
                 workspace: uuid.UUID) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("discovery", token_for(workspace)) as client:
        report = (await client.post("/v1/influencers:import", content=(CSV_HEADER + "".join(ROWS)).encode(),
                                    headers={"content-type": "text/csv"})).json()
        assert report["imported"] == len(ROWS), report
        yield client


async def _handles(client: httpx.AsyncClient, body: dict[str, Any]) -> list[str]:
    response = await client.post("/v1/influencers/search", json=body)
    assert response.status_code == 200, response.text
    return [item["handle"] for item in response.json()["items"]]


async def test_combined_filters_and_audience_shares_narrow_the_results(client: httpx.AsyncClient) -> None:
    assert await _handles(client, {"topics": ["beauty"], "followers": {"min": 10000},
                                   "audience": [{"dimension": "country", "any_of": [
                                       {"value": "DE", "min_share": 0.34}]}]}) == ["dora.de", "ana.vegan"]
    assert await _handles(client, {"audience": [
        {"dimension": "country", "any_of": [{"value": "DE", "min_share": 0.4},
                                            {"value": "FR", "min_share": 0.5}]},
        {"dimension": "gender", "any_of": [{"value": "female", "min_share": 0.5}]}]}) == [
        "ana.vegan", "eli.fr"]
    assert await _handles(client, {"tiers": ["mega"]}) == ["dora.de"]
    assert await _handles(client, {"values": ["animal_welfare"], "has_contact": True}) == ["ana.vegan"]
    assert await _handles(client, {"prices": [{"format": "reel", "currency": "EUR",
                                               "max_minor": 100000}]}) == ["ana.vegan"]
    assert await _handles(client, {"languages": ["en"], "countries": ["US"]}) == ["bea.fit"]


async def test_audience_codes_match_in_any_case_as_the_other_country_and_language_filters(
        client: httpx.AsyncClient) -> None:
    # Profiles store "de" as DE (CountryCode); `countries: ["de"]` finds them, so must this.
    for value in ("de", " De "):
        assert await _handles(client, {"audience": [{"dimension": "country", "any_of": [
            {"value": value, "min_share": 0.34}]}]}) == ["dora.de", "ana.vegan", "cid.style"]
    assert (await client.post("/v1/influencers", json=LENA)).status_code == 201
    assert await _handles(client, {"audience": [{"dimension": "language", "any_of": [
        {"value": "DE", "min_share": 0.8}]}]}) == ["lena.berg"]


async def test_text_matches_bio_and_fuzzy_handles(client: httpx.AsyncClient) -> None:
    assert await _handles(client, {"text": "vegan"}) == ["ana.vegan"]
    assert (await _handles(client, {"text": "dora.d"}))[0] == "dora.de"


async def test_keyset_pages_cover_every_match_once_in_order(client: httpx.AsyncClient) -> None:
    seen: list[int] = []
    body: dict[str, Any] = {"sort": "followers", "limit": 2}
    while True:
        page = (await client.post("/v1/influencers/search", json=body)).json()
        seen += [item["followers"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        body["cursor"] = page["next_cursor"]
    assert seen == sorted((int(r.split(",")[2]) for r in ROWS), reverse=True)


async def test_facets_count_the_current_filters(client: httpx.AsyncClient) -> None:
    page = (await client.post("/v1/influencers/search", json={"topics": ["beauty"], "facets": True})).json()
    facets = page["facets"]
    assert facets["platform"] == [{"value": "instagram", "count": 4}]
    assert {f["value"]: f["count"] for f in facets["tier"]} == {"micro": 2, "nano": 1, "mega": 1}
    assert facets["approximate"] is False


async def test_blocked_and_excluded_influencers_are_hidden(client: httpx.AsyncClient) -> None:
    hits = (await client.post("/v1/influencers/search", json={"sort": "followers"})).json()["items"]
    dora, bea = hits[0]["influencer_id"], hits[1]["influencer_id"]
    assert (await client.post("/v1/blocklist", json={"influencer_id": dora})).status_code == 201
    remaining = await _handles(client, {"sort": "followers", "exclude_influencers": [bea]})
    assert remaining == ["ana.vegan", "eli.fr", "cid.style"]
    assert len((await client.get("/v1/blocklist")).json()["items"]) == 1
    assert (await client.delete(f"/v1/blocklist/{dora}")).status_code == 204


async def test_match_ranks_by_explained_fit_within_budget(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/match", json={
        "persona": {"countries": ["DE"], "genders": ["female"]}, "topics": ["beauty"],
        "required_values": [], "platforms": ["instagram"],
        "budget_per_influencer": {"amount_minor": 100000, "currency": "EUR"}})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["handle"] for i in items] == ["ana.vegan", "cid.style"]  # dora.de is over budget
    parts = {p["name"] for p in items[0]["parts"]}
    assert {"audience_overlap", "topic_relevance", "cost_within_budget"} <= parts
    assert items[0]["cost"]["cost_per_mille_minor"] > 0


async def test_a_brief_asking_for_one_format_is_priced_by_that_format_alone(
        client: httpx.AsyncClient) -> None:
    # Fit prices a brief by the formats it asks for: a story rate says nothing about a reel.
    storyteller = {"display_name": "Story Teller", "topics": ["beauty"], "rate_card": [
        {"platform": "instagram", "format": "story", "price": {"amount_minor": 500000, "currency": "EUR"}}],
        "accounts": [{"platform": "instagram", "handle": "story.teller", "followers": 20000}]}
    assert (await client.post("/v1/influencers", json=storyteller)).status_code == 201
    brief = {"topics": ["beauty"], "formats": ["reel"],
             "budget_per_influencer": {"amount_minor": 100000, "currency": "EUR"}}
    response = await client.post("/v1/match", json=brief)
    assert response.status_code == 200, response.text
    items = {i["handle"]: i for i in response.json()["items"]}
    # ana.vegan's reel is within budget; dora.de's reel is over it; story.teller has no reel price.
    assert set(items) == {"ana.vegan", "cid.style", "eli.fr", "story.teller"}
    cost = next(p for p in items["story.teller"]["parts"] if p["name"] == "cost_within_budget")
    assert not cost["evaluated"]
    assert "story.teller" in await _handles(client, {"sort": "fit", "brief": brief})


EU = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
      "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]


async def test_a_brief_naming_every_eu_country_or_repeating_a_topic_is_matched(
    client: httpx.AsyncClient,
) -> None:
    for brief in ({"persona": {"countries": EU}, "topics": ["beauty"]},
                  {"persona": {"countries": ["DE", "FR"]}, "topics": ["beauty"] * 51}):
        response = await client.post("/v1/match", json=brief)
        assert response.status_code == 200, response.text
        handles = {i["handle"] for i in response.json()["items"]}
        assert handles == {"ana.vegan", "cid.style", "dora.de", "eli.fr"}


async def test_sort_by_fit_uses_the_brief(client: httpx.AsyncClient) -> None:
    page = (await client.post("/v1/influencers/search", json={
        "sort": "fit", "brief": {"topics": ["fitness"]}})).json()
    assert page["items"][0]["handle"] == "bea.fit"
    refused = await client.post("/v1/influencers/search", json={"sort": "fit"})
    assert refused.status_code == 422


async def test_lookalikes_rank_similar_audiences_first(client: httpx.AsyncClient) -> None:
    hits = (await client.post("/v1/influencers/search", json={"text": "ana.vegan"})).json()["items"]
    response = await client.get(f"/v1/influencers/{hits[0]['influencer_id']}/lookalikes", params={"limit": 3})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items[0]["handle"] in {"cid.style", "dora.de"}
    assert items[-1]["similarity"] <= items[0]["similarity"]


async def _all_pages(client: httpx.AsyncClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = (await client.post("/v1/influencers/search", json=body)).json()
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        body = body | {"cursor": page["next_cursor"]}


async def test_tiers_apart_are_sorted_by_followers_without_the_tiers_between(
        client: httpx.AsyncClient) -> None:
    items = await _all_pages(client, {"sort": "followers", "tiers": ["micro", "mega"], "limit": 2})
    assert [i["handle"] for i in items] == ["dora.de", "ana.vegan", "eli.fr"]


async def test_relevance_pages_rank_text_matches_by_score(client: httpx.AsyncClient) -> None:
    items = await _all_pages(client, {"text": "beauty", "limit": 1})
    scores = [i["score"] for i in items]
    assert {i["handle"] for i in items} == {"ana.vegan", "cid.style", "dora.de", "eli.fr"}
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


async def test_relevance_ranks_a_window_of_the_most_followed_matches(
        client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("services.discovery.search.service.RELEVANCE_WINDOW", 2)
    items = await _all_pages(client, {"text": "beauty", "limit": 1})
    assert {i["handle"] for i in items} == {"dora.de", "ana.vegan"}


async def test_a_relevance_page_larger_than_the_window_holds_the_whole_window(
        client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("services.discovery.search.service.RELEVANCE_WINDOW", 3)
    page = (await client.post("/v1/influencers/search", json={"text": "beauty", "limit": 10})).json()
    assert len(page["items"]) == 3
    assert page["next_cursor"] is None


@pytest.mark.parametrize("body", [{"sort": "followers"}, {"text": "beauty"},
                                  {"sort": "fit", "brief": {"topics": ["beauty"]}}])
async def test_a_cursor_whose_key_is_not_a_number_is_a_bad_request(
        client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    cursor = encode_cursor(["52000", str(uuid.uuid4())])
    response = await client.post("/v1/influencers/search", json=body | {"cursor": cursor})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/invalid-cursor")


async def test_text_holding_a_nul_character_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/influencers/search", json={"text": "vegan\u0000"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["body.text"]


async def test_a_price_range_whose_min_exceeds_its_max_is_refused_as_the_other_ranges_are(
        client: httpx.AsyncClient) -> None:
    price = {"format": "reel", "currency": "EUR", "min_minor": 100000, "max_minor": 90000}
    refused = [await client.post("/v1/influencers/search", json=body) for body in (
        {"followers": {"min": 10, "max": 9}}, {"prices": [price]})]
    assert [r.status_code for r in refused] == [422, 422], refused[1].text
    assert refused[1].headers["content-type"] == "application/problem+json"
    [followers], [prices] = (r.json()["errors"] for r in refused)
    assert (followers["field"], prices["field"]) == ("body.followers", "body.prices.0")
    assert prices["type"] == followers["type"]
    assert prices["message"] == "Value error, min_minor is greater than max_minor"


async def test_a_brief_matches_audiences_known_only_by_their_top_country(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    ranking = ("AccountName,Name,Category_1,Category_2,Subscribers,Country,AuthenticEngagement,"
               "EngagementAverage\nar.star,Ar Star,Fashion,,1.2M,Argentina,20K,30K\n"
               "us.star,Us Star,Fashion,,2M,United States,20K,30K\n")
    async with client_for("discovery", token_for(workspace)) as client:
        report = (await client.post("/v1/influencers:import", content=ranking.encode(),
                                    headers={"content-type": "text/csv"})).json()
        assert report["imported"] == 2, report
        matched = await client.post("/v1/match", json={"persona": {"countries": ["AR"]},
                                                       "topics": ["fashion"]})
        by_share = await _handles(client, {"audience": [
            {"dimension": "country", "any_of": [{"value": "AR", "min_share": 0.01}]}]})
    assert matched.status_code == 200, matched.text
    items = matched.json()["items"]
    assert [i["handle"] for i in items] == ["ar.star"]
    overlap = next(p for p in items[0]["parts"] if p["name"] == "audience_overlap")
    assert overlap["evaluated"] and overlap["points"] > 0
    assert by_share == []  # the ranking gives no share, so none is invented for a share filter


async def test_a_search_sorted_by_fit_counts_and_shows_what_its_brief_ranks(
    client: httpx.AsyncClient,
) -> None:
    body: dict[str, Any] = {"sort": "fit", "brief": {"topics": ["beauty"]}, "facets": True}
    page = (await client.post("/v1/influencers/search", json=body)).json()
    assert {f["value"]: f["count"] for f in page["facets"]["tier"]} == {"micro": 2, "nano": 1, "mega": 1}
    assert page["facets"]["counted"] == len(page["items"]) == 4  # bea.fit is about fitness
    dora = next(i["influencer_id"] for i in page["items"] if i["handle"] == "dora.de")
    assert (await client.post("/v1/blocklist", json={"influencer_id": dora})).status_code == 201
    assert "dora.de" not in await _handles(client, body)
    assert "dora.de" in await _handles(client, {**body, "include_blocked": True})


async def test_hits_show_when_and_whence_their_figures_were_observed(client: httpx.AsyncClient) -> None:
    page = (await client.post("/v1/influencers/search", json={"text": "eli.fr"})).json()
    freshness = page["items"][0]["freshness"]
    assert set(freshness) == {"followers", "engagement", "audience"}
    followers = freshness["followers"]
    assert (followers["source"], followers["stale"], followers["max_age_days"]) == ("imported", True, 7)
    assert followers["observed_at"].startswith("2025-05-01T00:00:00")


@pytest.mark.parametrize("bound", ["NaN", "Infinity", "-Infinity"])
async def test_a_range_bound_that_is_not_a_finite_number_is_refused_naming_it(
        client: httpx.AsyncClient, bound: str) -> None:
    # Python's json.dumps writes float('nan') as NaN: a NaN minimum matched nothing, silently.
    body = f'{{"engagement_rate": {{"min": {bound}}}}}'
    refused = await client.post("/v1/influencers/search", content=body,
                                headers={"content-type": "application/json"})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in refused.json()["errors"]] == ["body.engagement_rate.min"]


@pytest.mark.parametrize(("dimension", "value"), [
    ("country", "XX"), ("language", "english"), ("age", "25-35"), ("gender", "Female"),
    ("interest", "beuty")])
async def test_an_audience_value_outside_its_dimension_is_refused_naming_it(
        client: httpx.AsyncClient, dimension: str, value: str) -> None:
    # Audiences hold only these vocabularies: such a value can never match, and it silently
    # returned no results (`countries: ["XX"]` is refused).
    refused = await client.post("/v1/influencers/search", json={"audience": [
        {"dimension": dimension, "any_of": [{"value": value, "min_share": 0.1}]}]})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    [error] = refused.json()["errors"]
    assert error["field"] == "body.audience.0"
    assert repr(value) in error["message"]


async def test_cities_and_brands_match_whatever_their_case_and_surrounding_spaces(
        client: httpx.AsyncClient) -> None:
    audience = {**LENA["accounts"][0]["audience"], "cities": {" Munich": 0.3}}
    lena = {**LENA, "city": "Munich ", "collaborations": [{"brand": " Acme Cosmetics"}],
            "accounts": [{**LENA["accounts"][0], "audience": audience}]}
    assert (await client.post("/v1/influencers", json=lena)).status_code == 201
    for munich in ("munich", " MUNICH  "):
        assert await _handles(client, {"cities": [munich]}) == ["lena.berg"]
        assert await _handles(client, {"audience": [{"dimension": "city", "any_of": [
            {"value": munich, "min_share": 0.3}]}]}) == ["lena.berg"]
    for acme in ("acme cosmetics", "ACME Cosmetics "):
        assert await _handles(client, {"brands": [acme]}) == ["lena.berg"]
