"""S7 end to end against the real PostgreSQL and broker: visitors follow the creator's link
(clicks through the redirect, the broker and the worker), buy with her discount code or after her
link, one order is refunded, people comment on her reel in English, Spanish and German (and some
spam); the campaign's KPIs and report show the clicks, conversions, revenue, cost, ROI and the
sentiment of the English comments (the others counted unscored, the spam left out), and the
conversions were announced."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from conftest import Apply
from skincare_scenario import COMMISSION_PERCENT, FIXED_FEE_MINOR, skincare, stored, usd_minor
from tracking_links_fixtures import redirect_server
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from shared.testing import eventually

ENGLISH = ["This serum changed my skin, I love it!", "Honestly the best purchase I made this year",
           "It broke me out and the smell is awful, so disappointed"]
OTHER = ["Me encanta este sérum, mi piel está increíble", "No me gustó nada, me salieron granos",
         "Das Serum ist wirklich toll, meine Haut strahlt"]  # Spanish and German: unscored
SPAM = ["😍😍😍", "Free followers, link in bio!!"]
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0 Safari/537.36")


async def test_S7_clicks_purchases_with_the_code_and_a_refund_give_the_campaigns_kpis(
    api: httpx.AsyncClient, apply: Apply, make_settings: Callable[..., Any],
    running_worker: Callable[..., Any], tmp_path: Path, clean_db: str,
) -> None:
    s = await skincare(api, apply)
    async with redirect_server(make_settings, tmp_path) as live, running_worker("tracking"):
        await eventually(lambda: live.serves(s.link["code"]))
        async with httpx.AsyncClient(base_url=live.url) as visitor:
            people = [await visitor.get(s.link["path"], headers={"User-Agent": CHROME}) for _ in range(3)]
            await visitor.get(s.link["path"], headers={"User-Agent": "Googlebot/2.1"})
        click_ids = [parse_qs(urlsplit(r.headers["location"]).query)["icp_click_id"][0] for r in people]
        await eventually(lambda: _count(clean_db, "tracking.clicks", 4))

        by_code = await s.order("GS-1001", 4990, "EUR", promo_code="ana15")  # the code in any case
        by_link = await s.order("GS-1002", 8000, "USD", click_id=click_ids[0])
        both = await s.order("GS-1003", 3000, "USD", click_id=click_ids[1], promo_code="ANA15")
        replayed = await s.order("GS-1001", 4990, "EUR", promo_code="ana15")
        refunded = {"order_id": "GS-1002", "refund_id": "r-1", "amount_minor": 8000, "currency": "USD",
                    "refunded_at": by_link.json()["conversion"]["ordered_at"]}
        refund = await s.send("order.refunded", refunded)
        refund_again = await s.send("order.refunded", refunded)
        comments = await s.comments(ENGLISH + OTHER + SPAM)
        events = await eventually(lambda: _sent(clean_db, 4))

    assert [r.json()["result"] for r in (by_code, by_link, both, replayed, refund, refund_again)] == [
        "attributed", "attributed", "attributed", "already_attributed", "reversed", "already_reversed"]
    first = by_code.json()["conversion"]
    assert (first["attributed_by"], first["promo_code"], first["reporting_currency"]) == (
        "promo_code", "ANA15", "USD")
    assert (first["reporting_amount_minor"], Decimal(first["fx_rate"])) == (usd_minor(4990), Decimal("1.25"))
    # The hybrid contract's revenue share, on the order's USD revenue.
    assert first["commission_minor"] == _share(usd_minor(4990))
    assert both.json()["conversion"]["attributed_by"] == "promo_code"  # the code beats the link
    assert by_link.json()["conversion"]["click_id"].replace("-", "") == click_ids[0].replace("-", "")
    assert refund.json()["conversion"]["status"] == "reversed"
    assert sorted(events) == ["attributed"] * 3 + ["reversed"]

    revenue = usd_minor(4990) + 3000  # GS-1002 was refunded
    cost = FIXED_FEE_MINOR + _share(revenue)
    kpis = await s.kpis()
    counts, rates = kpis["campaign"]["counts"], kpis["campaign"]["rates"]
    assert kpis["clicks_source"] == "tracked_links"
    assert (counts["clicks"], counts["conversions"], counts["revenue_minor"]) == (3, 2, revenue)
    assert kpis["cost"]["total_minor"] == cost
    assert rates["roi"]["value"] == (revenue - cost) / cost
    assert rates["roas"]["value"] == revenue / cost
    assert rates["cpa"]["value"] == cost / 2
    assert rates["conversion_rate"]["value"] == 2 / 3
    assert kpis["values"]["revenue"] == revenue and kpis["values"]["conversions"] == 2
    assert [c["collaboration_id"] for c in kpis["cost"]["accrued_fees"]] == [str(s.collaboration_id)]
    (code,) = (await api.get("/v1/promo-codes", params={"code": "ana15"})).json()["items"]
    assert code["uses"] == 2

    analyser = SentimentIntensityAnalyzer()
    mean = sum(analyser.polarity_scores(t)["compound"] for t in ENGLISH) / len(ENGLISH)
    assert (comments["stored"], comments["rejected"]) == (len(ENGLISH + OTHER + SPAM), 0)
    assert kpis["values"]["sentiment"] == pytest.approx(mean)
    assert counts["sentiment_scored"] == len(ENGLISH)
    mood = (await api.get(f"/v1/campaigns/{s.campaign_id}/sentiment")).json()
    assert (mood["scored"], mood["unscored"], mood["spam"]) == (3, 3, 2)
    assert (mood["unscored_languages"], mood["spam_reasons"]) == (
        {"es": 2, "de": 1}, {"emoji_only": 1, "link_bait": 1})
    report = (await api.get(f"/v1/campaigns/{s.campaign_id}/report")).json()
    goals = {g["metric"]: g["current_value"] for g in report["goals"]}
    assert goals["sentiment"] == pytest.approx(mean)
    assert goals["revenue"] == revenue and goals["conversions"] == 2
    csv = (await api.get(f"/v1/campaigns/{s.campaign_id}/report", params={"format": "csv"})).text
    assert any(line.startswith("goal,") and ",sentiment," in line for line in csv.splitlines())


def _share(revenue_minor: int) -> int:
    return int((Decimal(revenue_minor) * COMMISSION_PERCENT / 100).to_integral_value(ROUND_HALF_EVEN))


async def _count(database_url: str, table: str, at_least: int) -> bool:
    rows = await stored(database_url, f"SELECT count(*) AS n FROM {table}")
    return bool(rows[0]["n"] >= at_least)


async def _sent(database_url: str, at_least: int) -> list[str] | None:
    """The conversion events the relay published (attributed / reversed)."""
    rows = await stored(database_url, "SELECT h->>1 AS type FROM tracking.outbox, "
                        "jsonb_array_elements(headers) AS h WHERE h->>0 = 'ce_type' "
                        "AND h->>1 LIKE '%.conversion.%' AND sent_at IS NOT NULL")
    found = [r["type"].rsplit(".", 2)[-2] for r in rows]
    return found if len(found) >= at_least else None
