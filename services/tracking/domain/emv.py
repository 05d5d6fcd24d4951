"""Earned media value: Σ action count × value per action, per platform, from a versioned table.

Vendors disagree (some publish fixed tables, others proprietary models): ours is explicit and
per workspace. Values are minor units of the table's currency per 1000 actions (0.003 USD per
impression is 300 per 1000), so every value is an integer and every figure reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from types import MappingProxyType
from typing import Any

# The actions a table may value: the figures a snapshot holds, and engagements as a whole.
EMV_ACTIONS = ("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks",
               "profile_visits", "follows")
DEFAULT_VERSION = "default"
DEFAULT_CURRENCY = "USD"
DEFAULT_SOURCE = (
    "Aspire, 'Understanding Total Media Value' (help centre, intercom.help/aspireiq_elevate, "
    "article 6676982): Instagram impression 0.003 USD, view 0.05, like 0.15, click 3.00; TikTok "
    "view 0.03, like 0.05, share 0.05; Pinterest click 3.00, save 3.00, impression 0.05. "
    "Platforms the article values without naming them clearly are left out: their actions count "
    "no EMV until the workspace's own table values them."
)
DEFAULT_VALUES: Mapping[str, Mapping[str, int]] = MappingProxyType({
    "instagram": MappingProxyType({"impressions": 300, "views": 5_000, "likes": 15_000, "clicks": 300_000}),
    "tiktok": MappingProxyType({"views": 3_000, "likes": 5_000, "shares": 5_000}),
    "pinterest": MappingProxyType({"clicks": 300_000, "saves": 300_000, "impressions": 5_000}),
})


@dataclass(frozen=True)
class EmvTable:
    version: str  # "default", or the workspace's version number
    currency: str
    source: str
    values: Mapping[str, Mapping[str, int]]  # platform → action → minor units per 1000


DEFAULT_TABLE = EmvTable(DEFAULT_VERSION, DEFAULT_CURRENCY, DEFAULT_SOURCE, DEFAULT_VALUES)


def emv_minor(table: EmvTable, counts_by_platform: Mapping[str, Mapping[str, Any]]) -> int:
    """Minor units of the table's currency: Σ over platforms and actions of count × value / 1000,
    rounded half-even once, at the end. Counts the table does not value add nothing."""
    total = Decimal(0)
    for platform, counts in counts_by_platform.items():
        for action, per_thousand in table.values.get(platform, {}).items():
            count = counts.get(action)
            if count:
                total += Decimal(count) * per_thousand
    return int((total / 1000).to_integral_value(ROUND_HALF_EVEN))


def unvalued_platforms(table: EmvTable, platforms: set[str]) -> list[str]:
    return sorted(p for p in platforms if not table.values.get(p))
