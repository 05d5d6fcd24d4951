"""Goal progress from CampaignKpisUpdated, without a database: scoping, projection, status (S1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from services.campaigns.domain.progress import GoalSpec, evaluate, series
from shared.events.catalog.tracking import CampaignKpisUpdated

START = date(2027, 3, 1)
DEADLINE = datetime(2027, 6, 1, tzinfo=UTC)
S1 = GoalSpec("mentions", 5000.0, 6000.0, DEADLINE)  # +20 % over a 5,000 baseline in three months


def kpis(days: int, per_day: float, **fields: Any) -> CampaignKpisUpdated:
    """`days` days of `per_day` mentions, computed at the end of the last day."""
    daily = [{"day": START + timedelta(days=i), "values": {"mentions": per_day * (i + 1)}}
             for i in range(days)]
    computed = datetime.combine(START + timedelta(days=days), datetime.min.time(), UTC)
    return CampaignKpisUpdated.model_validate({
        "campaign_id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a00", "computed_at": computed,
        "values": {"mentions": per_day * days}, "daily": daily, **fields})


def test_s1_mentions_growing_fast_enough_are_on_track_with_their_projection() -> None:
    progress = evaluate(S1, series(kpis(45, 70), S1), kpis(45, 70).computed_at)
    assert progress.current_value == 3150 and progress.progress_percent == 52.5
    # 70 a day for the 47 days left: 3,150 + 3,290
    assert progress.projected_value == pytest.approx(6440) and progress.status == "on_track"


def test_s1_mentions_growing_too_slowly_are_at_risk() -> None:
    progress = evaluate(S1, series(kpis(45, 50), S1), kpis(45, 50).computed_at)
    assert progress.projected_value == pytest.approx(2250 + 50 * 47) and progress.status == "at_risk"


def test_a_reached_target_is_achieved_and_a_passed_deadline_judges_the_deadlines_day() -> None:
    assert evaluate(S1, series(kpis(80, 80), S1), kpis(80, 80).computed_at).status == "achieved"
    late = kpis(100, 55)  # 5,060 on 1 June, the deadline; more after it does not count
    progress = evaluate(S1, series(late, S1), late.computed_at)
    assert (progress.status, progress.current_value, progress.projected_value) == ("missed", 5060, None)


def test_without_data_a_goal_has_no_status_and_one_day_has_no_projection() -> None:
    empty = kpis(1, 10).model_copy(update={"values": {}})
    assert evaluate(S1, series(empty, S1), empty.computed_at).status is None
    one = kpis(1, 10)
    progress = evaluate(S1, series(one, S1), one.computed_at)
    assert (progress.projected_value, progress.status) == (None, "on_track")


def test_a_scoped_goal_combines_its_slices_as_the_event_says() -> None:
    event = kpis(2, 10, slices=[
        {"platform": "instagram", "market": "DE", "values": {"engagements": 300, "reach": 10_000,
                                                             "sentiment": 0.5, "mentions": 40},
         "sentiment_scored": 30},
        {"platform": "tiktok", "market": "DE", "values": {"engagements": 900, "reach": 20_000,
                                                          "sentiment": -0.1, "mentions": 60},
         "sentiment_scored": 10},
        {"platform": "tiktok", "market": "FR", "values": {"engagements": 5, "reach": 10, "mentions": 7}},
        {"platform": "tiktok", "market": None, "values": {"mentions": 1000}},
    ])
    germany = {"markets": ("DE",)}
    rate = GoalSpec("engagement_rate", 0.02, 0.05, DEADLINE, **germany)  # type: ignore[arg-type]
    assert series(event, rate).current == pytest.approx(1200 / 30_000)
    mood = GoalSpec("sentiment", None, 0.5, DEADLINE, **germany)  # type: ignore[arg-type]
    assert series(event, mood).current == pytest.approx((0.5 * 30 - 0.1 * 10) / 40)
    tiktok = GoalSpec("mentions", None, 100.0, DEADLINE, platforms=("tiktok",))
    assert series(event, tiktok).current == 1067  # a slice of unknown market counts for any market
    tiktok_de = GoalSpec("mentions", None, 100.0, DEADLINE, markets=("DE",), platforms=("tiktok",))
    assert series(event, tiktok_de).current == 60
    progress = evaluate(rate, series(event, rate), event.computed_at)
    assert progress.progress_percent == pytest.approx(100 * (0.04 - 0.02) / 0.03, abs=0.1)


def test_a_rate_is_projected_at_its_recent_level() -> None:
    days = [{"day": START + timedelta(days=i), "values": {"engagement_rate": 0.01 * (i + 1)}}
            for i in range(10)]
    event = CampaignKpisUpdated.model_validate({
        "campaign_id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a00",
        "computed_at": datetime(2027, 3, 11, tzinfo=UTC),
        "values": {"engagement_rate": 0.1}, "daily": days})
    goal = GoalSpec("engagement_rate", None, 0.09, DEADLINE)
    progress = evaluate(goal, series(event, goal), event.computed_at)
    assert progress.projected_value == pytest.approx(0.07)  # mean of 0.04 … 0.10
    assert progress.status == "achieved"
