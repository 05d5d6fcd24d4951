"""Comments are looked up by post and text, whoever wrote them: a line posted word for word by
several accounts on one post is a chorus (bot rings, engagement pods), not only an author
repeating themself. The index on (post, author, text) becomes one on (post, text), built and
dropped CONCURRENTLY: comments go on being imported while it builds.

Revision ID: 0012_comment_text_index
Revises: 0011_webhook_secrets_encrypted
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_comment_text_index"
down_revision: str | None = "0011_webhook_secrets_encrypted"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"


_OLD = "ix_comments_workspace_id_post_id_author_key_text_key"
_NEW = "ix_comments_workspace_id_post_id_text_key"


def _replace(old: str, new: str, columns: list[str]) -> None:
    """Outside a transaction, as CONCURRENTLY needs. A build that failed half-way leaves its
    index invalid, and the migration is not recorded: run again, it drops that index first."""
    with op.get_context().autocommit_block():
        op.drop_index(new, "comments", schema=SCHEMA, postgresql_concurrently=True, if_exists=True)
        op.create_index(new, "comments", columns, schema=SCHEMA, postgresql_concurrently=True)
        op.drop_index(old, "comments", schema=SCHEMA, postgresql_concurrently=True, if_exists=True)


def upgrade() -> None:
    _replace(_OLD, _NEW, ["workspace_id", "post_id", "text_key"])


def downgrade() -> None:
    _replace(_NEW, _OLD, ["workspace_id", "post_id", "author_key", "text_key"])
