from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.match import service as matching
from services.discovery.match.scoring import Scored
from services.discovery.search.conditions import conditions, walks
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
# Relevance ranks a window of matches, the most followed first (a rescoring window, as search
# engines do): no index is in text-score order, and scoring every match of a common word read
# ~200k rows per page. The window holds up to this many, fewer when a bounded walk down the
# followers index finds more than a page but not this many (repository.page); pages of a
# relevance search end with the window.
RELEVANCE_WINDOW = 100
Ranked = TypeVar("Ranked")


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


def _window_page(ranked: list[Ranked], request: SearchRequest,
                 key: Callable[[Ranked], tuple[float, uuid.UUID]]) -> tuple[list[Ranked], str | None]:
    """A page of a window already ranked by `key` descending, after the request's cursor."""
    after = _after(request.cursor)
    if after is not None:
        ranked = [r for r in ranked if key(r) < after]
    page = ranked[: request.limit]
    if len(ranked) <= request.limit:
        return page, None
    score, account_id = key(page[-1])
    return page, encode_cursor([score, str(account_id)])


async def _fit_page(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest,
                    where: list[Any]) -> tuple[list[SearchHit], str | None]:
    assert request.brief is not None  # the request validator guarantees it
    scored: list[Scored] = await matching.candidates(session, workspace_id, request.brief, where[1:])
    page, cursor = _window_page(scored, request, lambda s: (s.fit.score, s.row.account_id))
    return [_hit(s.row, s.fit.score) for s in page], cursor


async def _relevance_page(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest,
                          where: list[Any], text: str) -> tuple[list[SearchHit], str | None]:
    repository = SearchRepository(session)
    window = await repository.page(where, sort_expression("followers"), None, RELEVANCE_WINDOW,
                                   walks(workspace_id, request, True), window=request.limit + 1)
    scores = await repository.text_scores(text, [r.account_id for r in window])
    ranked = sorted(window, key=lambda r: (scores[r.account_id], r.account_id), reverse=True)
    page, cursor = _window_page(ranked, request, lambda r: (scores[r.account_id], r.account_id))
    return [_hit(r, scores[r.account_id]) for r in page], cursor


async def _sorted_page(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest,
                       where: list[Any]) -> tuple[list[SearchHit], str | None]:
    by_followers = request.sort in (SortKey.RELEVANCE, SortKey.FOLLOWERS)
    rows = await SearchRepository(session).page(
        where, sort_expression(request.sort.value), _after(request.cursor), request.limit + 1,
        walks(workspace_id, request, by_followers))
    last = rows[request.limit - 1] if len(rows) > request.limit else None
    cursor = encode_cursor([last.sort_key, str(last.account_id)]) if last else None
    return [_hit(r, None) for r in rows[: request.limit]], cursor


async def search(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest) -> SearchPage:
    where = conditions(workspace_id, request)
    facets = await _facets(session, where) if request.facets else None
    text = (request.text or "").strip()
    if request.sort is SortKey.FIT:
        items, cursor = await _fit_page(session, workspace_id, request, where)
    elif request.sort is SortKey.RELEVANCE and text:
        items, cursor = await _relevance_page(session, workspace_id, request, where, text)
    else:
        items, cursor = await _sorted_page(session, workspace_id, request, where)
    return SearchPage(items=items, next_cursor=cursor, facets=facets)
