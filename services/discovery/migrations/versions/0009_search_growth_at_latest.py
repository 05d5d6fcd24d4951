"""search: 30-day growth measured up to each account's latest snapshot, not its write time

`domain.growth.follower_growth` now ends its window at the latest snapshot; rows written before
hold the growth as of their write. Recomputed here over what a write reads (the latest 120
snapshots): from the earliest to the latest snapshot in the 30 days ending at the latest, null
with fewer than two of them or from zero followers. Only changed rows are written.

Revision ID: 0009_search_growth_at_latest
Revises: 0008_search_freshness
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_search_growth_at_latest"
down_revision: str | None = "0008_search_freshness"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

RECOMPUTE = """
WITH history AS (
    SELECT account_id, observed_at, followers,
           row_number() OVER (PARTITION BY account_id ORDER BY observed_at DESC) AS age,
           max(observed_at) OVER (PARTITION BY account_id) AS latest
    FROM discovery.account_snapshots
), in_window AS (
    SELECT account_id, count(*) AS points,
           (array_agg(followers ORDER BY observed_at))[1] AS first_count,
           (array_agg(followers ORDER BY observed_at DESC))[1] AS last_count
    FROM history WHERE age <= 120 AND observed_at >= latest - interval '30 days'
    GROUP BY account_id
), growth AS (
    SELECT account_id, CASE WHEN points >= 2 AND first_count > 0
                            THEN (last_count - first_count)::float8 / first_count::float8 END AS relative
    FROM in_window
)
UPDATE discovery.account_search s SET growth_30d = g.relative
FROM growth g
WHERE g.account_id = s.account_id AND s.growth_30d IS DISTINCT FROM g.relative
"""


def upgrade() -> None:
    op.execute(RECOMPUTE)


def downgrade() -> None:
    """The growth as of each row's write is not recoverable, nor needed: it was the drift."""
