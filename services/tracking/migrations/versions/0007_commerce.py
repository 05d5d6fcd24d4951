"""promo codes, attribution rules, conversions and their reversals, webhook endpoints

Revision ID: 0007_commerce
Revises: 0006_processed_events_pruning
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_commerce"
down_revision: str | None = "0006_processed_events_pruning"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"


def _when(name: str, nullable: bool = False) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _created() -> sa.Column[sa.DateTime]:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "promo_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("code_key", sa.String(40), nullable=False),
        _when("valid_from"),
        _when("valid_until", nullable=True),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("deactivated_at", nullable=True),
        _created(),
        sa.PrimaryKeyConstraint("id", name="pk_promo_codes"),
        schema=SCHEMA,
    )
    op.create_index("ix_promo_codes_workspace_id_code_key", "promo_codes", ["workspace_id", "code_key"],
                    unique=True, schema=SCHEMA)
    op.create_index("ix_promo_codes_workspace_id_campaign_id", "promo_codes",
                    ["workspace_id", "campaign_id"], schema=SCHEMA)
    op.create_table(
        "attribution_rules",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("precedence", sa.String(20), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("workspace_id", "campaign_id", name="pk_attribution_rules"),
        schema=SCHEMA,
    )
    op.create_table(
        "conversions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.String(200), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=True),
        sa.Column("attributed_by", sa.String(20), nullable=False),
        sa.Column("click_id", sa.Uuid(), nullable=True),
        sa.Column("promo_code_id", sa.Uuid(), nullable=True),
        sa.Column("promo_code", sa.String(40), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reporting_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("reporting_currency", sa.String(3), nullable=False),
        sa.Column("fx_rate", sa.Numeric(), nullable=False),
        sa.Column("fx_rate_date", sa.Date(), nullable=False),
        sa.Column("commission_minor", sa.BigInteger(), nullable=True),
        sa.Column("reversed_minor", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _when("ordered_at"),
        _when("attributed_at"),
        sa.PrimaryKeyConstraint("id", name="pk_conversions"),
        schema=SCHEMA,
    )
    op.create_index("ix_conversions_workspace_id_order_id", "conversions", ["workspace_id", "order_id"],
                    unique=True, schema=SCHEMA)
    op.create_index("ix_conversions_workspace_id_campaign_id_ordered_at", "conversions",
                    ["workspace_id", "campaign_id", "ordered_at"], schema=SCHEMA)
    op.create_table(
        "conversion_reversals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("conversion_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("reversal_key", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("reporting_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("commission_minor", sa.BigInteger(), nullable=True),
        sa.Column("closes", sa.Boolean(), nullable=False),
        _when("reversed_at"),
        _created(),
        sa.PrimaryKeyConstraint("id", name="pk_conversion_reversals"),
        schema=SCHEMA,
    )
    op.create_index("ix_conversion_reversals_workspace_id_conversion_id_reversal_key",
                    "conversion_reversals", ["workspace_id", "conversion_id", "reversal_key"],
                    unique=True, schema=SCHEMA)
    op.create_index("ix_conversion_reversals_workspace_id_campaign_id_reversed_at",
                    "conversion_reversals", ["workspace_id", "campaign_id", "reversed_at"], schema=SCHEMA)
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _created(),
        _when("rotated_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_endpoints"),
        schema=SCHEMA,
    )
    op.create_index("ix_webhook_endpoints_workspace_id_id", "webhook_endpoints", ["workspace_id", "id"],
                    schema=SCHEMA)


def downgrade() -> None:
    for table in ("webhook_endpoints", "conversion_reversals", "conversions", "attribution_rules",
                  "promo_codes"):
        op.drop_table(table, schema=SCHEMA)
