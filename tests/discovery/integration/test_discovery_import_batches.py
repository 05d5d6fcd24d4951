"""A long import commits batch by batch: the workspace's other writers are not held up for its
whole length, and an upload that breaks off keeps the batches written before it did."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from discovery_integration_data import CSV_HEADER, LENA, csv_row

from services.discovery.profile_import import service as importing

CSV = {"content-type": "text/csv"}


class UploadBrokeOff(Exception):
    pass


@pytest.fixture(autouse=True)
def _batches_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "BATCH_ROWS", 2)


async def _handles(client: Any) -> list[str]:
    listed = (await client.get("/v1/influencers")).json()["items"]
    return sorted(a["handle"] for i in listed for a in i["accounts"])


async def test_another_writer_of_the_workspace_gets_in_between_batches(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    created: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield (CSV_HEADER + csv_row("ana", 50000) + csv_row("bea", 40000)).encode()
        # The import is mid-stream, its first batch written: a profile created now must not
        # wait for the upload to finish (it would wait forever: this upload waits for it).
        async with client_for("discovery", token_for(workspace)) as other:
            response = await asyncio.wait_for(other.post("/v1/influencers", json=LENA), timeout=20)
        created.append(response.status_code)
        yield csv_row("cid", 30000).encode()

    async with client_for("discovery", token_for(workspace)) as client:
        report = (await client.post("/v1/influencers:import", content=body(), headers=CSV)).json()
        handles = await _handles(client)
    assert created == [201]
    assert report["imported"] == 3, report
    assert handles == ["ana", "bea", "cid", "lena.berg"]


async def test_an_upload_that_breaks_off_keeps_the_batches_written_before(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async def body() -> AsyncIterator[bytes]:
        yield (CSV_HEADER + csv_row("ana", 50000) + csv_row("bea", 40000)).encode()
        yield csv_row("cid", 30000).encode()
        raise UploadBrokeOff  # while the first batch's write is still in flight

    broke_off = False
    async with client_for("discovery", token_for(workspace)) as client:
        try:
            await client.post("/v1/influencers:import", content=body(), headers=CSV)
        except* UploadBrokeOff:  # the ASGI middleware may wrap it in a group
            broke_off = True
        handles = await _handles(client)
    assert broke_off
    assert handles == ["ana", "bea"]
