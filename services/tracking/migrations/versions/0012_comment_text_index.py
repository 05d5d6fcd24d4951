"""Comments are looked up by post and text, whoever wrote them: a line posted word for word by
several accounts on one post is a chorus (bot rings, engagement pods), not only an author
repeating themself. The index on (post, author, text) becomes one on (post, text).

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


def upgrade() -> None:
    op.create_index("ix_comments_workspace_id_post_id_text_key", "comments",
                    ["workspace_id", "post_id", "text_key"], schema=SCHEMA)
    op.drop_index("ix_comments_workspace_id_post_id_author_key_text_key", "comments", schema=SCHEMA)


def downgrade() -> None:
    op.create_index("ix_comments_workspace_id_post_id_author_key_text_key", "comments",
                    ["workspace_id", "post_id", "author_key", "text_key"], schema=SCHEMA)
    op.drop_index("ix_comments_workspace_id_post_id_text_key", "comments", schema=SCHEMA)
