"""The top rows of a mask in (sort key, account id) descending order, after a keyset cursor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np

from services.discovery.search_index import ids
from services.discovery.search_index.segment import Floats, Mask, Segment

WHOLE_KEYS = {"followers", "authenticity"}  # cursors carry them as integers


@dataclass(frozen=True, slots=True)
class Ranked:
    key: float | int
    account_id: uuid.UUID
    influencer_id: uuid.UUID

    def order(self) -> tuple[float, uuid.UUID]:
        return self.key, self.account_id


def _after(keys: Floats, segment: Segment, rows: np.ndarray, after: tuple[float, uuid.UUID]) -> np.ndarray:
    value, account_id = after
    high, low = (np.uint64(h) for h in ids.split(account_id))
    row_high, row_low = segment.account[0][rows], segment.account[1][rows]
    key = keys[rows]
    later = (key < value) | ((key == value) & ((row_high < high) | ((row_high == high) & (row_low < low))))
    return rows[later]


def top(segment: Segment, mask: Mask, sort: str, after: tuple[float, uuid.UUID] | None,
        limit: int) -> list[Ranked]:
    keys = segment.sort_keys[sort]
    rows = np.flatnonzero(mask)
    if after is not None:
        rows = _after(keys, segment, rows, after)
    if len(rows) > limit:
        # Every row tied with the limit-th key stays: the id decides among them.
        kth = np.partition(keys[rows], len(rows) - limit)[len(rows) - limit]
        rows = rows[keys[rows] >= kth]
    order = np.lexsort((segment.account[1][rows], segment.account[0][rows], keys[rows]))[::-1][:limit]
    chosen = rows[order]
    whole = sort in WHOLE_KEYS
    return [Ranked(int(k) if whole else float(k), ids.join(ah, al), ids.join(ih, il))
            for k, ah, al, ih, il in zip(keys[chosen], segment.account[0][chosen], segment.account[1][chosen],
                                         segment.influencer[0][chosen], segment.influencer[1][chosen],
                                         strict=True)]


def merged(pages: list[list[Ranked]], limit: int) -> list[Ranked]:
    """The top `limit` of several segments' tops."""
    return sorted((r for page in pages for r in page), key=Ranked.order, reverse=True)[:limit]
