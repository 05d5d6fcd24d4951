from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.match import service as matching
from services.discovery.match.scoring import Scored
from services.discovery.search.matching import Matched, matched
from services.discovery.search.repository import SearchRepository
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

# Relevance ranks a window of matches, the most followed first (a rescoring window, as search
# engines do): text scores come from the table (ts_rank, handle similarity), row by row. Pages
# of a relevance search end with the window.
RELEVANCE_WINDOW = 100
Ranked = TypeVar("Ranked")


def _invalid_cursor() -> ProblemError:
    return ProblemError(400, "Invalid cursor", "the cursor is not one this API issued", "invalid-cursor")


def _after(cursor: str | None) -> tuple[float, uuid.UUID] | None:
    if cursor is None:
        return None
    values = decode_cursor(cursor)
    try:
        value, account_id = values
        after = uuid.UUID(str(account_id))
    except (ValueError, TypeError) as error:
        raise _invalid_cursor() from error
    # Every sort key is a number; anything else would fail comparing with the keys.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid_cursor()
    return value, after


def _facets(found: Matched) -> Facets:
    counted = found.count()
    groups = {name: sorted((FacetCount(value=value, count=n) for value, n in counts.items()),
                           key=lambda c: c.count, reverse=True)
              for name, counts in found.facets().items()}
    return Facets(platform=groups["platform"], tier=groups["tier"], country=groups["country"],
                  approximate=False, counted=counted)


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


async def _fit_page(session: AsyncSession, workspace_id: uuid.UUID, found: Matched,
                    request: SearchRequest) -> tuple[list[SearchHit], str | None]:
    assert request.brief is not None  # the request validator guarantees it
    scored: list[Scored] = await matching.candidates(session, workspace_id, request.brief, found)
    page, cursor = _window_page(scored, request, lambda s: (s.fit.score, s.row.account_id))
    hits = await SearchRepository(session, workspace_id).hits([s.row.account_id for s in page])
    scores = {s.row.account_id: s.fit.score for s in page}
    return [hit.model_copy(update={"score": scores[hit.account_id]}) for hit in hits], cursor


async def _relevance_page(session: AsyncSession, workspace_id: uuid.UUID, found: Matched,
                          request: SearchRequest, text: str) -> tuple[list[SearchHit], str | None]:
    repository = SearchRepository(session, workspace_id)
    window = await repository.hits([r.account_id for r in found.top("followers", None, RELEVANCE_WINDOW)])
    scores = await repository.text_scores(text, [r.account_id for r in window])
    ranked = sorted(window, key=lambda r: (scores[r.account_id], r.account_id), reverse=True)
    page, cursor = _window_page(ranked, request, lambda r: (scores[r.account_id], r.account_id))
    return [r.model_copy(update={"score": scores[r.account_id]}) for r in page], cursor


async def _sorted_page(session: AsyncSession, workspace_id: uuid.UUID, found: Matched,
                       request: SearchRequest) -> tuple[list[SearchHit], str | None]:
    sort = "followers" if request.sort is SortKey.RELEVANCE else request.sort.value
    ranked = found.top(sort, _after(request.cursor), request.limit + 1)
    hits = await SearchRepository(session, workspace_id).hits([r.account_id for r in ranked[: request.limit]])
    last = ranked[request.limit - 1] if len(ranked) > request.limit else None
    cursor = encode_cursor([last.key, str(last.account_id)]) if last else None
    return hits, cursor


async def search(session: AsyncSession, workspace_id: uuid.UUID, request: SearchRequest) -> SearchPage:
    if request.sort is SortKey.FIT:
        assert request.brief is not None  # the request validator guarantees it
        # Facets count what the page ranks: the request's filters and the brief's.
        found = await matching.brief_matches(session, workspace_id, request.brief, request)
        items, cursor = await _fit_page(session, workspace_id, found, request)
    else:
        found = await matched(session, workspace_id, request)
        items, cursor = await _ordered_page(session, workspace_id, found, request)
    return SearchPage(items=items, next_cursor=cursor, facets=_facets(found) if request.facets else None)


async def _ordered_page(session: AsyncSession, workspace_id: uuid.UUID, found: Matched,
                        request: SearchRequest) -> tuple[list[SearchHit], str | None]:
    text = (request.text or "").strip()
    if request.sort is SortKey.RELEVANCE and text:
        return await _relevance_page(session, workspace_id, found, request, text)
    return await _sorted_page(session, workspace_id, found, request)
