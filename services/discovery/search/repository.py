from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, ColumnElement, Row, Select, func, literal_column, select, tuple_
from sqlalchemy.sql.util import ClauseAdapter
from sqlalchemy.sql.visitors import iterate

from services.discovery.models import AccountSearch
from services.discovery.models.search import SORT_KEYS
from services.discovery.search.conditions import relevance
from shared.db.repository import RepositoryBase

S = AccountSearch
HIT_COLUMNS = (S.account_id, S.influencer_id, S.display_name, S.platform, S.handle, S.followers,
               S.tier, S.engagement_rate, S.growth_30d, S.authenticity, S.country, S.topics)
HIT_KEYS = {c.key for c in HIT_COLUMNS}
# Facets count at most this many matching accounts, so a broad query stays within budget.
FACET_CAP = 10_000
# A keyset walk down a sort index reads rows in order until a page of them matches (≈ 2 µs a
# row here). When filters are selective, reading every match (bitmap, GIN) then sorting is the
# cheaper plan; the planner cannot tell which case it is in because it assumes filters are
# independent and spread evenly along the sort key. So a short probe measures the hit rate,
# and the walk goes on only as far as that rate says a page needs, at most WALK_ROWS rows.
PROBE_ROWS = 1_000
WALK_ROWS = 12_000
WALK_MARGIN = 1.5
# Every search transaction. work_mem: bitmaps over a few hundred thousand candidates fit; at the
# 4 MB default they go lossy and every row of every touched page is rechecked (measured: 450k
# rechecks for a 2k-row answer). random_page_cost: the search table is meant to live in memory
# (docs/discovery.md), so a random page read costs about what a sequential one does; at the
# default 4 the planner overprices the heap and ANDs in bitmaps of broad conditions to avoid it.
SEARCH_PLANNER = {"work_mem": "64MB", "random_page_cost": "1.1"}
# Reading every match of a selective search. GIN posting lists cost the planner ~0.005 a TID, a
# quarter of what they take to read next to heap rows, so it ANDed in bitmaps of broad words and
# topics (50–60 ms each) to save a few thousand row checks; and a plain index scan fetches rows
# in index order, ~5 µs each. The defaults return afterwards, for the walks that may follow.
EVERY_MATCH_PLANNER = {"cpu_index_tuple_cost": "0.04", "enable_indexscan": "off"}
PLANNER_DEFAULTS = {"cpu_index_tuple_cost": "0.005", "enable_indexscan": "on"}


def sort_expression(sort: str) -> Any:
    """The descending keyset key of an indexed sort; relevance ranks a followers-ordered window."""
    return S.followers if sort == "relevance" else literal_column(SORT_KEYS[sort])


def _keyset(key: Any, after: tuple[Any, uuid.UUID] | None) -> list[ColumnElement[bool]]:
    return [] if after is None else [tuple_(key, S.account_id) < tuple_(*after)]


def walk_length(hits: int, wanted: int) -> int | None:
    """Rows to walk for `wanted` hits, given `hits` in the probe; None: walking would not pay."""
    if hits == 0:
        return None
    rows = math.ceil(WALK_MARGIN * wanted * PROBE_ROWS / hits)
    return rows if rows <= WALK_ROWS else None


def _needed(where: Sequence[ColumnElement[bool]]) -> list[Any]:
    """The hit columns and those the filters read: a narrower subquery compiles faster."""
    table = S.__table__
    used = {c.key for condition in where for c in iterate(condition)
            if isinstance(c, Column) and c.table is table}
    return [*HIT_COLUMNS, *(table.c[name] for name in sorted(used - HIT_KEYS))]


