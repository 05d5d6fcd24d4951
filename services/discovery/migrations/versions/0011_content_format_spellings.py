"""rate cards: one content-format vocabulary (`live` is now `livestream`)

The project's formats are `shared.vocabulary.ContentFormat`; discovery's rate cards said `live`
where compliance said `livestream`. Profile documents and search rows written before hold the
old spelling, which a format filter written in the new one would not reach. Input still accepts
`live`. Only rows holding it are written.

Revision ID: 0011_content_format_spellings
Revises: 0010_search_folded_text
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_content_format_spellings"
down_revision: str | None = "0010_search_folded_text"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _respelled(array: str) -> str:
    return f"""(SELECT jsonb_agg(CASE WHEN e->>'format' = 'live'
                                  THEN jsonb_set(e, '{{format}}', '"livestream"') ELSE e END
                             ORDER BY i)
               FROM jsonb_array_elements({array}) WITH ORDINALITY AS t(e, i))"""


def upgrade() -> None:
    op.execute(f"""UPDATE discovery.influencers
                   SET profile = jsonb_set(profile, '{{rate_card}}', {_respelled("profile->'rate_card'")})
                   WHERE profile->'rate_card' @> '[{{"format": "live"}}]'""")
    op.execute(f"""UPDATE discovery.account_search SET prices = {_respelled('prices')}
                   WHERE prices @> '[{{"format": "live"}}]'""")


def downgrade() -> None:
    # `livestream` is what the code reads and writes now; the old spelling is not restored.
    pass
