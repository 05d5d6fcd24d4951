from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, func, literal_column, select, tuple_

from services.discovery.models import AccountSearch
from services.discovery.models.search import SORT_KEYS
from services.discovery.search.conditions import relevance
from shared.db.repository import RepositoryBase

S = AccountSearch
HIT_COLUMNS = (S.account_id, S.influencer_id, S.display_name, S.platform, S.handle, S.followers,
               S.tier, S.engagement_rate, S.growth_30d, S.authenticity, S.country, S.topics)
# Facets count at most this many matching accounts, so a broad query stays within budget.
FACET_CAP = 10_000


def sort_expression(sort: str, text: str | None) -> Any:
    """The descending keyset key; relevance needs text and otherwise means followers."""
    if sort == "relevance":
        return relevance(text) if text and text.strip() else S.followers
    return literal_column(SORT_KEYS[sort])


class SearchRepository(RepositoryBase):
    async def page(
        self, where: Sequence[ColumnElement[bool]], key: Any, after: tuple[Any, uuid.UUID] | None,
        limit: int,
    ) -> Sequence[Row[Any]]:
        """Rows ordered by (key, account_id) descending, after the cursor; last column: the key."""
        query = select(*HIT_COLUMNS, key.label("sort_key")).where(*where)
        if after is not None:
            query = query.where(tuple_(key, S.account_id) < tuple_(*after))
        query = query.order_by(key.desc(), S.account_id.desc()).limit(limit)
        rows: Sequence[Row[Any]] = (await self.session.execute(query)).all()  # type: ignore[assignment]
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
