from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func, literal_column, select, tuple_
from sqlalchemy.sql.util import ClauseAdapter

from services.discovery.models import AccountSearch
from services.discovery.models.search import SORT_KEYS
from services.discovery.search.conditions import relevance
from shared.db.repository import RepositoryBase

S = AccountSearch
HIT_COLUMNS = (S.account_id, S.influencer_id, S.display_name, S.platform, S.handle, S.followers,
               S.tier, S.engagement_rate, S.growth_30d, S.authenticity, S.country, S.topics)
# Facets count at most this many matching accounts, so a broad query stays within budget.
FACET_CAP = 10_000
# A keyset walk down a sort index reads rows in order until a page of them matches (≈ 2.5 µs
# a row here). Past this many rows the filters are selective, and reading every match (bitmap,
# GIN) then sorting is the cheaper plan; the planner cannot tell which case it is in because it
# assumes filters are independent and spread evenly along the sort key.
WALK_ROWS = 3_000


def sort_expression(sort: str, text: str | None) -> Any:
    """The descending keyset key; relevance needs text and otherwise means followers."""
    if sort == "relevance":
        return relevance(text) if text and text.strip() else S.followers
    return literal_column(SORT_KEYS[sort])


def _keyset(key: Any, after: tuple[Any, uuid.UUID] | None) -> list[ColumnElement[bool]]:
    return [] if after is None else [tuple_(key, S.account_id) < tuple_(*after)]


def _walk(where: Sequence[ColumnElement[bool]], bounds: Sequence[ColumnElement[bool]], key: Any,
          limit: int) -> Select[Any]:
    """The first rows in sort order within `bounds` (index-served: workspace, the key's own
    range, the cursor), then every filter on those rows only. The walked rows carry their key
    as a column, so the outer query keeps their order and stops at a full page."""
    walked = (select(S, key.label("sort_key")).where(*bounds)
              .order_by(key.desc(), S.account_id.desc()).limit(WALK_ROWS).subquery("walked"))
    adapt = ClauseAdapter(walked).traverse
    return (select(*(walked.c[c.key] for c in HIT_COLUMNS), walked.c.sort_key)
            .where(*(adapt(c) for c in where))
            .order_by(walked.c.sort_key.desc(), walked.c.account_id.desc()).limit(limit))


def _all_matches(where: Sequence[ColumnElement[bool]], key: Any, limit: int) -> Select[Any]:
    """Every match (MATERIALIZED: the planner may not push the sort into the scan), sorted."""
    matches = select(*HIT_COLUMNS, key.label("sort_key")).where(*where).cte("matches")
    matches = matches.prefix_with("MATERIALIZED")
    return (select(matches).order_by(matches.c.sort_key.desc(), matches.c.account_id.desc())
            .limit(limit))


class SearchRepository(RepositoryBase):
    async def page(
        self, where: Sequence[ColumnElement[bool]], key: Any, after: tuple[Any, uuid.UUID] | None,
        limit: int, bounds: Sequence[ColumnElement[bool]] | None = None,
    ) -> Sequence[Row[Any]]:
        """Rows ordered by (key, account_id) descending, after the cursor; last column: the key.

        With `bounds` (the conditions a sort index serves) a bounded walk is tried first; a
        full page from it is exact, since every row past the walk sorts lower."""
        keyset = _keyset(key, after)
        if bounds is not None:
            rows = await self._rows(_walk([*where, *keyset], [*bounds, *keyset], key, limit))
            if len(rows) == limit:
                return rows
        return await self._rows(_all_matches([*where, *keyset], key, limit))

    async def _rows(self, query: Select[Any]) -> Sequence[Row[Any]]:
        rows: Sequence[Row[Any]] = (await self.session.execute(query)).all()
        return rows

    async def facets(self, where: Sequence[ColumnElement[bool]]) -> tuple[list[Row[Any]], int]:
        """(facet, value, count) rows over at most FACET_CAP + 1 matches, and how many matched."""
        sample = select(S.platform, S.tier, S.country).where(*where).limit(FACET_CAP + 1).subquery()
        grouped = select(
            func.grouping(sample.c.platform, sample.c.tier, sample.c.country).label("g"),
            sample.c.platform, sample.c.tier, sample.c.country, func.count().label("n"),
        ).group_by(func.grouping_sets(
            tuple_(sample.c.platform), tuple_(sample.c.tier), tuple_(sample.c.country), tuple_()))
        rows = list((await self.session.execute(grouped)).all())
        total = next((r.n for r in rows if r.g == 7), 0)
        return [r for r in rows if r.g != 7], total
