"""A request's matches in the workspace's index: one mask per segment, exact."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.discovery.search.index import ids
from services.discovery.search.index.filtering import Query, matches
from services.discovery.search.index.labels import Labels
from services.discovery.search.index.ranking import Ranked, merged, top
from services.discovery.search.index.registry import current_segments
from services.discovery.search.index.segment import Mask, Segment
from services.discovery.search.repository import SearchRepository
from services.discovery.search.schemas import AudienceFilter, SearchFilters
from shared.money import Money
from shared.vocabulary import ContentFormat

FACETS = ("platform", "tier", "country")


@dataclass(frozen=True, slots=True)
class Matched:
    segments: list[Segment]
    masks: list[Mask]

    def top(self, sort: str, after: tuple[float, uuid.UUID] | None, limit: int) -> list[Ranked]:
        return merged([top(s, m, sort, after, limit) for s, m in zip(self.segments, self.masks, strict=True)],
                      limit)

    def count(self) -> int:
        return sum(int(m.sum()) for m in self.masks)

    def facets(self) -> dict[str, dict[str | None, int]]:
        """Matches per platform, tier and country."""
        totals: dict[str, dict[str | None, int]] = {name: {} for name in FACETS}
        for segment, mask in zip(self.segments, self.masks, strict=True):
            for name, counts in totals.items():
                labels: Labels = getattr(segment, name)
                for value, n in labels.counts(mask).items():
                    counts[value] = counts.get(value, 0) + n
        return totals


async def _exact_text(repository: SearchRepository, text: str, segments: list[Segment],
                      masks: list[Mask]) -> list[Mask]:
    """Masks whose text half was a superset, checked in the table: a phrase over operators,
    which the index evaluates as its words (tsquery.py; websearch_to_tsquery writes phrases of
    words only, which the index answers exactly)."""
    exact: list[Mask] = []
    for segment, mask in zip(segments, masks, strict=True):
        rows = np.flatnonzero(mask)
        candidates = [ids.join(h, lo) for h, lo in zip(segment.account[0][rows], segment.account[1][rows],
                                                       strict=True)]
        matched = await repository.text_matches(text, candidates) if candidates else set()
        keep = np.zeros(segment.size, dtype=np.bool_)
        keep[[r for r, c in zip(rows, candidates, strict=True) if c in matched]] = True
        exact.append(keep)
    return exact


async def matched(session: AsyncSession, workspace_id: uuid.UUID, *filters: SearchFilters,
                  budget: Money | None = None, formats: Sequence[ContentFormat] = (),
                  persona_countries: AudienceFilter | None = None) -> Matched:
    """Accounts matching every one of `filters` (a request, a brief's prefilter), `budget` for
    `formats` and `persona_countries` (filtering.Query)."""
    repository = SearchRepository(session, workspace_id)
    engine = session.bind
    assert isinstance(engine, AsyncEngine)  # sessions are bound to the service's engine
    # The index refreshes on a connection of its own: the session reads the blocklist meanwhile.
    segments, blocked = await asyncio.gather(current_segments(engine, workspace_id),
                                             repository.blocked())
    if all(f.include_blocked for f in filters):
        blocked = []
    now = datetime.now(UTC)
    masks = [s.live() for s in segments]
    for each in filters:
        text = (each.text or "").strip()
        query = Query(each, now, blocked, await repository.text_query(text) if text else None, budget,
                      formats, persona_countries)
        results = [matches(segment, query) for segment in segments]
        masks = [m & r.mask for m, r in zip(masks, results, strict=True)]
        if not all(r.exact for r in results):
            masks = await _exact_text(repository, text, segments, masks)
    return Matched(segments, masks)
