"""Rules a plan as a whole must keep (each field alone is checked by its schema): a 422 naming
every field that breaks one, and nothing stored."""

from __future__ import annotations

from services.campaigns.campaign.document import PlanDocument, draft
from services.campaigns.domain.budget import Line, allocation_problems
from services.campaigns.domain.smart import smart_problems
from shared.http.problems import FieldError, ProblemError

SMART_TYPES = {"S": "smart_specific", "M": "smart_measurable", "T": "smart_time_bound"}


def check(plan: PlanDocument) -> None:
    """Raises a 422 problem listing each broken rule (body.<field path>: why)."""
    errors = [*_timeline(plan), *_markets(plan), *_budget(plan), *_goals(plan)]
    if errors:
        count = len(errors)
        raise ProblemError(422, "Request validation failed",
                           f"{count} field{'s are' if count != 1 else ' is'} invalid",
                           "validation-error", errors)


def _error(field: str, message: str, kind: str = "value_error") -> FieldError:
    return FieldError(field=f"body.{field}", message=message, type=kind)


def _timeline(plan: PlanDocument) -> list[FieldError]:
    timeline = plan.timeline
    if timeline is None:
        return []
    if timeline.ends_at <= timeline.starts_at:
        return [_error("timeline.ends_at", "the campaign ends before it starts")]
    return [_error(f"timeline.milestones.{i}.due_at",
                   f"{m.name!r} is due outside the campaign ({timeline.starts_at.isoformat()} – "
                   f"{timeline.ends_at.isoformat()})")
            for i, m in enumerate(timeline.milestones)
            if not timeline.starts_at <= m.due_at <= timeline.ends_at]


def _markets(plan: PlanDocument) -> list[FieldError]:
    errors, seen = [], set()
    for i, market in enumerate(plan.markets):
        if market.country in seen:
            errors.append(_error(f"markets.{i}.country", f"{market.country} is given twice"))
        seen.add(market.country)
    variants: set[str] = set()
    for i, variant in enumerate(plan.market_variants):
        if variant.market not in seen:
            errors.append(_error(f"market_variants.{i}.market",
                                 f"{variant.market} is not one of the campaign's markets"))
        if variant.market in variants:
            errors.append(_error(f"market_variants.{i}.market", f"{variant.market} has two variants"))
        variants.add(variant.market)
    return errors


def _budget(plan: PlanDocument) -> list[FieldError]:
    budget = plan.budget
    if budget is None:
        return []
    lines = [Line(a.dimension, a.key, a.amount_minor) for a in budget.allocations]
    return [_error(f"budget.{where}", why) for where, why in allocation_problems(
        lines, budget.total_minor, budget.contingency_percent, budget.currency, plan.market_codes())]


def _goals(plan: PlanDocument) -> list[FieldError]:
    errors, seen = [], set()
    window, markets = plan.window(), set(plan.market_codes())
    for i, goal in enumerate(plan.goals):
        if goal.id is not None and goal.id in seen:
            errors.append(_error(f"goals.{i}.id", f"goal {goal.id} is given twice"))
        seen.add(goal.id)
        errors += [_error(f"goals.{i}.{p.field}", p.message, SMART_TYPES[p.letter])
                   for p in smart_problems(draft(goal), window)]
        errors += [_error(f"goals.{i}.scope.markets", f"{m} is not one of the campaign's markets")
                   for m in goal.scope.markets if m not in markets]
    return errors
