"""Goal progress from the campaign's KPIs (tracking's CampaignKpisUpdated); `METHOD` says how."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from shared.events.catalog.tracking import CampaignKpisUpdated, KpiDay
from shared.vocabulary import GoalMetric

METHOD = (
    "Current value: the campaign's value of the goal's metric; for a goal scoped to markets or "
    "platforms, the KPI slices in scope combined as CampaignKpisUpdated says: every metric sums, "
    "except engagement_rate (Σ engagements / Σ reach) and sentiment (mean weighted by comments "
    "scored). Counts are cumulative since the campaign started; past the deadline, the value of "
    "the last day ending by the deadline (daily series) is the one judged. Progress: current / "
    "target for counts; for engagement_rate and sentiment with a baseline, the share of the way "
    "from baseline to target. "
    "Projection to the deadline: counts continue the least-squares line through the last 14 daily "
    "values (at least 2; never downwards): current + slope × days left; rates are projected at the "
    "mean of their last 7 daily values (a rate does not accumulate: its recent level is the best "
    "guess); with fewer points there is no projection. Status: achieved once the value reaches the "
    "target; missed when the deadline passed without it; at_risk when the projection falls short; "
    "on_track otherwise (also while the series is too short to project). GoalAchieved and "
    "GoalAtRisk are emitted once per change of status."
)
TREND_DAYS = 14
LEVEL_DAYS = 7
RATES = frozenset({GoalMetric.ENGAGEMENT_RATE.value, GoalMetric.SENTIMENT.value})
_ENGAGEMENTS, _REACH = GoalMetric.ENGAGEMENTS.value, GoalMetric.REACH.value


@dataclass(frozen=True)
class GoalSpec:
    metric: str
    baseline: float | None
    target: float
    deadline: datetime
    markets: Sequence[str] = ()
    platforms: Sequence[str] = ()


@dataclass(frozen=True)
class Series:
    current: float | None
    daily: list[tuple[date, float]]


@dataclass(frozen=True)
class Progress:
    current_value: float | None
    progress_percent: float | None
    projected_value: float | None
    status: str | None


def series(kpis: CampaignKpisUpdated, goal: GoalSpec) -> Series:
    """The goal's metric in the goal's scope: its current value and its daily series."""
    if not goal.markets and not goal.platforms:
        return Series(kpis.values.get(goal.metric), _daily(kpis.daily, goal.metric))
    chosen = [s for s in kpis.slices
              if (not goal.markets or s.market in goal.markets)
              and (not goal.platforms or s.platform in goal.platforms)]
    current = combine(((s.values, s.sentiment_scored) for s in chosen), goal.metric)
    by_day: dict[date, list[tuple[Mapping[str, float], int]]] = defaultdict(list)
    for chosen_slice in chosen:
        for day in chosen_slice.daily:
            by_day[day.day].append((day.values, chosen_slice.sentiment_scored))
    daily = [(day, value) for day, parts in sorted(by_day.items())
             if (value := combine(parts, goal.metric)) is not None]
    return Series(current, daily)


def combine(parts: Iterable[tuple[Mapping[str, float], int]], metric: str) -> float | None:
    """One value of `metric` from several slices' values (with their comments scored)."""
    parts = list(parts)
    if metric == GoalMetric.ENGAGEMENT_RATE:
        engagements = [v[_ENGAGEMENTS] for v, _ in parts if _ENGAGEMENTS in v and _REACH in v]
        reach = sum(v[_REACH] for v, _ in parts if _ENGAGEMENTS in v and _REACH in v)
        return sum(engagements) / reach if reach > 0 else None
    if metric == GoalMetric.SENTIMENT:
        weighted = [(v[metric], scored) for v, scored in parts if metric in v and scored > 0]
        total = sum(scored for _, scored in weighted)
        return sum(value * scored for value, scored in weighted) / total if total else None
    values = [v[metric] for v, _ in parts if metric in v]
    return sum(values) if values else None


def evaluate(goal: GoalSpec, measured: Series, at: datetime) -> Progress:
    """Where the goal stands at `at` (the KPIs' computed_at)."""
    if measured.current is None:
        return Progress(None, None, None, None)
    past_deadline = at > goal.deadline
    if past_deadline:
        # A day's value stands at its end: the last day ending by the deadline is the one judged.
        judged, projected = _value_on(measured, (goal.deadline - timedelta(days=1)).date()), None
    else:
        judged, projected = measured.current, project(goal, measured, at)
    if judged >= goal.target:
        status = "achieved"
    elif past_deadline:
        status = "missed"
    elif projected is not None and projected < goal.target:
        status = "at_risk"
    else:
        status = "on_track"
    return Progress(judged, _percent(goal, judged), projected, status)


def project(goal: GoalSpec, measured: Series, at: datetime) -> float | None:
    assert measured.current is not None
    today = at.date()
    points = [(day, value) for day, value in measured.daily if day <= today]
    if goal.metric in RATES:
        recent = [value for _, value in points[-LEVEL_DAYS:]]
        return sum(recent) / len(recent) if recent else None
    trend = points[-TREND_DAYS:]
    if len(trend) < 2:
        return None
    days_left = max(0.0, (goal.deadline - at).total_seconds() / 86_400)
    return measured.current + max(0.0, _slope(trend)) * days_left


def _slope(points: Sequence[tuple[date, float]]) -> float:
    # Lists, not generators, into sum(): every goal of every KPI event comes here (the same
    # arithmetic in the same order, so the same result to the last bit).
    xs = [day.toordinal() for day, _ in points]
    ys = [value for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    spread = sum([d ** 2 for d in dx])
    if spread == 0:
        return 0.0
    return sum([d * (y - mean_y) for d, y in zip(dx, ys, strict=True)]) / spread


def _value_on(measured: Series, day: date) -> float:
    assert measured.current is not None
    earlier = [value for when, value in measured.daily if when <= day]
    return earlier[-1] if earlier else measured.current


def _percent(goal: GoalSpec, value: float) -> float | None:
    if goal.metric in RATES and goal.baseline is not None and goal.target != goal.baseline:
        share = (value - goal.baseline) / (goal.target - goal.baseline)
    elif goal.target:
        share = value / goal.target
    else:
        return None
    return round(100 * share, 1)


def _daily(days: Sequence[KpiDay], metric: str) -> list[tuple[date, float]]:
    daily = [(d.day, d.values[metric]) for d in days if metric in d.values]
    daily.sort()
    return daily

