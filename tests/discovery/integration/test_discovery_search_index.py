"""The in-memory search index stays current with the table, whichever process wrote it, and
its text matching agrees with PostgreSQL's."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import httpx
from discovery_integration_data import CSV_HEADER, csv_row
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from services.discovery.influencer import service as influencers
from services.discovery.influencer.schemas import InfluencerUpdate
from services.discovery.main import create_app
from services.discovery.search.index.registry import held_accounts
from services.discovery.search.index.segment import Segment
from services.discovery.search.index.workspace_index import MAX_SEGMENTS, WorkspaceIndex
from shared.vocabulary import Topic


async def _import(client: httpx.AsyncClient, *rows: str) -> None:
    response = await client.post("/v1/influencers:import", content=(CSV_HEADER + "".join(rows)).encode(),
                                 headers={"content-type": "text/csv"})
    assert response.json()["imported"] == len(rows), response.text


async def _handles(client: httpx.AsyncClient, body: dict[str, Any]) -> list[str]:
    response = await client.post("/v1/influencers/search", json=body)
    assert response.status_code == 200, response.text
    return [item["handle"] for item in response.json()["items"]]


async def test_a_replica_sees_profiles_written_after_it_loaded_its_index(
        client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID) -> None:
    token = token_for(workspace)
    async with client_for("discovery", token) as writer, client_for("discovery", token) as reader:
        await _import(writer, csv_row("ana.beauty", 52000), csv_row("bea.fit", 240000, topics="fitness"))
        assert await _handles(reader, {"topics": ["beauty"]}) == ["ana.beauty"]

        await _import(writer, csv_row("cid.beauty", 90000))
        assert await _handles(reader, {"topics": ["beauty"]}) == ["cid.beauty", "ana.beauty"]

        await _import(writer, csv_row("ana.beauty", 61000, topics="fitness"))  # an upsert
        assert await _handles(reader, {"topics": ["beauty"]}) == ["cid.beauty"]
        assert await _handles(reader, {"topics": ["fitness"]}) == ["bea.fit", "ana.beauty"]
        assert await _handles(reader, {"followers": {"min": 60000, "max": 70000}}) == ["ana.beauty"]


@asynccontextmanager
async def _client(app: FastAPI, token: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test",
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


async def test_a_process_keeps_its_indexes_within_its_account_budget(
        make_settings: Callable[..., Any], token_for: Callable[..., str]) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    app = create_app(make_settings("discovery", search_index_max_accounts=3))
    engine = app.state.engine
    try:
        async with _client(app, token_for(first)) as a, _client(app, token_for(second)) as b:
            await _import(a, csv_row("ana", 50000), csv_row("bea", 40000))
            await _import(b, csv_row("cid", 30000), csv_row("dan", 20000))
            assert await _handles(a, {"sort": "followers"}) == ["ana", "bea"]
            assert await _handles(b, {"sort": "followers"}) == ["cid", "dan"]
            assert held_accounts(engine) == {second: 2}  # both would hold 4

            await _import(a, csv_row("eve", 10000))  # written while its index was dropped
            assert await _handles(a, {"sort": "followers"}) == ["ana", "bea", "eve"]
            assert held_accounts(engine) == {first: 3}

            await _import(a, csv_row("fay", 5000))  # alone over the budget, and still served
            assert await _handles(a, {"sort": "followers", "limit": 1}) == ["ana"]
            assert held_accounts(engine) == {first: 4}
    finally:
        await app.state.runtime.close()


async def test_a_starting_server_reads_the_latest_written_indexes_its_budget_holds(
        client_for: Callable[..., Any], make_settings: Callable[..., Any],
        token_for: Callable[..., str]) -> None:
    older, newer = uuid.uuid4(), uuid.uuid4()
    async with client_for("discovery", token_for(older)) as client:
        await _import(client, csv_row("ana", 50000))
    async with client_for("discovery", token_for(newer)) as client:
        await _import(client, csv_row("cid", 30000), csv_row("dan", 20000))
    app = create_app(make_settings("discovery", search_index_max_accounts=2))
    async with app.router.lifespan_context(app):
        await app.state.background
        assert held_accounts(app.state.engine) == {newer: 2}  # both would hold 3
        async with _client(app, token_for(newer)) as client:
            assert await _handles(client, {"sort": "followers"}) == ["cid", "dan"]


def _live_followers(segments: list[Segment]) -> list[int]:
    return sorted(int(f) for s in segments for f in s.followers[s.live()])


async def test_many_small_writes_are_compacted_without_reading_the_workspace_again(
        make_settings: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
        clean_db: str) -> None:
    app = create_app(make_settings("discovery"))
    # A transaction left open elsewhere in the cluster holds the horizon back all along, so every
    # refresh finds everything written since: what the index holds must not be read again.
    elsewhere = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        await elsewhere.execute("BEGIN; SELECT txid_current()")
        async with _client(app, token_for(workspace)) as client:
            await _import(client, *(csv_row(f"base.{i}", 10_000 + i) for i in range(40)))
            index = WorkspaceIndex(app.state.engine, workspace)
            first = (await index.current())[0]
            await _import(client, csv_row("base.0", 99_000))  # replaces a row of the first segment
            for i in range(MAX_SEGMENTS):  # a segment each: one more than MAX_SEGMENTS in all
                await _import(client, csv_row(f"new.{i}", 100 + i))
                await index.current()
            if index.upkeep is not None:
                await index.upkeep
            segments = await index.current()
    finally:
        await elsewhere.close()
        await app.state.runtime.close()
    assert segments[0] is first  # compacted: the first segment was not read again
    assert len(segments) == 2
    assert _live_followers(segments) == sorted(
        [99_000, *range(10_001, 10_040), *range(100, 100 + MAX_SEGMENTS)])


async def test_many_refreshes_keep_one_live_row_per_account(
        client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID) -> None:
    """Enough separate writes to fold the index's new segments into a reload, more than once."""
    async with client_for("discovery", token_for(workspace)) as client:
        await _import(client, *(csv_row(f"creator.{i}", 10_000 + i) for i in range(30)))
        for round_ in range(40):
            await _import(client, csv_row(f"creator.{round_ % 30}", 20_000 + round_))
            handles = await _handles(client, {"sort": "followers", "limit": 100})
            assert len(handles) == len(set(handles)) == 30
        assert (await _handles(client, {"sort": "followers", "limit": 1})) == ["creator.9"]