def _walk(where: Sequence[ColumnElement[bool]], bounds: Sequence[ColumnElement[bool]], key: Any,
          limit: int, rows: int) -> Select[Any]:
    """The first rows in sort order within `bounds` (index-served: workspace, the key's own
    range, the cursor), then every filter on those rows only. The walked rows carry their key
    as a column, so the outer query keeps their order and stops at a full page."""
    walked = (select(*_needed(where), key.label("sort_key")).where(*bounds)
              .order_by(key.desc(), S.account_id.desc()).limit(rows).subquery("walked"))
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
        limit: int, walks: Sequence[Sequence[ColumnElement[bool]]] = (), window: int | None = None,
    ) -> Sequence[Row[Any]]:
        """Rows ordered by (key, account_id) descending, after the cursor; last column: the key.

        `walks` are disjoint ranges of a sort index, in sort order (conditions.walks): each is
        read in turn, a bounded walk first, until the page is full. A full page from a walk is
        exact, since every row past the walk sorts lower. Without walks: every match, sorted.
        With `window`, a walk that found at least that many rows ends the read: the caller ranks
        a window of top rows (relevance, fit), and needs the top ones, not every one."""
        keyset = _keyset(key, after)
        await self._planner(SEARCH_PLANNER)
        if not walks:
            return await self._every_match([*where, *keyset], key, limit)
        enough = limit if window is None else min(window, limit)
        rows: list[Row[Any]] = []
        for bounds in walks:
            rows += await self._span([*where, *keyset], [*bounds, *keyset], key, limit - len(rows),
                                     enough - len(rows))
            if len(rows) >= enough:
                break
        return rows

    async def _span(self, where: Sequence[ColumnElement[bool]], bounds: Sequence[ColumnElement[bool]],
                    key: Any, limit: int, enough: int) -> Sequence[Row[Any]]:
        rows = await self._rows(_walk(where, bounds, key, limit, PROBE_ROWS))
        if len(rows) >= enough:
            return rows
        if (length := walk_length(len(rows), enough)) is not None:
            rows = await self._rows(_walk(where, bounds, key, limit, length))
            if len(rows) >= enough:
                return rows
        return await self._every_match([*where, *bounds], key, limit)

    async def _every_match(self, where: Sequence[ColumnElement[bool]], key: Any, limit: int
                           ) -> Sequence[Row[Any]]:
        """All matches, planned as a bitmap read: see EVERY_MATCH_PLANNER."""
        await self._planner(EVERY_MATCH_PLANNER)
        rows = await self._rows(_all_matches(where, key, limit))
        await self._planner(PLANNER_DEFAULTS)  # on failure the transaction rolls them back anyway
        return rows

    async def _planner(self, settings: dict[str, str]) -> None:
        """Planner settings for the rest of this transaction (set_config … is_local)."""
        await self.session.execute(select(*(func.set_config(name, value, True)
                                            for name, value in settings.items())))

    async def text_scores(self, text: str, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, float]:
        """The text score of each of `ids` (a window of matches, never the whole table)."""
        rows = await self.session.execute(
            select(S.account_id, relevance(text)).where(S.account_id.in_(ids)))
        return {account_id: score for account_id, score in rows.all()}

    async def _rows(self, query: Select[Any]) -> Sequence[Row[Any]]:
        """Uncached: a search statement is shaped by its request's filters (thousands of
        combinations), so cached ones rarely hit, and filled the compiled cache with ~1,000
        objects per search that each full garbage collection walked (100–230 ms pauses)."""
        rows: Sequence[Row[Any]] = (await self.session.execute(
            query, execution_options={"compiled_cache": None})).all()
        return rows

    async def facets(self, where: Sequence[ColumnElement[bool]]) -> tuple[list[Row[Any]], int]:
        """(facet, value, count) rows over at most FACET_CAP + 1 matches, and how many matched."""
        await self._planner(SEARCH_PLANNER)
        sample = select(S.platform, S.tier, S.country).where(*where).limit(FACET_CAP + 1).subquery()
        grouped = select(
            func.grouping(sample.c.platform, sample.c.tier, sample.c.country).label("g"),
            sample.c.platform, sample.c.tier, sample.c.country, func.count().label("n"),
        ).group_by(func.grouping_sets(
            tuple_(sample.c.platform), tuple_(sample.c.tier), tuple_(sample.c.country), tuple_()))
        rows = list(await self._rows(grouped))
        total = next((r.n for r in rows if r.g == 7), 0)
        return [r for r in rows if r.g != 7], total
