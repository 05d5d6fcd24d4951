"""The top rows of a mask in (sort key, account id) descending order, after a keyset cursor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np

from services.discovery.search.index import ids
from services.discovery.search.index.segment import Mask, Segment

WHOLE_KEYS = {"followers", "authenticity"}  # cursors carry them as integers
FIRST_STRETCH = 4096


@dataclass(frozen=True, slots=True)
class Ranked:
    key: float | int
    account_id: uuid.UUID
    influencer_id: uuid.UUID

    def order(self) -> tuple[float, uuid.UUID]:
        return self.key, self.account_id


def _start(segment: Segment, sort: str, after: tuple[float, uuid.UUID] | None) -> int:
    """The position, in the segment's sort order, of the first row past the cursor."""
    if after is None:
        return 0
    value, account_id = after
    order, negated = segment.sort_orders[sort], segment.sorted_negated_keys[sort]
    first_tie = int(np.searchsorted(negated, -value, "left"))
    past_ties = int(np.searchsorted(negated, -value, "right"))
    tied = order[first_tie:past_ties]
    high, low = (np.uint64(h) for h in ids.split(account_id))
    row_high, row_low = segment.account[0][tied], segment.account[1][tied]
    later = (row_high < high) | ((row_high == high) & (row_low < low))
    return first_tie + int(np.argmax(later)) if later.any() else past_ties


def top(segment: Segment, mask: Mask, sort: str, after: tuple[float, uuid.UUID] | None,
        limit: int) -> list[Ranked]:
    """Walks the segment's sort order from the cursor in growing stretches until `limit`
    rows pass the mask: a broad search stops in the first stretch, a narrow one reads on."""
    order = segment.sort_orders[sort]
    position, stretch = _start(segment, sort, after), FIRST_STRETCH
    found: list[np.ndarray] = []
    wanted = limit
    while position < segment.size and wanted > 0:
        rows = order[position:position + stretch]
        hits = rows[mask[rows]][:wanted]
        found.append(hits)
        wanted -= len(hits)
        position, stretch = position + stretch, stretch * 4
    chosen = np.concatenate(found) if found else order[:0]
    keys = segment.sort_keys[sort]
    whole = sort in WHOLE_KEYS
    return [Ranked(int(k) if whole else float(k), ids.join(ah, al), ids.join(ih, il))
            for k, ah, al, ih, il in zip(keys[chosen], segment.account[0][chosen], segment.account[1][chosen],
                                         segment.influencer[0][chosen], segment.influencer[1][chosen],
                                         strict=True)]


def merged(pages: list[list[Ranked]], limit: int) -> list[Ranked]:
    """The top `limit` of several segments' tops."""
    return sorted((r for page in pages for r in page), key=Ranked.order, reverse=True)[:limit]