async def _first_influencer(client: httpx.AsyncClient) -> uuid.UUID:
    """ana.beauty, after importing it among enough accounts that one written row is read as a
    segment, not with the whole workspace."""
    await _import(client, csv_row("ana.beauty", 52000),
                  *(csv_row(f"creator.{i}", 10_000 + i, topics="travel") for i in range(20)))
    page = (await client.post("/v1/influencers/search", json={"limit": 1})).json()
    return uuid.UUID(page["items"][0]["influencer_id"])


async def _first_write(session: AsyncSession) -> None:
    await session.execute(text("SELECT pg_current_xact_id()"))


async def test_a_write_from_a_transaction_older_than_one_the_index_holds_replaces_it(
        client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
        clean_db: str) -> None:
    """Transaction ids follow a transaction's first write, not its commit: the consumer of
    CollaborationEnded records the outcome, then waits for the workspace lock while an import
    commits under a newer id. The consumer's profile write is still the latest one."""
    engine = create_async_engine(clean_db)
    async with client_for("discovery", token_for(workspace)) as client, AsyncSession(engine) as older:
        influencer_id = await _first_influencer(client)
        await _first_write(older)
        await _import(client, csv_row("ana.beauty", 61000))
        assert await _handles(client, {"followers": {"min": 60000}}) == ["ana.beauty"]

        await influencers.update(older, workspace, influencer_id, InfluencerUpdate(topics=[Topic("fitness")]))
        await older.commit()
        assert await _handles(client, {"topics": ["fitness"]}) == ["ana.beauty"]
        assert await _handles(client, {"topics": ["beauty"]}) == []
    await engine.dispose()


