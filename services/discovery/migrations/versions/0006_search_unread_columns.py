"""search: drop `audience_tokens` and `price_formats`, which nothing has read since 0005

They were the GIN-indexable forms of the audience shares and rate card for SQL search; the
in-memory index reads `audience` and `prices` instead. Deriving and writing ~45 tokens per
account took about a tenth of an import's time.

Revision ID: 0006_search_unread_columns
Revises: 0005_search_index_feed
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_search_unread_columns"
down_revision: str | None = "0005_search_index_feed"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "discovery"
# What the search rows held at 0005, derived again from the columns that stay: a token for every
# 10 % step an audience share reaches ('country:DE:0' … 'country:DE:30' for 0.34), and the
# distinct 'format:currency' pairs of the rate card.
REFILL = """
UPDATE discovery.account_search SET
    audience_tokens = ARRAY(
        SELECT d.dimension || ':' || s.value || ':' || step
        FROM jsonb_each(audience) d(dimension, shares), jsonb_each_text(d.shares) s(value, share),
             generate_series(0, floor(round(s.share::numeric * 100, 6))::int / 10 * 10, 10) step),
    price_formats = ARRAY(
        SELECT DISTINCT (p.price->>'format') || ':' || (p.price->>'currency')
        FROM jsonb_array_elements(prices) p(price) ORDER BY 1)
"""


def upgrade() -> None:
    op.drop_column("account_search", "audience_tokens", schema=SCHEMA)
    op.drop_column("account_search", "price_formats", schema=SCHEMA)


def downgrade() -> None:
    for name in ("audience_tokens", "price_formats"):
        op.add_column("account_search", sa.Column(name, postgresql.ARRAY(sa.Text())), schema=SCHEMA)
    op.execute(REFILL)
