"""search: an audience known only by its top country holds it in `audience` as 'top_country'

Match's prefilter reads it (services/discovery/search/rows/audience_shares.py): before, such
accounts, every account of a ranking export, never reached a brief naming persona countries.

Revision ID: 0007_search_top_country
Revises: 0006_search_unread_columns
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_search_top_country"
down_revision: str | None = "0006_search_unread_columns"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# The account's audience in the profile document: a search row is one account of it.
BACKFILL = """
UPDATE discovery.account_search s
SET audience = s.audience || jsonb_build_object('top_country',
    jsonb_build_object(a.account->'audience'->>'primary_country', 1.0))
FROM discovery.influencers i CROSS JOIN LATERAL jsonb_array_elements(i.profile->'accounts') a(account)
WHERE i.id = s.influencer_id
  AND a.account->>'platform' = s.platform AND a.account->>'handle' = s.handle
  AND a.account->'audience'->>'primary_country' IS NOT NULL
  AND NOT s.audience ? 'country'
"""


def upgrade() -> None:
    op.execute(BACKFILL)


def downgrade() -> None:
    op.execute("UPDATE discovery.account_search SET audience = audience - 'top_country'"
               " WHERE audience ? 'top_country'")
