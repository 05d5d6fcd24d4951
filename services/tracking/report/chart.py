"""The report as a PNG a person reads: one panel per goal metric (its daily value, the target as a
dashed line up to the deadline) and one of spend over time (committed and paid). Drawn on an Agg
canvas of its own, without pyplot's global state, so concurrent requests never share a figure."""

from __future__ import annotations

import io
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from services.tracking.report.schemas import CampaignReport, GoalProgress
from shared.money import minor_unit_exponent

_LINE, _TARGET, _PAID = "#1f5fa8", "#c0392b", "#7f8c8d"
_LABELS = {"ugc_pieces": "UGC pieces (posts)", "followers_gained": "Followers gained",
           "engagement_rate": "Engagement rate (by reach)", "revenue": "Attributed revenue"}


def render_png(report: CampaignReport) -> bytes:
    goals = report.goals
    figure = Figure(figsize=(10, 2.9 * (len(goals) + 1) + 0.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    title = " · ".join(part for part in (report.brand, report.name) if part) or str(report.campaign_id)
    as_of = f"figures as of {report.as_of:%Y-%m-%d %H:%M} UTC" if report.as_of else "no figures yet"
    figure.suptitle(f"{title}\n{as_of}", fontsize=13)
    axes = figure.subplots(len(goals) + 1, 1, squeeze=False, sharex=True)[:, 0]
    for ax, goal in zip(axes, goals, strict=False):
        _goal_panel(ax, report, goal)
    _spend_panel(axes[-1], report)
    span = _span(report)
    if span is not None:  # one time axis: the campaign's start to its last deadline or day
        axes[-1].set_xlim(date2num(span[0]) - 0.5, date2num(span[1]) + 0.5)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _goal_panel(ax: Axes, report: CampaignReport, goal: GoalProgress) -> None:
    scale, unit = _scale(goal.metric, report.currency)
    days = [d.day for d in report.daily if goal.metric in d.values]
    values = [d.values[goal.metric] / scale for d in report.daily if goal.metric in d.values]
    if days:  # a running value holds between snapshots: steps, not slopes
        ax.step(date2num(days), values, where="post", color=_LINE, linewidth=2, label="actual")
        ax.plot(date2num(days[-1:]), values[-1:], "o", color=_LINE)
    if goal.target_value is not None:
        start = days[0] if days else (report.starts_at.date() if report.starts_at else None)
        end = goal.deadline.date() if goal.deadline else (days[-1] if days else None)
        if start is not None and end is not None:
            ax.hlines(goal.target_value / scale, date2num(start), date2num(max(end, start)), colors=_TARGET,
                      linestyles="--", linewidth=2, label=f"target {_fmt(goal.target_value / scale)}{unit}"
                      + (f" by {end:%Y-%m-%d}" if goal.deadline else ""))
        if goal.deadline is not None:
            ax.axvline(date2num(goal.deadline.date()), color=_TARGET, linewidth=1, alpha=0.4)
    current = (f"{_fmt(goal.current_value / scale)}{unit}" if goal.current_value is not None
               else "no data yet")
    against = (f" of {_fmt(goal.target_value / scale)}{unit} ({goal.progress_percent:.0f} %)"
               if goal.target_value is not None and goal.progress_percent is not None
               else "" if goal.target_value is not None else " (no target known)")
    ax.set_title(f"{_LABELS.get(goal.metric, goal.metric.replace('_', ' ').capitalize())}: "
                 f"{current}{against}", loc="left")
    _style(ax, unit, integer=goal.metric not in ("engagement_rate", "sentiment", "revenue"))


def _spend_panel(ax: Axes, report: CampaignReport) -> None:
    currency = report.currency
    scale = 10 ** minor_unit_exponent(currency) if currency else 1
    unit = f" {currency}" if currency else ""
    days = [d.day for d in report.daily if d.committed_minor is not None]
    if days:
        committed = [(d.committed_minor or 0) / scale for d in report.daily if d.committed_minor is not None]
        paid = [(d.paid_minor or 0) / scale for d in report.daily if d.committed_minor is not None]
        ax.step(date2num(days), committed, where="post", color=_LINE, linewidth=2,
                label="committed (cost counted)")
        ax.step(date2num(days), paid, where="post", color=_PAID, linewidth=2, linestyle="-.", label="paid")
    total = f"{_fmt((report.cost_minor or 0) / scale)}{unit}" if report.cost_minor is not None else "unknown"
    ax.set_title(f"Spend over time: {total} committed"
                 + (f", {_fmt((report.paid_minor or 0) / scale)}{unit} paid" if report.paid_minor else ""),
                 loc="left")
    _style(ax, unit)


def _span(report: CampaignReport) -> tuple[date, date] | None:
    days = [d.day for d in report.daily]
    days += [g.deadline.date() for g in report.goals if g.deadline is not None]
    days += [moment.date() for moment in (report.starts_at, report.ends_at) if moment is not None]
    return (min(days), max(days)) if days else None


def _style(ax: Axes, unit: str, integer: bool = True) -> None:
    locator = AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: _fmt(y)))
    ax.set_ylabel(unit.strip() or "count")
    if integer:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.tick_params(labelbottom=True)
    ax.grid(True, alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="lower right", frameon=True, framealpha=0.9)
    else:
        ax.text(0.5, 0.5, "no data yet", transform=ax.transAxes, ha="center", va="center", color=_PAID)


def _scale(metric: str, currency: str | None) -> tuple[float, str]:
    """Values as people read them: revenue in major units, engagement rate in percent."""
    if metric == "revenue" and currency:
        return 10 ** minor_unit_exponent(currency), f" {currency}"
    if metric == "engagement_rate":
        return 0.01, " %"
    return 1, ""


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"
