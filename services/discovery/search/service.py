from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.match import service as matching
from services.discovery.match.scoring import Scored
from services.discovery.search.conditions import conditions, walk_bounds
from services.discovery.search.repository import FACET_CAP, SearchRepository, sort_expression
from services.discovery.search.schemas import (
    FacetCount,
    Facets,
    SearchHit,
    SearchPage,
    SearchRequest,
    SortKey,
)
from shared.http.pagination import decode_cursor, encode_cursor
from shared.http.problems import ProblemError

# GROUPING() bits of each facet's grouping set (1 = the column is aggregated away).
FACET_GROUPS = {3: "platform", 5: "tier", 6: "country"}


def _after(cursor: str | None) -> tuple[Any, uuid.UUID] | None:
    if cursor is None:
        return None
    values = decode_cursor(cursor)
    try:
        value, account_id = values
        return value, uuid.UUID(str(account_id))
    except (ValueError, TypeError) as error:
        raise ProblemError(400, "Invalid cursor", "the cursor is not one this API issued",
                           "invalid-cursor") from error


def _hit(row: Any, score: float | None) -> SearchHit:
    return SearchHit.model_validate({**row._mapping, "score": score})


async def _facets(session: AsyncSession, where: list[Any]) -> Facets:
    rows, total = await SearchRepository(session).facets(where)
    groups: dict[str, list[FacetCount]] = {name: [] for name in FACET_GROUPS.values()}
    for row in rows:
        name = FACET_GROUPS[row.g]
        groups[name].append(FacetCount(value=getattr(row, name), count=row.n))
    for counts in groups.values():
        counts.sort(key=lambda c: c.count, reverse=True)
    return Facets(platform=groups["platform"], tier=groups["tier"], country=groups["country"],
                  approximate=total > FACET_CAP, counted=min(total, FACET_CAP))


async def _fit_page(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest,
                    where: list[Any]) -> tuple[list[SearchHit], str | None]:
    assert request.brief is not None  # the request validator guarantees it
    scored: list[Scored] = await matching.candidates(session, workspace_id, request.brief, where[1:])
    after = _after(request.cursor)
    if after is not None:
        scored = [s for s in scored if (s.fit.score, s.row.account_id) < after]
    page = scored[: request.limit + 1]
    items = [_hit(s.row, s.fit.score) for s in page[: request.limit]]
    last = page[request.limit - 1] if len(page) > request.limit else None
    return items, encode_cursor([last.fit.score, str(last.row.account_id)]) if last else None


async def search(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest) -> SearchPage:
    where = conditions(workspace_id, request)
    facets = await _facets(session, where) if request.facets else None
    if request.sort is SortKey.FIT:
        items, cursor = await _fit_page(session, workspace_id, request, where)
        return SearchPage(items=items, next_cursor=cursor, facets=facets)
    key = sort_expression(request.sort.value, request.text)
    scored = request.sort is SortKey.RELEVANCE and bool(request.text and request.text.strip())
    # A relevance key is computed per row: no index is in its order, so there is nothing to walk.
    bounds = None if scored else walk_bounds(
        workspace_id, request, request.sort in (SortKey.RELEVANCE, SortKey.FOLLOWERS))
    rows = await SearchRepository(session).page(where, key, _after(request.cursor), request.limit + 1,
                                                bounds)
    items = [_hit(r, r.sort_key if scored else None) for r in rows[: request.limit]]
    last = rows[request.limit - 1] if len(rows) > request.limit else None
    cursor = encode_cursor([last.sort_key, str(last.account_id)]) if last else None
    return SearchPage(items=items, next_cursor=cursor, facets=facets)
