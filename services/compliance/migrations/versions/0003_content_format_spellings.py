"""checks: one content-format vocabulary (`blog` is now `article`)

The project's formats are `shared.vocabulary.ContentFormat`; compliance said `blog` where
discovery's rate cards said `article`. A stored check's request is re-run by `icp recheck`, which
reads either spelling; rewriting it keeps one vocabulary in storage and in the API's answers.

Revision ID: 0003_content_format_spellings
Revises: 0002_checks
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_content_format_spellings"
down_revision: str | None = "0002_checks"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.execute("""UPDATE compliance.checks SET request = jsonb_set(request, '{format}', '"article"')
                  WHERE request->>'format' = 'blog'""")


def downgrade() -> None:
    # `article` is what the code reads and writes now; the old spelling is not restored.
    pass
