"""installment triggers: which schedule installment a payment is, and its due date in the budget

Payments booked at signing before this revision carry no installment or trigger: their undated
ones never fall due by themselves (they are marked pending or paid as they are made, as before).

Revision ID: 0010_installment_triggers
Revises: 0009_relationships
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_installment_triggers"
down_revision: str | None = "0009_relationships"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("payments", sa.Column("installment", sa.SmallInteger(), nullable=True),
                  schema="campaigns")
    op.add_column("payments", sa.Column("trigger", sa.String(length=20), nullable=True),
                  schema="campaigns")
    op.add_column("budget_payments", sa.Column("due_on", sa.Date(), nullable=True),
                  schema="campaigns")


def downgrade() -> None:
    op.drop_column("budget_payments", "due_on", schema="campaigns")
    op.drop_column("payments", "trigger", schema="campaigns")
    op.drop_column("payments", "installment", schema="campaigns")
