"""collaboration pipeline: due dates, sources, stage history, the pipeline index

Revision ID: 0003_collaboration_pipeline
Revises: 0c912e5d26f0
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_collaboration_pipeline"
down_revision: str | None = "0c912e5d26f0"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_DUE = sa.text("coalesce(due_at, 'infinity'::timestamptz)")


def upgrade() -> None:
    op.add_column("collaborations", sa.Column("source", sa.String(length=20),
                                              server_default="shortlist", nullable=False),
                  schema="campaigns")
    op.add_column("collaborations", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
                  schema="campaigns")
    op.add_column("collaborations", sa.Column("note", sa.Text(), nullable=True), schema="campaigns")
    op.add_column("collaborations", sa.Column("relationship", sa.String(length=20), nullable=True),
                  schema="campaigns")
    op.add_column("collaborations", sa.Column("stage_changed_at", sa.DateTime(timezone=True),
                                              server_default=sa.text("now()"), nullable=False),
                  schema="campaigns")
    op.create_index("ix_collaborations_pipeline", "collaborations",
                    ["workspace_id", "campaign_id", "stage", _DUE, "id"], schema="campaigns")
    op.create_index("ix_collaborations_campaign_due", "collaborations",
                    ["workspace_id", "campaign_id", _DUE, "id"], schema="campaigns")
    op.create_index("ix_collaborations_influencer", "collaborations",
                    ["workspace_id", "influencer_id"], schema="campaigns")
    op.create_table(
        "collaboration_stage_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("previous_stage", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["collaboration_id"], ["campaigns.collaborations.id"],
                                name=op.f("fk_collaboration_stage_changes_collaboration_id_collaborations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collaboration_stage_changes")),
        schema="campaigns",
    )
    op.create_index("ix_collaboration_stage_changes_collaboration", "collaboration_stage_changes",
                    ["collaboration_id", "changed_at"], schema="campaigns")


def downgrade() -> None:
    op.drop_table("collaboration_stage_changes", schema="campaigns")
    for index in ("ix_collaborations_influencer", "ix_collaborations_campaign_due",
                  "ix_collaborations_pipeline"):
        op.drop_index(index, table_name="collaborations", schema="campaigns")
    for column in ("stage_changed_at", "relationship", "note", "due_at", "source"):
        op.drop_column("collaborations", column, schema="campaigns")
