"""SMART goals (DESIGN §7): specific (a metric), measurable (a metric the platform measures and a
numeric target, absolute or relative to a baseline), time-bound (a deadline inside the campaign's
window, given as a date or as a duration from its start, e.g. P3M). A goal that fails a letter is
refused with the letter and the reason."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from shared.vocabulary import GoalMetric

Letter = Literal["S", "M", "T"]
LETTERS: dict[Letter, str] = {"S": "specific", "M": "measurable", "T": "time-bound"}
RATE_METRICS = frozenset({GoalMetric.ENGAGEMENT_RATE, GoalMetric.SENTIMENT})
_DURATION = re.compile(r"^P(?!$)(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?$")


@dataclass(frozen=True)
class GoalDraft:
    metric: str | None
    baseline: float | None
    target_value: float | None
    target_change_percent: float | None
    deadline: datetime | None
    within: str | None


@dataclass(frozen=True)
class Window:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SmartProblem:
    field: str  # the goal's field the problem is about
    letter: Letter
    reason: str

    @property
    def message(self) -> str:
        return f"not {LETTERS[self.letter]} ({self.letter}): {self.reason}"


def smart_problems(goal: GoalDraft, window: Window | None) -> list[SmartProblem]:
    return [*_specific(goal), *_measurable(goal), *_time_bound(goal, window)]


def target_of(goal: GoalDraft) -> float:
    """The absolute target of a goal that passed `smart_problems`."""
    if goal.target_value is not None:
        return goal.target_value
    assert goal.baseline is not None and goal.target_change_percent is not None
    return goal.baseline * (1 + goal.target_change_percent / 100)


def deadline_of(goal: GoalDraft, window: Window) -> datetime:
    """The deadline of a goal that passed `smart_problems`."""
    if goal.deadline is not None:
        return goal.deadline
    assert goal.within is not None
    deadline = after(window.starts_at, goal.within)
    assert deadline is not None
    return deadline


def after(start: datetime, duration: str) -> datetime | None:
    """`start` plus an ISO 8601 duration of years, months, weeks and days (calendar months: a
    month after 31 January is the last day of February); None when `duration` is not one."""
    match = _DURATION.match(duration.strip().upper())
    if match is None:
        return None
    years, months, weeks, days = (int(part or 0) for part in match.groups())
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not 1 <= year <= 9999:
        return None
    day = min(start.day, calendar.monthrange(year, month)[1])
    try:
        return start.replace(year=year, month=month, day=day) + timedelta(weeks=weeks, days=days)
    except OverflowError:
        return None


def _specific(goal: GoalDraft) -> list[SmartProblem]:
    if goal.metric is None or not goal.metric.strip():
        return [SmartProblem("metric", "S", f"the goal names no metric (one of {_metrics()})")]
    return []


def _measurable(goal: GoalDraft) -> list[SmartProblem]:
    if goal.metric is not None and goal.metric.strip() and goal.metric not in GoalMetric._value2member_map_:
        return [SmartProblem("metric", "M", f"{goal.metric!r} is not a metric the platform measures "
                             f"(one of {_metrics()})")]
    if goal.target_value is None and goal.target_change_percent is None:
        return [SmartProblem("target_value", "M", "no target value (give target_value, or "
                             "target_change_percent with the baseline it is relative to)")]
    if goal.target_value is not None and goal.target_change_percent is not None:
        return [SmartProblem("target_change_percent", "M", "give target_value or "
                             "target_change_percent, not both")]
    if goal.target_change_percent is not None:
        return _relative(goal, goal.target_change_percent)
    assert goal.target_value is not None
    return _in_range("target_value", goal.metric, goal.target_value)


def _relative(goal: GoalDraft, percent: float) -> list[SmartProblem]:
    if goal.baseline is None:
        return [SmartProblem("baseline", "M", f"a relative target ({percent:+g} %) needs the "
                             "baseline it is relative to")]
    if percent == 0:
        return [SmartProblem("target_change_percent", "M", "a change of 0 % sets no target")]
    if percent <= -100:
        return [SmartProblem("target_change_percent", "M", f"{percent:g} % would take the metric "
                             "to zero or below")]
    return _in_range("target_change_percent", goal.metric, goal.baseline * (1 + percent / 100))


def _in_range(field: str, metric: str | None, target: float) -> list[SmartProblem]:
    if metric == GoalMetric.ENGAGEMENT_RATE and not 0 < target <= 1:
        return [SmartProblem(field, "M", f"engagement_rate is engagements per reach (0.05 = 5 %); "
                             f"a target of {target:g} is not a share")]
    if metric == GoalMetric.SENTIMENT and not -1 <= target <= 1:
        return [SmartProblem(field, "M", f"sentiment is a mean score in [-1, 1]; {target:g} is "
                             "outside it")]
    if metric not in RATE_METRICS and target <= 0:
        return [SmartProblem(field, "M", f"a target of {target:g} {metric} is met before the "
                             "campaign starts")]
    return []


def _time_bound(goal: GoalDraft, window: Window | None) -> list[SmartProblem]:
    if goal.deadline is None and goal.within is None:
        return [SmartProblem("deadline", "T", "no deadline (give deadline, or within as a "
                             "duration from the campaign's start such as P3M)")]
    if goal.deadline is not None and goal.within is not None:
        return [SmartProblem("within", "T", "give deadline or within, not both")]
    if window is None:
        field = "deadline" if goal.deadline is not None else "within"
        return [SmartProblem(field, "T", "the campaign has no timeline, so no deadline can fall "
                             "inside it (set timeline.starts_at and timeline.ends_at)")]
    if goal.within is not None:
        deadline = after(window.starts_at, goal.within)
        if deadline is None:
            return [SmartProblem("within", "T", f"{goal.within!r} is not an ISO 8601 duration "
                                 "such as P3M, P6W or P90D")]
        field = "within"
    else:
        assert goal.deadline is not None
        deadline, field = goal.deadline, "deadline"
    if not window.starts_at < deadline <= window.ends_at:
        return [SmartProblem(field, "T", f"the deadline {deadline.isoformat()} falls outside the "
                             f"campaign ({window.starts_at.isoformat()} – {window.ends_at.isoformat()})")]
    return []


def _metrics() -> str:
    return ", ".join(m.value for m in GoalMetric)
