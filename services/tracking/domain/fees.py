"""Performance fees a contract has earned from the results so far (pure; DESIGN §7 compensation
models): per 1000 impressions (CPM), per engagement (CPE), per click (CPC), per conversion
(CPA), a share of attributed revenue (commission, revenue share); together capped by the
contract's performance cap. All in the contract's currency, in minor units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, NamedTuple


class Accrued(NamedTuple):
    minor: int  # after the cap
    uncapped_minor: int
    capped: bool
    parts: tuple[tuple[str, int], ...]  # (basis, minor units) before the cap


def accrue(
    rates: Sequence[Mapping[str, Any]], cap_minor: int | None, basis: Mapping[str, float | None]
) -> Accrued:
    """`rates`: ContractTerms.performance_rates as stored; `basis`: impressions, engagements,
    clicks, conversions (counts) and revenue (minor units of the contract's currency); a basis
    that is unknown earns nothing."""
    parts: list[tuple[str, int]] = []
    for rate in rates:
        kind, count = rate["basis"], basis.get(rate["basis"])
        if count is None:
            continue
        if kind == "revenue":
            earned = Decimal(count) * Decimal(str(rate.get("percent") or 0)) / 100
        elif kind == "impressions":
            earned = Decimal(count) * (rate.get("amount_minor") or 0) / 1000
        else:
            earned = Decimal(count) * (rate.get("amount_minor") or 0)
        parts.append((kind, int(earned.to_integral_value(ROUND_HALF_EVEN))))
    uncapped = sum(minor for _, minor in parts)
    capped = cap_minor is not None and uncapped > cap_minor
    return Accrued(min(uncapped, cap_minor) if capped and cap_minor is not None else uncapped, uncapped,
                   capped, tuple(parts))
