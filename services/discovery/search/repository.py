"""What search reads from the table beside the index: hits by id, text scores and checks,
the blocklist. The index answers which accounts match and in what order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Uuid, any_, cast, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from services.discovery.models import AccountSearch, BlockedInfluencer
from services.discovery.search.freshness import hit_freshness
from services.discovery.search.index.text_match import PARSE, TextQuery, handle_query
from services.discovery.search.schemas import SearchHit
from shared.db.repository import RepositoryBase

S = AccountSearch


# Every hit field but the score, which the caller sets.
_HIT_FIELDS = tuple(name for name in SearchHit.model_fields if name != "score")
# On the driver: SQLAlchemy's per-row processing of these columns tripled the time of
# reading 200 hits.
_HITS = (f"SELECT {', '.join(_HIT_FIELDS)} FROM discovery.account_search"
         " WHERE workspace_id = $1 AND account_id = ANY($2::uuid[])")


def _among(ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
    """One array parameter, however many ids (a phrase's candidates can pass the 32,767
    parameters a statement may have)."""
    return S.account_id == any_(cast(list(ids), ARRAY(Uuid)))


def _tsquery(text: str) -> Any:
    return func.websearch_to_tsquery("simple", text)


def _relevance(text: str) -> Any:
    return func.ts_rank(S.tsv, _tsquery(text)) + func.similarity(S.handle, handle_query(text))


class SearchRepository(RepositoryBase):
    """Reads of one workspace's search rows: the index hands over account ids, and the
    workspace filter keeps an id of another tenant from reading its row all the same."""

    def __init__(self, session: AsyncSession, workspace_id: uuid.UUID) -> None:
        super().__init__(session)
        self.workspace_id = workspace_id

    async def hits(self, ids: Sequence[uuid.UUID]) -> list[SearchHit]:
        """The hits of `ids`, in their order, without a score."""
        records = await (await self.driver()).fetch(_HITS, self.workspace_id, list(ids))
        now = datetime.now(UTC)
        found = {}
        for record in records:
            fields = dict(zip(_HIT_FIELDS, record, strict=True))
            fields["freshness"] = hit_freshness(fields["freshness"], now)
            # Stored rows were validated on write; constructing skips validating them again.
            found[record[0]] = SearchHit.model_construct(score=None, **fields)
        return [found[i] for i in ids if i in found]

    async def text_query(self, text: str) -> TextQuery:
        """The text as PostgreSQL parses it for the index (text_match.py)."""
        tsquery, trigrams, threshold = await (await self.driver()).fetchrow(PARSE, text, handle_query(text))
        return TextQuery(tsquery, trigrams, threshold)

    async def text_matches(self, text: str, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of `ids` match `text` exactly (a phrase, which the index matches as words)."""
        matched = await self.session.scalars(select(S.account_id).where(
            S.workspace_id == self.workspace_id, _among(ids),
            or_(S.tsv.op("@@")(_tsquery(text)), S.handle.op("%")(handle_query(text)))))
        return set(matched)

    async def text_scores(self, text: str, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, float]:
        """The text score of each of `ids` (a window of matches, never the whole table)."""
        rows = await self.session.execute(
            select(S.account_id, _relevance(text)).where(S.workspace_id == self.workspace_id, _among(ids)))
        return {account_id: score for account_id, score in rows.all()}

    async def blocked(self) -> list[uuid.UUID]:
        return list(await self.session.scalars(select(BlockedInfluencer.influencer_id).where(
            BlockedInfluencer.workspace_id == self.workspace_id)))
