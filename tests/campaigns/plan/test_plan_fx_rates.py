"""Exchange rates: the ECB seed, a workspace's own rates winning, conversions that carry their rate
and date, and FxRatesUpdated for tracking (S11: currencies through FX)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest
from plan_helpers import campaigns_session, dsn, outbox

from services.campaigns.fx import service as fx
from shared.fx import QuotedRate
from shared.settings import BaseServiceSettings


@pytest.fixture
async def api(client_for: Callable[..., Any], token_for: Callable[..., str],
              workspace: uuid.UUID) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client


async def _convert(api: httpx.AsyncClient, amount: int, source: str, target: str, on: str) -> Any:
    response = await api.get("/v1/fx-rates/conversion",
                             params={"amount_minor": amount, "from": source, "to": target, "on": on})
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_ecb_reference_rates_are_seeded_with_their_real_dates(api: httpx.AsyncClient) -> None:
    # Saturday 2 January 2021: the newest rates are Thursday 31 December 2020's (1 January is a
    # TARGET holiday); the ECB fixed the dollar at 1.2271 that day.
    converted = await _convert(api, 100_000, "EUR", "USD", "2021-01-02")
    assert converted == {"amount_minor": 122_710, "currency": "USD", "from_amount_minor": 100_000,
                         "from_currency": "EUR", "rate": "1.2271", "rate_date": "2020-12-31"}
    yen = await _convert(api, 1_000_000, "USD", "JPY", "2026-11-01")
    assert (yen["amount_minor"], yen["rate"], yen["rate_date"]) == (1_572_503, "157.2502685", "2026-10-30")
    page = (await api.get("/v1/fx-rates", params={"on": "2026-11-02", "limit": 2})).json()
    assert [r["currency"] for r in page["items"]] == ["AUD", "BGN"]
    assert page["items"][0]["origin"] == "reference" and page["items"][1]["rate_date"] == "2025-12-31"
    rest = (await api.get("/v1/fx-rates", params={"on": "2026-11-02", "cursor": page["next_cursor"]})).json()
    assert "USD" in [r["currency"] for r in rest["items"]] and rest["next_cursor"] is None


async def test_a_workspaces_own_rates_win_for_it_alone_and_are_announced_with_it(
    api: httpx.AsyncClient, client_for: Callable[..., Any], token_for: Callable[..., str],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    loaded = await api.put("/v1/fx-rates", json={"rates_source": "Treasury Q4 budget rates", "rates": [
        {"currency": "USD", "rate": "1.10", "rate_date": "2026-10-01"},
        {"currency": "GBP", "rate": "0.85", "rate_date": "2026-10-01"}]})
    assert loaded.status_code == 200, loaded.text
    assert loaded.json()["loaded"] == 2
    mine = await _convert(api, 100_000, "EUR", "USD", "2026-11-02")
    assert (mine["amount_minor"], mine["rate"], mine["rate_date"]) == (110_000, "1.1", "2026-10-01")
    before = await _convert(api, 100_000, "EUR", "USD", "2026-09-30")
    assert before["rate_date"] == "2026-09-30"  # the reference rate still covers earlier days
    async with client_for("campaigns", token_for(uuid.uuid4())) as other:
        theirs = await _convert(other, 100_000, "EUR", "USD", "2026-11-02")
    assert theirs["rate"] == "1.1172"
    (headers, data), = await outbox(clean_db, "updated")
    assert headers["ce_workspaceid"] == str(workspace)
    assert data["rates_source"] == "Treasury Q4 budget rates" and data["base_currency"] == "EUR"
    assert {(r["currency"], r["rate"]) for r in data["rates"]} == {("USD", "1.10"), ("GBP", "0.85")}


async def test_newer_reference_rates_are_announced_to_every_workspace(
    make_settings: Callable[..., BaseServiceSettings], clean_db: str,
) -> None:
    newer = [QuotedRate("USD", Decimal("1.1190"), date(2026, 11, 2)),
             QuotedRate("USD", Decimal("1.1172"), date(2026, 10, 30))]  # already stored: not news
    try:
        async with campaigns_session(make_settings) as session:
            changed = await fx.load_reference_rates(session, newer, "ECB reference rates")
        assert changed == newer[:1]
        (headers, data), = await outbox(clean_db, "updated")
        assert "ce_workspaceid" not in headers
        assert data["rates"] == [{"currency": "USD", "rate": "1.119", "rate_date": "2026-11-02"}]
    finally:
        connection = await asyncpg.connect(dsn(clean_db))
        try:
            await connection.execute(
                "DELETE FROM campaigns.fx_reference_rates WHERE rate_date = '2026-11-02'")
        finally:
            await connection.close()


BAD_LOADS: list[tuple[dict[str, Any], str]] = [
    ({"rates": [{"currency": "EUR", "rate": "1", "rate_date": "2026-10-01"}]}, "body.rates.0.currency"),
    ({"rates": [{"currency": "XYZ", "rate": "1", "rate_date": "2026-10-01"}]}, "body.rates.0.currency"),
    ({"rates": [{"currency": "USD", "rate": "-1", "rate_date": "2026-10-01"}]}, "body.rates.0.rate"),
    ({"rates": [{"currency": "USD", "rate": "Infinity", "rate_date": "2026-10-01"}]}, "body.rates.0.rate"),
    ({"rates": [{"currency": "USD", "rate": "1.1", "rate_date": "2099-01-01"}]}, "body.rates.0.rate_date"),
    ({"rates": []}, "body.rates"),
    ({"rates": [{"currency": "USD", "rate": "1.1", "rate_date": "2026-10-01"}] * 2}, "body"),
]


@pytest.mark.parametrize(("body", "field"), BAD_LOADS)
async def test_bad_rates_are_refused_naming_the_field_and_none_is_loaded(
    api: httpx.AsyncClient, body: dict[str, Any], field: str, clean_db: str,
) -> None:
    refused = await api.put("/v1/fx-rates", json={"rates_source": "x", **body})
    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]]
    assert await outbox(clean_db, "updated") == []


async def test_a_currency_without_any_rate_is_a_problem_not_a_guess(api: httpx.AsyncClient) -> None:
    missing = await api.get("/v1/fx-rates/conversion",
                            params={"amount_minor": 100, "from": "NGN", "to": "EUR", "on": "2026-11-02"})
    assert missing.status_code == 422
    assert missing.json()["type"].endswith("/fx-rate-missing")
    assert "EUR/NGN" in missing.json()["detail"]
    before_the_euro = await api.get("/v1/fx-rates/conversion", params={
        "amount_minor": 100, "from": "USD", "to": "EUR", "on": "1998-12-31"})
    assert before_the_euro.status_code == 422
