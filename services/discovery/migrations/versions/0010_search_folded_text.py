"""search: cities and brands keyed without the spaces around them

Filters compare a city, an audience city and a brand folded: case and surrounding spaces aside
(`indexing.text_keys.folded`). Rows written before kept the spaces a profile's text had around
them (" Munich" stored as " munich"), which no folded filter value reaches. Stored keys are
case-folded already, so stripping them gives what a write computes now. Only changed rows are
written.

Revision ID: 0010_search_folded_text
Revises: 0009_search_growth_at_latest
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_search_folded_text"
down_revision: str | None = "0009_search_growth_at_latest"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _stripped(expression: str) -> str:
    return rf"regexp_replace({expression}, '^\s+|\s+$', '', 'g')"


STATEMENTS = (
    f"UPDATE discovery.account_search SET city = {_stripped('city')} WHERE city <> {_stripped('city')}",
    f"""UPDATE discovery.account_search SET brands = ARRAY(
            SELECT DISTINCT {_stripped('b')} FROM unnest(brands) b ORDER BY 1)
        WHERE EXISTS (SELECT FROM unnest(brands) b WHERE b <> {_stripped('b')})""",
    f"""UPDATE discovery.account_search SET audience = jsonb_set(audience, '{{city}}', (
            SELECT jsonb_object_agg({_stripped('c.key')}, c.value) FROM jsonb_each(audience->'city') c))
        WHERE EXISTS (SELECT FROM jsonb_object_keys(audience->'city') k WHERE k <> {_stripped('k')})""",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    """The spaces were never meant as part of the keys; nothing to restore."""