async def test_a_removal_by_a_newer_transaction_id_leaves_a_later_write_of_the_account(
        client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
        clean_db: str) -> None:
    """A profile write replaces the search row (a removal, then the row). The import's removal
    has the newer id, the older transaction's row is the later write; a transaction still open
    keeps both within what every refresh reads again."""
    engine = create_async_engine(clean_db)
    async with (client_for("discovery", token_for(workspace)) as client, AsyncSession(engine) as older,
                AsyncSession(engine) as open_):
        influencer_id = await _first_influencer(client)
        await _first_write(older)
        await _first_write(open_)
        await _import(client, csv_row("ana.beauty", 61000))
        await influencers.update(older, workspace, influencer_id, InfluencerUpdate(topics=[Topic("fitness")]))
        await older.commit()
        for _ in range(2):
            assert await _handles(client, {"topics": ["fitness"]}) == ["ana.beauty"]
        await open_.rollback()
    await engine.dispose()


async def test_text_phrases_and_fuzzy_handles_match_as_postgresql_matches_them(
        client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        await _import(client, csv_row("plant.queen", 50000, bio="plant-based recipes daily"),
                      csv_row("baker.bob", 40000, bio="recipes for plants baked daily"),
                      csv_row("vegan_chef", 30000, bio="'quoted' O'Brien recipes"))
        assert await _handles(client, {"text": "plant-based"}) == ["plant.queen"]
        assert await _handles(client, {"text": '"recipes daily"'}) == ["plant.queen"]
        assert await _handles(client, {"text": "recipes -plant-based", "sort": "followers"}) == [
            "baker.bob", "vegan_chef"]
        assert await _handles(client, {"text": "daily or o'brien", "sort": "followers"}) == [
            "plant.queen", "baker.bob", "vegan_chef"]
        assert await _handles(client, {"text": "@Vegan_Chefs"}) == ["vegan_chef"]
        assert await _handles(client, {"text": "zzzz"}) == []


PHRASE_WORDS = ["vegan", "daily", "recipes", "travel", "tips", "plant-based", "o'brien",
                "http://shop.example/vegan"]
PHRASES = ['"vegan recipes"', '"daily vegan recipes"', '"recipes recipes"', "plant-based",
           '"plant-based recipes"', "travel -\"travel tips\"", '"tips daily" or "vegan travel"',
           "\"o'brien tips\"", '"tips http://shop.example/vegan"', '"vegan daily" or x']


async def test_phrases_match_the_rows_postgresql_matches(
        client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
        clean_db: str) -> None:
    """Bios of repeated words from a small vocabulary: every phrase finds, in the index, the
    very rows `tsv @@ websearch_to_tsquery` finds in the table."""
    rng = random.Random(7)
    bios = {f"acct{n}": " ".join(rng.choices(PHRASE_WORDS, k=rng.randint(2, 8))) for n in range(60)}
    connection = await asyncpg.connect(clean_db.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        async with client_for("discovery", token_for(workspace)) as client:
            await _import(client, *(csv_row(handle, 1000 + n, bio=bio)
                                    for n, (handle, bio) in enumerate(bios.items())))
            for phrase in PHRASES:
                expected = await connection.fetch(
                    "SELECT handle FROM discovery.account_search WHERE workspace_id = $1"
                    " AND tsv @@ websearch_to_tsquery('simple', $2) ORDER BY followers DESC",
                    workspace, phrase)
                found = await _handles(client, {"text": phrase, "sort": "followers", "limit": 100})
                assert found == [r["handle"] for r in expected], phrase
    finally:
        await connection.close()
