"""Bulk import over HTTP against the real database: good rows stored, bad rows reported."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from discovery_integration_data import CSV_HEADER, csv_row

from services.discovery.profile_import.parsing.datasets import INSTAGRAM_TOP_1000_DEC_2022

CSV = {"content-type": "text/csv"}


def _problems(report: dict[str, Any]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for p in report["problems"]:
        found.setdefault(p["row"], []).append((p["field"], p["reason"]))
    return found


async def test_bad_rows_are_reported_per_row_and_good_rows_still_import(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    body = (CSV_HEADER + csv_row("ana", 50000)
            + csv_row("bea", 40000, audience_countries="DE:0.8|AT:0.4")
            + csv_row("cid", 30000, platform="myspace")
            + csv_row("dan", -5)
            + "instagram,eve,12\n"
            + csv_row("fay", 20000)
            + 'instagram,"gil,12\n')
    async with client_for("discovery", token_for(workspace)) as client:
        response = await client.post("/v1/influencers:import", content=body.encode(), headers=CSV)
        listed = (await client.get("/v1/influencers")).json()["items"]
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["rows"], report["imported"], report["rejected"]) == (7, 2, 5)
    problems = _problems(report)
    assert problems[2][0][0] == "audience_countries" and "at most 1" in problems[2][0][1]
    assert problems[3][0][0] == "platform"
    assert problems[4][0][0] == "followers" and "greater than or equal to 0" in problems[4][0][1]
    assert problems[5] == [("row", "expected 18 fields, got 3")]
    assert "quoted field never closed" in problems[7][0][1]
    assert sorted(i["accounts"][0]["handle"] for i in listed) == ["ana", "fay"]


async def test_importing_the_same_file_twice_updates_and_records_one_snapshot(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    database_url: str,
) -> None:
    body = (CSV_HEADER + csv_row("ana", 50000) + csv_row("bea", 40000)).encode()
    async with client_for("discovery", token_for(workspace)) as client:
        first = (await client.post("/v1/influencers:import", content=body, headers=CSV)).json()
        again = (await client.post("/v1/influencers:import", content=body, headers=CSV)).json()
        listed = (await client.get("/v1/influencers")).json()["items"]
    assert (first["created"], first["updated"]) == (2, 0)
    assert (again["created"], again["updated"]) == (0, 2)
    assert len(listed) == 2
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        counts = [await conn.fetchval(f"SELECT count(*) FROM discovery.{t}")
                  for t in ("account_snapshots", "account_search", "influencer_vectors")]
    finally:
        await conn.close()
    assert counts == [2, 2, 2]


async def test_a_reimport_with_newer_counts_gives_the_search_row_its_growth(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    database_url: str,
) -> None:
    def line(followers: int, days_ago: int) -> bytes:
        observed = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
        stats = {"followers": followers, "provenance": {"observed_at": observed, "source": "imported"}}
        return json.dumps({"accounts": [{"platform": "tiktok", "handle": "ana", "stats": stats}]}).encode()

    ndjson = {"content-type": "application/x-ndjson"}
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        async with client_for("discovery", token_for(workspace)) as client:
            await client.post("/v1/influencers:import", content=line(1000, 10), headers=ndjson)
            first = await conn.fetchval("SELECT growth_30d FROM discovery.account_search")
            await client.post("/v1/influencers:import", content=line(1250, 1), headers=ndjson)
            second = await conn.fetchval("SELECT growth_30d FROM discovery.account_search")
    finally:
        await conn.close()
    assert first is None  # one observation shows no growth
    assert second == pytest.approx(0.25)


async def test_a_row_naming_one_account_of_a_stored_influencer_keeps_the_others(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    def account(platform: str, handle: str, followers: int) -> dict[str, Any]:
        return {"platform": platform, "handle": handle, "stats": {"followers": followers, "provenance": {
            "observed_at": "2025-05-01T00:00:00Z", "source": "imported"}}}

    both = {"display_name": "Ana", "accounts": [account("tiktok", "ana", 1000),
                                                  account("youtube", "anatube", 5000)]}
    one = {"accounts": [account("tiktok", "ana", 1200)]}
    ndjson = {"content-type": "application/x-ndjson"}
    async with client_for("discovery", token_for(workspace)) as client:
        await client.post("/v1/influencers:import", content=json.dumps(both).encode(), headers=ndjson)
        again = (await client.post("/v1/influencers:import", content=json.dumps(one).encode(),
                                   headers=ndjson)).json()
        (listed,) = (await client.get("/v1/influencers")).json()["items"]
    assert (again["updated"], again["rejected"]) == (1, 0), again
    followers = {a["handle"]: a["followers"] for a in listed["accounts"]}
    assert followers == {"ana": 1200, "anatube": 5000}


async def test_ndjson_is_chosen_by_content_type_and_json_errors_are_per_line(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    good = {"display_name": "Ana", "accounts": [{"platform": "tiktok", "handle": "ana", "stats": {
        "followers": 1000, "provenance": {"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}}}]}
    body = json.dumps(good) + "\n{not json\n"
    async with client_for("discovery", token_for(workspace)) as client:
        report = (await client.post("/v1/influencers:import", content=body.encode(),
                                    headers={"content-type": "application/x-ndjson"})).json()
        unknown = await client.post("/v1/influencers:import", content=b"x", headers={
            "content-type": "application/json"})
        bad_preset = await client.post("/v1/influencers:import?preset=nope", content=b"x", headers=CSV)
    assert (report["format"], report["imported"], report["rejected"]) == ("ndjson", 1, 1)
    assert report["problems"][0]["row"] == 2
    assert unknown.status_code == 415
    assert bad_preset.status_code == 422


@pytest.mark.dataset
@pytest.mark.skipif(not INSTAGRAM_TOP_1000_DEC_2022.exists(),
                    reason=f"dataset absent: {INSTAGRAM_TOP_1000_DEC_2022} (../shared/datasets not mounted)")
async def test_every_row_of_the_instagram_ranking_imports_or_is_reported_over_http(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    body = INSTAGRAM_TOP_1000_DEC_2022.read_bytes()
    async with client_for("discovery", token_for(workspace)) as client:
        response = await client.post("/v1/influencers:import", content=body, headers=CSV)
        search = (await client.post("/v1/influencers/search", json={
            "topics": ["ball_sports"], "sort": "followers", "limit": 3})).json()
    report = response.json()
    assert report["preset"] == "hypeauditor-top-instagram"
    assert report["rows"] == 1000
    reported = {p["row"] for p in report["problems"] if p["row"] > 0}
    assert report["imported"] + len(reported) == 1000
    assert report["imported"] == 991
    assert all(p["reason"] for p in report["problems"])
    assert search["items"][0]["handle"] == "cristiano"


def _ndjson_line(handle: str, **fields: Any) -> str:
    stats = {"followers": fields.pop("followers", 1000),
             "provenance": {"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}}
    account = {"platform": "tiktok", "handle": handle, "stats": stats, **fields.pop("account", {})}
    return json.dumps({"accounts": [account], **fields}) + "\n"


async def _import_ndjson(client: Any, body: str) -> tuple[dict[str, Any], list[str]]:
    """The import's report, and the handles then stored."""
    response = await client.post("/v1/influencers:import", content=body.encode(),
                                 headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 200, response.text
    listed = (await client.get("/v1/influencers")).json()["items"]
    return response.json(), sorted(i["accounts"][0]["handle"] for i in listed)


async def test_counts_and_prices_too_large_to_store_are_rejected_per_row(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    price = {"platform": "tiktok", "format": "video", "price": {"amount_minor": 2**64, "currency": "EUR"}}
    body = (_ndjson_line("ana") + _ndjson_line("big", followers=2**63)
            + _ndjson_line("dear", rate_card=[price]) + _ndjson_line("bea"))
    async with client_for("discovery", token_for(workspace)) as client:
        report, handles = await _import_ndjson(client, body)
    assert (report["imported"], report["rejected"]) == (2, 2)
    fields = {p["row"]: p["field"] for p in report["problems"]}
    assert fields == {2: "accounts.0.stats.followers", 3: "rate_card.0.price.amount_minor"}
    assert handles == ["ana", "bea"]


async def test_a_nul_character_postgresql_cannot_store_is_rejected_per_row(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    body = (_ndjson_line("ana") + _ndjson_line("nul", bio="scraped\u0000bio")
            + _ndjson_line("bea", bio="a backslash then u0000: \\u0000"))
    async with client_for("discovery", token_for(workspace)) as client:
        report, handles = await _import_ndjson(client, body)
    assert (report["imported"], report["rejected"]) == (2, 1)
    assert [(p["row"], p["field"]) for p in report["problems"]] == [(2, "bio")]
    assert handles == ["ana", "bea"]


async def test_a_row_updating_an_accounts_counts_keeps_what_the_row_does_not_mention(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    audience = {"countries": {"DE": 0.6}, "provenance": {"observed_at": "2025-04-01T00:00:00Z",
                                                          "source": "imported"}}
    full = _ndjson_line("ana", account={"url": "https://www.tiktok.com/@ana", "audience": audience})
    counts = "platform,handle,followers,observed_at\ntiktok,ana,1500,2025-06-01T00:00:00Z\n"
    async with client_for("discovery", token_for(workspace)) as client:
        await client.post("/v1/influencers:import", content=full.encode(),
                          headers={"content-type": "application/x-ndjson"})
        again = (await client.post("/v1/influencers:import", content=counts.encode(), headers=CSV)).json()
        (listed,) = (await client.get("/v1/influencers")).json()["items"]
        (account,) = (await client.get(f"/v1/influencers/{listed['id']}")).json()["accounts"]
    assert again["updated"] == 1, again
    assert account["followers"] == 1500
    assert account["url"] == "https://www.tiktok.com/@ana"
    assert account["audience"]["countries"] == {"DE": 0.6}


async def test_a_line_nested_too_deep_or_with_an_endless_number_is_rejected_per_row(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    deep = '{"bio": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    deep_nul = '{"bio": ' + "[" * 100_000 + '"\\u0000"' + "]" * 100_000 + "}\n"
    endless = _ndjson_line("big").replace('"followers": 1000', '"followers": ' + "9" * 5000)
    body = _ndjson_line("ana") + deep + deep_nul + endless + _ndjson_line("bea")
    async with client_for("discovery", token_for(workspace)) as client:
        report, handles = await _import_ndjson(client, body)
    assert (report["imported"], report["rejected"]) == (2, 3)
    assert [(p["row"], p["field"], p["reason"]) for p in report["problems"]] == [
        (2, "row", "JSON nested too deeply"), (3, "row", "JSON nested too deeply"),
        (4, "row", "a JSON number has too many digits")]
    assert handles == ["ana", "bea"]


async def test_a_ranking_row_keeps_the_name_topics_and_flags_it_does_not_give(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    def stored(handle: str) -> str:
        return _ndjson_line(handle, display_name=handle.title() + " Berg", topics=["beauty"],
                            brand_safety_flags=["gambling"]).replace('"tiktok"', '"instagram"')

    ranking = ("AccountName,Name,Category_1,Category_2,Subscribers,Country,AuthenticEngagement,"
               "EngagementAverage\nana,,Music,,1.2M,Germany,10K,20K\nbea,,,,2M,Germany,10K,20K\n")
    async with client_for("discovery", token_for(workspace)) as client:
        await _import_ndjson(client, stored("ana") + stored("bea"))
        again = (await client.post("/v1/influencers:import", content=ranking.encode(), headers=CSV)).json()
        listed = (await client.get("/v1/influencers")).json()["items"]
        profiles = {i["accounts"][0]["handle"]: (await client.get(f"/v1/influencers/{i['id']}")).json()
                    for i in listed}
    assert (again["updated"], again["rejected"]) == (2, 0), again
    assert profiles["ana"]["accounts"][0]["followers"] == 1_200_000
    kept = {h: (p["display_name"], p["topics"], p["brand_safety_flags"]) for h, p in profiles.items()}
    assert kept == {"ana": ("Ana Berg", ["music"], ["gambling"]),
                    "bea": ("Bea Berg", ["beauty"], ["gambling"])}


async def test_a_row_with_more_tags_than_a_profile_holds_is_reported_and_its_batch_imports(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    # Under the 1 MiB line limit, and still a tsvector over PostgreSQL's 1 MB: the batch's
    # search rows could not be written.
    tagged = _ndjson_line("tagged", tags=[f"t{n:06d}" for n in range(95_000)])
    assert len(tagged) < 1 << 20
    async with client_for("discovery", token_for(workspace)) as client:
        report, handles = await _import_ndjson(client, _ndjson_line("ana") + tagged + _ndjson_line("bea"))
    assert (report["imported"], report["rejected"]) == (2, 1), report["problems"]
    assert [(p["row"], p["field"], p["reason"]) for p in report["problems"]] == [
        (2, "tags", "at most 100 tags, got 95000")]
    assert handles == ["ana", "bea"]


async def test_a_csv_row_pricing_one_platform_keeps_the_prices_of_the_others(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    # A canonical CSV row prices its own platform only, one account per row: the row for one
    # account replaced the whole rate card, so the prices of the influencer's other platforms
    # were lost (two rows, one per account, left only the last row's).
    def price(platform: str, fmt: str, amount: int) -> dict[str, Any]:
        return {"platform": platform, "format": fmt, "price": {"amount_minor": amount, "currency": "EUR"}}

    stored = _ndjson_line("ana", rate_card=[price("tiktok", "video", 30000), price("youtube", "video", 90000),
                                            price("instagram", "story", 8000)])
    stored = stored.replace('}}]', '}}, {"platform": "instagram", "handle": "ana.ig", "stats": '
                            '{"followers": 500, "provenance": {"observed_at": "2025-05-01T00:00:00Z", '
                            '"source": "imported"}}}]', 1)
    rows = (CSV_HEADER + csv_row("ana.ig", 600, rate_card="reel:50000", rate_currency="EUR")
            + csv_row("ana", 1500, platform="tiktok", rate_card="video:35000", rate_currency="EUR"))
    async with client_for("discovery", token_for(workspace)) as client:
        await _import_ndjson(client, stored)
        again = (await client.post("/v1/influencers:import", content=rows.encode(), headers=CSV)).json()
        (listed,) = (await client.get("/v1/influencers")).json()["items"]
        profile = (await client.get(f"/v1/influencers/{listed['id']}")).json()
    assert (again["updated"], again["rejected"]) == (2, 0), again
    prices = sorted((e["platform"], e["format"], e["price"]["amount_minor"]) for e in profile["rate_card"])
    assert prices == [("instagram", "reel", 50000), ("tiktok", "video", 35000), ("youtube", "video", 90000)]


async def test_rows_beyond_what_a_profile_is_given_are_reported_on_their_field(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    next_week = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    many = [{"platform": "tiktok", "handle": f"many{n}", "stats": {
        "followers": 10, "provenance": {"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}}}
        for n in range(21)]
    ndjson = (_ndjson_line("ana") + _ndjson_line("later", account={"last_posted_at": next_week})
              + json.dumps({"accounts": many}) + "\n")
    csv = CSV_HEADER + csv_row("bea", 5000) + csv_row("cid", 5000, observed_at=next_week)
    async with client_for("discovery", token_for(workspace)) as client:
        from_ndjson, handles = await _import_ndjson(client, ndjson)
        from_csv = (await client.post("/v1/influencers:import", content=csv.encode(),
                                      headers={"content-type": "text/csv"})).json()
    assert [(p["row"], p["field"]) for p in from_ndjson["problems"]] == [
        (2, "accounts.0.last_posted_at"), (3, "accounts")]
    assert handles == ["ana"]
    assert [(p["row"], p["field"]) for p in from_csv["problems"]] == [(2, "observed_at")]
    assert "more than a day after it was received" in from_csv["problems"][0]["reason"]
    assert from_csv["imported"] == 1


def _accounts_line(handles: list[str]) -> str:
    stats = {"followers": 10, "provenance": {"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}}
    accounts = [{"platform": "tiktok", "handle": h, "stats": stats} for h in handles]
    return json.dumps({"accounts": accounts}) + "\n"


async def test_an_upsert_may_not_grow_an_influencer_past_twenty_accounts(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    """Each row names a stored account and brings new ones: rows within the limit could
    otherwise grow one profile without end, as a PATCH may not."""
    async with client_for("discovery", token_for(workspace)) as client:
        await _import_ndjson(client, _accounts_line([f"a{n:02d}" for n in range(19)]))
        report, handles = await _import_ndjson(
            client, _accounts_line(["a00", "b00"]) + _accounts_line(["a01", "b01", "b02"]))
    assert [(p["row"], p["field"], p["reason"]) for p in report["problems"]] == [
        (2, "accounts", "an influencer has at most 20 accounts; with these it would have 22")]
    assert len(handles) == 1  # one influencer, listed by its first account
    async with client_for("discovery", token_for(workspace)) as client:
        (influencer,) = (await client.get("/v1/influencers")).json()["items"]
    assert len(influencer["accounts"]) == 20
