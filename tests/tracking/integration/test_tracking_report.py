"""A campaign's report over HTTP, as JSON, CSV and a PNG chart a person reads: S4's food-delivery
launch (`food_delivery`) with an engagements goal of 25,000 and a 15-post goal by 31 May."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

import httpx
import numpy
import pytest
from conftest import Apply
from food_delivery import food_delivery as build
from PIL import Image

TARGET_RED = (0xC0, 0x39, 0x2B)  # the chart's target line


@pytest.fixture
async def food_delivery(api: httpx.AsyncClient, apply: Apply) -> str:
    return await build(api, apply)


async def test_the_report_shows_each_goal_against_its_target_and_spend_over_time(
    api: httpx.AsyncClient, food_delivery: str,
) -> None:
    report = (await api.get(f"/v1/campaigns/{food_delivery}/report")).json()
    goals = {g["metric"]: g for g in report["goals"]}
    assert (goals["engagements"]["current_value"], goals["engagements"]["target_value"]) == (16_200, 25_000)
    assert goals["engagements"]["progress_percent"] == pytest.approx(64.8)
    assert (goals["ugc_pieces"]["current_value"], goals["ugc_pieces"]["progress_percent"]) == (12, 80)
    assert (report["cost_minor"], report["paid_minor"], report["currency"]) == (1_000_000, 500_000, "USD")
    platforms = {p["platform"]: p for p in report["platforms"]}
    tiktok = platforms["tiktok"]
    assert (tiktok["cost_minor"], tiktok["counts"]["engagements"]) == (400_000, 9_750)
    assert platforms["instagram"]["rates"]["cpe"] == pytest.approx(600_000 / 6_450)
    days = {d["day"]: d for d in report["daily"]}
    # five contracts signed 1–5 May, half of each fee paid 10–14 May
    committed = [days[f"2026-05-0{n}"]["committed_minor"] for n in range(1, 6)]
    assert committed == [200_000 * n for n in range(1, 6)]
    assert (days["2026-05-10"]["paid_minor"], days["2026-05-14"]["paid_minor"]) == (100_000, 500_000)
    assert days["2026-05-20"]["values"]["engagements"] == 16_200
    assert days["2026-05-12"]["values"] == days["2026-05-10"]["values"]  # carried between snapshots


async def test_the_csv_has_one_figure_per_row_with_its_target_and_unit(
    api: httpx.AsyncClient, food_delivery: str,
) -> None:
    response = await api.get(f"/v1/campaigns/{food_delivery}/report", headers={"accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    goal = next(r for r in rows if r["section"] == "goal" and r["metric"] == "engagements")
    assert (goal["day"], goal["value"], goal["target"]) == ("2026-05-31", "16200", "25000")
    assert goal["unit"] == "count"
    cost = next(r for r in rows if r["section"] == "platform" and r["platform"] == "tiktok"
                and r["metric"] == "cost")
    assert (cost["value"], cost["unit"]) == ("400000", "minor units of USD")
    last = next(r for r in rows if r["section"] == "daily" and r["day"] == "2026-05-20"
                and r["metric"] == "engagements")
    assert (last["value"], last["target"]) == ("16200", "25000")


async def test_the_png_chart_is_a_real_image_with_the_goal_line(
    api: httpx.AsyncClient, food_delivery: str, tmp_path: Path,
) -> None:
    response = await api.get(f"/v1/campaigns/{food_delivery}/report", params={"format": "png"},
                             headers={"accept": "application/json"})  # format= wins over Accept
    assert response.headers["content-type"] == "image/png"
    saved = tmp_path / "report.png"
    saved.write_bytes(response.content)  # as a person saves it
    with Image.open(saved) as image:
        assert image.format == "PNG" and image.width >= 1000 and image.height >= 800
        pixels = numpy.asarray(image.convert("RGB"), dtype=int)
    red = int((numpy.abs(pixels - numpy.array(TARGET_RED)).max(axis=2) <= 12).sum())
    assert red > 500  # two dashed target lines across their panels, and the legend's samples


async def test_an_unacceptable_type_is_a_406_problem_and_other_workspaces_see_nothing(
    api: httpx.AsyncClient, food_delivery: str, client_for: Any, token_for: Any,
) -> None:
    refused = await api.get(f"/v1/campaigns/{food_delivery}/report", headers={"accept": "application/xml"})
    assert refused.status_code == 406 and refused.headers["content-type"] == "application/problem+json"
    async with client_for("tracking", token_for(uuid.uuid4())) as intruder:
        assert (await intruder.get(f"/v1/campaigns/{food_delivery}/report")).status_code == 404
