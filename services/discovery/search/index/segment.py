"""A segment: an immutable batch of search rows as columns. Rows replaced later are marked
superseded, and a newer segment holds them (as search engines keep segments)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from services.discovery.search.index import ids
from services.discovery.search.index.grouped import Grouped
from services.discovery.search.index.ids import Halves
from services.discovery.search.index.labels import Labels

Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
SEPARATOR = "\x1f"
# Audience values held by at least this share of rows (a gender, an age bracket, a big
# country) are also kept as a dense column: one comparison over it beats scattering the
# posting list (5 ms for 800k entries at 1M rows).
DENSE_SHARE = 0.1


def key(*parts: str) -> str:
    """The key of a composite value ('country' + 'DE'), as rows.py builds it."""
    return SEPARATOR.join(parts)


@dataclass(frozen=True, slots=True)
class Segment:
    size: int
    account: tuple[Halves, Halves]
    account_order: npt.NDArray[np.intp]  # rows by account high half, for lookups
    account_high_sorted: Halves
    written_by: npt.NDArray[np.int64]  # the writing transaction (workspace_index.py)
    influencer: tuple[Halves, Halves]
    influencer_order: npt.NDArray[np.intp]  # rows by influencer high half, for lookups
    influencer_high_sorted: Halves
    platform: Labels
    tier: Labels
    country: Labels
    account_type: Labels
    city: Labels
    followers: npt.NDArray[np.int64]
    engagement_rate: Floats  # NaN: missing
    growth_30d: Floats
    authenticity: Floats
    last_posted_at: Floats  # epoch seconds
    has_contact: Mask
    topics: Grouped
    languages: Grouped
    causes: Grouped
    flags: Grouped
    brands: Grouped
    audience: Grouped  # key(dimension, value) → share
    audience_dense: dict[str, Floats]  # the broad keys of `audience`, NaN where not held
    prices: Grouped  # key(format, currency) → amount in minor units
    prices_by_currency: Grouped  # currency → amount in minor units, any format
    lexemes: Grouped  # lexeme → its positions in the row's text (an entry per position)
    trigrams: Grouped
    trigram_counts: npt.NDArray[np.int32]
    sort_keys: dict[str, Floats] = field(repr=False)
    # Per sort: rows by (key, account id) descending, and their keys negated (ascending, for
    # binary search of a cursor).
    sort_orders: dict[str, npt.NDArray[np.int32]] = field(repr=False)
    sorted_negated_keys: dict[str, Floats] = field(repr=False)
    superseded: Mask = field(repr=False)

    def live(self) -> Mask:
        return ~self.superseded

    def row_of(self, account_id: uuid.UUID) -> int | None:
        high, low = (np.uint64(half) for half in ids.split(account_id))
        order, ordered = self.account_order, self.account_high_sorted
        rows = order[np.searchsorted(ordered, high, "left"):np.searchsorted(ordered, high, "right")]
        found = rows[self.account[1][rows] == low]
        return int(found[0]) if len(found) else None


def _dense(grouped: Grouped, size: int) -> dict[str, Floats]:
    dense: dict[str, Floats] = {}
    for value in grouped.codes:
        rows, numbers = grouped.entries_of(value)
        if len(rows) >= DENSE_SHARE * size:
            dense[value] = np.full(size, np.nan)
            dense[value][rows] = numbers
    return dense


def _coalesced(values: Floats, missing: float) -> Floats:
    return np.where(np.isnan(values), missing, values)


def _sort_keys(columns: dict[str, Any]) -> dict[str, Floats]:
    """The table's sort expressions: a missing figure sorts last (-1, or -1,000,000 for
    growth, which can be negative)."""
    return {"followers": columns["followers"].astype(np.float64),
            "engagement_rate": _coalesced(columns["engagement_rate"], -1.0),
            "growth": _coalesced(columns["growth_30d"], -1_000_000.0),
            "authenticity": _coalesced(columns["authenticity"], -1.0)}


def assemble(size: int, columns: dict[str, Any], labels: dict[str, Labels],
             groups: dict[str, Grouped]) -> Segment:
    """A segment from its columns (loader.FIGURES), labels and groups, by name."""
    account = (columns["account_high"], columns["account_low"])
    influencer = (columns["influencer_high"], columns["influencer_low"])
    accounts, influencers = np.argsort(account[0]), np.argsort(influencer[0])
    keys = _sort_keys(columns)
    orders = {name: np.lexsort((account[1], account[0], key))[::-1].astype(np.int32)
              for name, key in keys.items()}
    return Segment(
        size=size, account=account, account_order=accounts, account_high_sorted=account[0][accounts],
        written_by=columns["written_by"], influencer=influencer, influencer_order=influencers,
        influencer_high_sorted=influencer[0][influencers],
        followers=columns["followers"], engagement_rate=columns["engagement_rate"],
        growth_30d=columns["growth_30d"], authenticity=columns["authenticity"],
        last_posted_at=columns["last_posted_at"], has_contact=columns["has_contact"].astype(np.bool_),
        trigram_counts=np.bincount(groups["trigrams"].rows, minlength=size).astype(np.int32),
        sort_keys=keys, sort_orders=orders,
        sorted_negated_keys={name: -keys[name][order] for name, order in orders.items()},
        superseded=np.zeros(size, dtype=np.bool_),
        platform=labels["platform"], tier=labels["tier"], country=labels["country"],
        account_type=labels["account_type"], city=labels["city"],
        topics=groups["topics"], languages=groups["languages"], causes=groups["causes"],
        flags=groups["flags"], brands=groups["brands"], audience=groups["audience"],
        audience_dense=_dense(groups["audience"], size),
        prices=groups["prices"], prices_by_currency=groups["prices_by_currency"],
        lexemes=groups["lexemes"], trigrams=groups["trigrams"],
    )
