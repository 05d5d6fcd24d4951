"""SMART goals: the letter a vague goal fails, and the guide's goal expressed as written (S1)."""

from __future__ import annotations

from datetime import UTC, datetime

from services.campaigns.domain.campaign_states import CampaignState, allowed, launch_problems
from services.campaigns.domain.smart import GoalDraft, Window, after, deadline_of, smart_problems, target_of

WINDOW = Window(datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC))


def goal(**fields: object) -> GoalDraft:
    values: dict[str, object] = {"metric": "mentions", "baseline": None, "target_value": 100.0,
                                 "target_change_percent": None, "deadline": None, "within": "P1M"}
    return GoalDraft(**(values | fields))  # type: ignore[arg-type]


def letters(draft: GoalDraft, window: Window | None = WINDOW) -> list[tuple[str, str]]:
    return [(p.letter, p.field) for p in smart_problems(draft, window)]


def test_s1_plus_20_percent_mentions_within_three_months_is_accepted_as_written() -> None:
    s1 = goal(baseline=5000.0, target_value=None, target_change_percent=20.0, within="P3M")
    assert smart_problems(s1, WINDOW) == []
    assert target_of(s1) == 6000.0
    assert deadline_of(s1, WINDOW) == datetime(2027, 6, 1, tzinfo=UTC)


def test_raise_awareness_is_refused_as_not_specific_measurable_or_time_bound() -> None:
    vague = goal(metric=None, target_value=None, within=None)
    problems = smart_problems(vague, WINDOW)
    assert [p.letter for p in problems] == ["S", "M", "T"]
    assert problems[0].message.startswith("not specific (S): the goal names no metric")
    assert problems[1].message == ("not measurable (M): no target value (give target_value, or "
                                   "target_change_percent with the baseline it is relative to)")
    assert problems[2].message.startswith("not time-bound (T): no deadline")


def test_a_metric_the_platform_does_not_measure_is_not_measurable() -> None:
    (problem,) = smart_problems(goal(metric="awareness"), WINDOW)
    assert (problem.letter, problem.field) == ("M", "metric")
    assert "'awareness' is not a metric the platform measures" in problem.reason


def test_targets_must_be_numbers_the_metric_can_take() -> None:
    assert letters(goal(target_change_percent=20.0, target_value=None)) == [("M", "baseline")]
    assert letters(goal(target_change_percent=20.0)) == [("M", "target_change_percent")]
    assert letters(goal(baseline=10.0, target_value=None, target_change_percent=0.0)) == [
        ("M", "target_change_percent")]
    assert letters(goal(metric="engagement_rate", target_value=5.0)) == [("M", "target_value")]
    assert letters(goal(metric="engagement_rate", target_value=0.05)) == []
    assert letters(goal(metric="sentiment", target_value=-0.2)) == []
    assert letters(goal(metric="sentiment", target_value=2.0)) == [("M", "target_value")]
    assert letters(goal(target_value=0.0)) == [("M", "target_value")]


def test_a_deadline_must_fall_inside_the_campaign() -> None:
    assert letters(goal(within="P4M")) == [("T", "within")]
    assert letters(goal(within=None, deadline=datetime(2027, 6, 2, tzinfo=UTC))) == [("T", "deadline")]
    assert letters(goal(within=None, deadline=datetime(2027, 5, 2, tzinfo=UTC))) == []
    assert letters(goal(within="three months")) == [("T", "within")]
    assert letters(goal(), window=None) == [("T", "within")]
    assert letters(goal(deadline=datetime(2027, 5, 2, tzinfo=UTC))) == [("T", "within")]


def test_durations_count_calendar_months_and_weeks() -> None:
    start = datetime(2027, 1, 31, tzinfo=UTC)
    assert after(start, "P1M") == datetime(2027, 2, 28, tzinfo=UTC)
    assert after(start, "P1Y2W") == datetime(2028, 2, 14, tzinfo=UTC)
    assert after(start, "p90d") == datetime(2027, 5, 1, tzinfo=UTC)
    assert after(start, "PT3H") is None
    assert after(start, "P") is None


def test_the_lifecycle_allows_its_moves_only_and_launch_needs_goal_budget_and_contract() -> None:
    assert allowed(CampaignState.DRAFT) == ["planned", "cancelled"]
    assert allowed(CampaignState.ACTIVE) == ["paused", "completed", "cancelled"]
    assert allowed(CampaignState.PAUSED) == ["active", "completed", "cancelled"]
    assert allowed(CampaignState.COMPLETED) == allowed(CampaignState.CANCELLED) == []
    assert launch_problems(1, True, 1) == []
    assert launch_problems(0, False, 0) == [
        "at least one goal", "a budget", "one collaboration contracted or further along"]
