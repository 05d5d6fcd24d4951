"""Budget rules: how allocations must fit, which alerts committed spend raises, and how committed
and paid money falls on the allocation lines. Amounts are minor units of the campaign currency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from shared.money import format_money

DIMENSIONS = ("platform", "market", "tier")
THRESHOLDS = (80, 100)


@dataclass(frozen=True)
class Line:
    dimension: str
    key: str
    amount_minor: int


@dataclass(frozen=True)
class Spend:
    """A commitment or a payment, converted, with the attribution it falls on lines by."""

    amount_minor: int
    kind: str
    attributes: Mapping[str, str | None]  # dimension → key


@dataclass(frozen=True)
class LineFigures:
    key: str
    allocated_minor: int
    committed_minor: int
    paid_minor: int


@dataclass(frozen=True)
class DimensionFigures:
    dimension: str
    lines: list[LineFigures]
    unallocated_committed_minor: int

    @property
    def allocated_minor(self) -> int:
        return sum(line.allocated_minor for line in self.lines)


def contingency_minor(total_minor: int, percent: Decimal) -> int:
    return int((Decimal(total_minor) * percent / 100).to_integral_value(ROUND_FLOOR))


def allocation_problems(
    lines: Sequence[Line], total_minor: int, percent: Decimal, currency: str, markets: Iterable[str]
) -> list[tuple[str, str]]:
    """(where, why) for each rule broken: a line given twice, a market the campaign does not run
    in, a dimension whose lines and the contingency together exceed the total."""
    problems: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    known_markets = set(markets)
    for index, line in enumerate(lines):
        if (line.dimension, line.key) in seen:
            problems.append((f"allocations.{index}.key", f"{line.dimension} {line.key} is allocated twice"))
        seen.add((line.dimension, line.key))
        if line.dimension == "market" and line.key not in known_markets:
            problems.append((f"allocations.{index}.key", f"{line.key} is not one of the campaign's markets"))
    reserve = contingency_minor(total_minor, percent)
    for dimension in DIMENSIONS:
        allocated = sum(line.amount_minor for line in lines if line.dimension == dimension)
        if allocated and allocated + reserve > total_minor:
            problems.append(("allocations", (
                f"the {dimension} allocations ({format_money(allocated, currency)}) and the "
                f"contingency ({format_money(reserve, currency)}) exceed the total "
                f"({format_money(total_minor, currency)})")))
    return problems


def thresholds_crossed(committed_minor: int, total_minor: int, reached: Iterable[int]) -> list[int]:
    """Thresholds (percent of the total) committed spend has reached and that were not yet raised."""
    done = set(reached)
    return [t for t in THRESHOLDS if t not in done and committed_minor * 100 >= t * total_minor]


def thresholds_rearmed(committed_minor: int, total_minor: int, reached: Iterable[int]) -> list[int]:
    """Raised thresholds that committed spend is back under (the total grew, or money was
    released): each may be raised again when spend reaches it anew."""
    return [t for t in reached if committed_minor * 100 < t * total_minor]


def by_kind(commitments: Iterable[Spend]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for spend in commitments:
        totals[spend.kind] += spend.amount_minor
    return dict(totals)


def dimension_figures(
    lines: Sequence[Line], commitments: Sequence[Spend], paid: Sequence[Spend]
) -> list[DimensionFigures]:
    """Committed and paid money per allocation line, for each dimension that has lines."""
    figures = []
    for dimension in DIMENSIONS:
        mine = [line for line in lines if line.dimension == dimension]
        if not mine:
            continue
        keys = {line.key for line in mine}
        committed = _sum_by_key(commitments, dimension)
        paid_by_key = _sum_by_key(paid, dimension)
        figures.append(DimensionFigures(
            dimension,
            [LineFigures(line.key, line.amount_minor, committed.get(line.key, 0),
                         paid_by_key.get(line.key, 0)) for line in mine],
            sum(amount for key, amount in committed.items() if key not in keys),
        ))
    return figures


def _sum_by_key(spends: Iterable[Spend], dimension: str) -> dict[str | None, int]:
    totals: dict[str | None, int] = defaultdict(int)
    for spend in spends:
        totals[spend.attributes.get(dimension)] += spend.amount_minor
    return totals
