"""A campaign's report, drawn from the same computation as its KPIs (`kpis.service`, by
platform): goals against their targets, figures per platform, goal metrics and spend per day;
and the report as CSV rows (one figure per row, ready for a spreadsheet's pivot)."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.domain.kpi_math import FORMULAS
from services.tracking.kpis import service as kpis
from services.tracking.kpis import views
from services.tracking.kpis.service import Computed
from services.tracking.report.schemas import CampaignReport, GoalProgress, PlatformFigures, ReportDay
from shared.http.problems import not_found

_PLATFORM_COUNTS = ("impressions", "reach", "views", "engagements", "clicks", "ugc_pieces")
_PLATFORM_RATES = ("engagement_rate_by_reach", "cpm", "cpe", "cpc")


async def build(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignReport:
    computed = await kpis.compute(session, workspace_id, campaign_id, "platform", "campaign")
    if computed.campaign is None and not computed.posts:
        raise not_found("campaign")
    whole = computed.whole
    counts = views.counts(computed, whole)
    cost = computed.cost_of(whole)
    campaign = computed.campaign
    return CampaignReport(
        campaign_id=campaign_id, name=campaign.name if campaign else None,
        brand=campaign.brand if campaign else None, currency=computed.currency,
        starts_at=campaign.starts_at if campaign else None, ends_at=campaign.ends_at if campaign else None,
        as_of=computed.as_of, computed_at=datetime.now(UTC),
        goals=_goals(computed, views.goal_values(counts, whole)),
        totals=counts,
        rates={name: figure.value for name, figure in views.figures(computed, whole, counts, cost).items()},
        cost_minor=cost,
        paid_minor=sum(minor for _, minor in computed.costs.paid) if computed.costs else None,
        platforms=[_platform(computed, key, group) for key, group in sorted(
            computed.groups.items(), key=lambda item: item[0] or "") if key is not None],
        daily=_daily(computed),
        notes=views.notes(computed),
        formulas={name: formula for name, (formula, _) in FORMULAS.items()},
    )


def _goals(computed: Computed, current: dict[str, float]) -> list[GoalProgress]:
    campaign = computed.campaign
    if campaign is None:
        return []
    targets = list(campaign.goals)
    named = {goal["metric"] for goal in targets}
    targets += [{"metric": metric} for metric in campaign.goal_metrics if metric not in named]
    found = []
    for goal in targets:
        value, target = current.get(goal["metric"]), goal.get("target_value")
        found.append(GoalProgress(
            metric=goal["metric"], target_value=target, baseline=goal.get("baseline"),
            deadline=goal.get("deadline"), current_value=value,
            progress_percent=value / target * 100 if value is not None and target else None))
    return found


def _platform(computed: Computed, key: str, group: Any) -> PlatformFigures:
    counts = views.counts(computed, group)
    cost = computed.cost_of(group)
    figures = views.figures(computed, group, counts, cost)
    return PlatformFigures(platform=key, posts=group.totals.posts, cost_minor=cost,
                           counts={name: counts[name] for name in _PLATFORM_COUNTS if name in counts},
                           rates={name: figures[name].value for name in _PLATFORM_RATES})


def _daily(computed: Computed) -> list[ReportDay]:
    """Goal values per day (carried forward) beside the spend so far, over every day either changed."""
    values = dict(views.daily_values(computed.whole, computed.clicks_tracked))
    committed = _running((line.day, line.minor) for line in computed.costs.lines) if computed.costs else None
    paid = _running(computed.costs.paid) if computed.costs else None
    days = sorted(set(values) | set(committed or {}) | set(paid or {}))
    found: list[ReportDay] = []
    last: dict[str, float] = {}
    for day in days:
        last = values.get(day, last)
        found.append(ReportDay(day=day, values=last, committed_minor=_as_of(committed, day),
                               paid_minor=_as_of(paid, day)))
    return found


def _running(amounts: Iterable[tuple[date, int]]) -> dict[date, int]:
    per_day: dict[date, int] = {}
    for day, minor in amounts:
        per_day[day] = per_day.get(day, 0) + minor
    running, total = {}, 0
    for day in sorted(per_day):
        total += per_day[day]
        running[day] = total
    return running


def _as_of(running: dict[date, int] | None, day: date) -> int | None:
    if running is None:
        return None
    return max(((d, v) for d, v in running.items() if d <= day), default=(day, 0))[1]


def to_csv(report: CampaignReport) -> str:
    """One figure per row: section, day, platform, metric, value, target, unit."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "day", "platform", "metric", "value", "target", "unit"])
    money = f"minor units of {report.currency}" if report.currency else "minor units"
    for goal in report.goals:
        writer.writerow(["goal", _day(goal.deadline), "", goal.metric, _num(goal.current_value),
                         _num(goal.target_value), _unit(goal.metric, money)])
    for name, value in report.totals.items():
        writer.writerow(["total", "", "", name, _num(value), "", _unit(name, money)])
    for name, rate in report.rates.items():
        writer.writerow(["total", "", "", name, _num(rate), "", _unit(name, money)])
    writer.writerow(["total", "", "", "cost", _num(report.cost_minor), "", money])
    writer.writerow(["total", "", "", "paid", _num(report.paid_minor), "", money])
    for platform in report.platforms:
        writer.writerow(["platform", "", platform.platform, "cost", _num(platform.cost_minor), "", money])
        for name, value in platform.counts.items():
            writer.writerow(["platform", "", platform.platform, name, _num(value), "", _unit(name, money)])
        for name, rate in platform.rates.items():
            writer.writerow(["platform", "", platform.platform, name, _num(rate), "", _unit(name, money)])
    targets = {goal.metric: goal.target_value for goal in report.goals}
    for day in report.daily:
        for name, value in day.values.items():
            if name in targets:
                writer.writerow(["daily", day.day.isoformat(), "", name, _num(value), _num(targets[name]),
                                 _unit(name, money)])
        writer.writerow(["daily", day.day.isoformat(), "", "committed", _num(day.committed_minor), "", money])
        writer.writerow(["daily", day.day.isoformat(), "", "paid", _num(day.paid_minor), "", money])
    return out.getvalue()


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def _unit(name: str, money: str) -> str:
    if name in ("cost_minor", "revenue_minor", "revenue", "cpm", "cpe", "cpc", "cpa"):
        return money + (" per 1000 impressions" if name == "cpm" else "")
    if name.startswith("engagement_rate") or name in ("conversion_rate", "roi", "roas"):
        return "ratio"
    if name == "sentiment":
        return "mean score in [-1, 1]"
    if name == "watch_time_s":
        return "seconds"
    return "count"
