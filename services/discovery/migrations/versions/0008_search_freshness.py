"""search: each row keeps when and whence its figures were observed, so hits show it

Search hits showed followers and engagement without their freshness; a count years old looked
like today's. `freshness` holds {kind: {observed_at, source, confidence}} for followers,
engagement and audience, filled here from the profile documents.

Revision ID: 0008_search_freshness
Revises: 0007_search_top_country
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_search_freshness"
down_revision: str | None = "0007_search_top_country"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "discovery"
# The account's provenances in the profile document: a search row is one account of it.
BACKFILL = """
UPDATE discovery.account_search s
SET freshness = jsonb_strip_nulls(jsonb_build_object(
    'followers', a.account->'stats'->'provenance',
    'engagement', a.account->'engagement'->'provenance',
    'audience', a.account->'audience'->'provenance'))
FROM discovery.influencers i CROSS JOIN LATERAL jsonb_array_elements(i.profile->'accounts') a(account)
WHERE i.id = s.influencer_id
  AND a.account->>'platform' = s.platform AND a.account->>'handle' = s.handle
"""


def upgrade() -> None:
    op.add_column("account_search", sa.Column("freshness", postgresql.JSONB(), nullable=False,
                                              server_default="{}"), schema=SCHEMA)
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_column("account_search", "freshness", schema=SCHEMA)
