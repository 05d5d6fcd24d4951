from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models import FxWorkspaceRate
from shared.db.repository import RepositoryBase
from shared.fx import QuotedRate, tidy

Origin = Literal["workspace", "reference"]

# Per currency, its newest quotation on or before the day: the workspace's own when it has one
# (rank 0), else the reference one. Two index probes per currency, however long the history.
_EFFECTIVE = """
SELECT c.currency, q.rate, q.rate_date, q.source, q.rank
FROM unnest($1::text[]) WITH ORDINALITY AS c(currency, n)
CROSS JOIN LATERAL (
    (SELECT rate, rate_date, source, 0 AS rank FROM campaigns.fx_workspace_rates
     WHERE workspace_id = $2 AND currency = c.currency AND rate_date <= $3
     ORDER BY rate_date DESC LIMIT 1)
    UNION ALL
    (SELECT rate, rate_date, source, 1 FROM campaigns.fx_reference_rates
     WHERE currency = c.currency AND rate_date <= $3 ORDER BY rate_date DESC LIMIT 1)
    ORDER BY rank LIMIT 1
) AS q
ORDER BY c.n
"""

_LOAD_REFERENCE = """
INSERT INTO campaigns.fx_reference_rates AS r (currency, rate_date, rate, source)
SELECT c, d, v, $4 FROM unnest($1::text[], $2::date[], $3::numeric[]) AS q(c, d, v)
ON CONFLICT (currency, rate_date) DO UPDATE
SET rate = excluded.rate, source = excluded.source, loaded_at = now()
WHERE r.rate <> excluded.rate
RETURNING currency, rate_date, rate
"""


@dataclass(frozen=True)
class EffectiveRate:
    quote: QuotedRate
    origin: Origin
    source: str


class FxRateRepository(RepositoryBase):
    async def effective(
        self, workspace_id: uuid.UUID, currencies: Sequence[str], on: date
    ) -> list[EffectiveRate]:
        """The rate each currency has on `on`, in the order asked; those without one left out."""
        rows = await (await self.driver()).fetch(_EFFECTIVE, list(currencies), workspace_id, on)
        return [EffectiveRate(QuotedRate(r["currency"], tidy(r["rate"]), r["rate_date"]),
                              "workspace" if r["rank"] == 0 else "reference", r["source"]) for r in rows]

    async def load_workspace_rates(
        self, workspace_id: uuid.UUID, quotes: Sequence[QuotedRate], source: str
    ) -> None:
        statement = insert(FxWorkspaceRate).values([
            {"workspace_id": workspace_id, "currency": q.currency, "rate_date": q.rate_date,
             "rate": q.rate, "source": source} for q in quotes])
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["workspace_id", "currency", "rate_date"],
            set_={"rate": statement.excluded.rate, "source": statement.excluded.source,
                  "loaded_at": statement.excluded.loaded_at}))

    async def load_reference_rates(self, quotes: Sequence[QuotedRate], source: str) -> list[QuotedRate]:
        """Stores the quotations every workspace shares; returns those that were new or changed."""
        rows = await (await self.driver()).fetch(
            _LOAD_REFERENCE, [q.currency for q in quotes], [q.rate_date for q in quotes],
            [q.rate for q in quotes], source)
        return [QuotedRate(r["currency"], tidy(r["rate"]), r["rate_date"]) for r in rows]
