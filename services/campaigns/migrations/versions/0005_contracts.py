"""negotiation and contracts: offers (versioned terms), contracts, their deliverables, payments,
seeded products

Revision ID: 0005_contracts
Revises: 0002_campaign_plan
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_contracts"
down_revision: str | None = "0002_campaign_plan"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

S = "campaigns"
JSONB = postgresql.JSONB(astext_type=sa.Text())


def _now() -> sa.TextClause:
    return sa.text("now()")


def _fk(table: str, column: str, target: str, ondelete: str | None = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{S}.{target}.id"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _owned(table: str) -> list[sa.schema.SchemaItem]:
    """What every table here has: id, workspace, collaboration and campaign."""
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        _fk(table, "collaboration_id", "collaborations"),
        _fk(table, "campaign_id", "campaigns", None),
    ]


def upgrade() -> None:
    op.create_table(
        "offers", *_owned("offers"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("made_by", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("terms", JSONB, nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("collaboration_id", "version",
                            name=op.f("uq_offers_collaboration_id_version")),
        schema=S,
    )
    op.create_index("ix_offers_workspace_collaboration", "offers",
                    ["workspace_id", "collaboration_id", "version"], schema=S)

    op.create_table(
        "contracts", *_owned("contracts"),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("compensation_model", sa.String(20), nullable=False),
        sa.Column("relationship", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("fixed_fee_minor", sa.BigInteger(), nullable=False),
        sa.Column("gifted_value_minor", sa.BigInteger(), nullable=False),
        sa.Column("performance_rates", JSONB, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("performance_cap_minor", sa.BigInteger(), nullable=True),
        sa.Column("usage_rights", JSONB, nullable=True),
        sa.Column("exclusivity", JSONB, nullable=True),
        sa.Column("payment_schedule", JSONB, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("budget_override_reason", sa.Text(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_by", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        _fk("contracts", "offer_id", "offers", None),
        schema=S,
    )
    op.create_index("ux_contracts_live_collaboration", "contracts", ["collaboration_id"], unique=True,
                    postgresql_where=sa.text("status IN ('draft', 'signed')"), schema=S)
    op.create_index("ix_contracts_workspace_campaign", "contracts",
                    ["workspace_id", "campaign_id", "id"], schema=S)
    op.create_index("ix_contracts_workspace_influencer", "contracts",
                    ["workspace_id", "influencer_id"], schema=S)

    op.create_table(
        "deliverables", *_owned("deliverables"),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("fee_minor", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("post_id", sa.Uuid(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        _fk("deliverables", "contract_id", "contracts"),
        schema=S,
    )
    op.create_index("ix_deliverables_workspace_contract", "deliverables",
                    ["workspace_id", "contract_id", "position"], schema=S)
    op.create_index("ix_deliverables_workspace_collaboration", "deliverables",
                    ["workspace_id", "collaboration_id"], schema=S)

    op.create_table(
        "payments", *_owned("payments"),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("deliverable_id", sa.Uuid(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("method", sa.String(40), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        _fk("payments", "contract_id", "contracts"),
        _fk("payments", "deliverable_id", "deliverables", "SET NULL"),
        schema=S,
    )
    op.create_index("ix_payments_workspace_contract", "payments",
                    ["workspace_id", "contract_id", "id"], schema=S)
    op.create_index("ix_payments_workspace_collaboration", "payments",
                    ["workspace_id", "collaboration_id"], schema=S)

    op.create_table(
        "seeded_products", *_owned("seeded_products"),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.String(300), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("carrier", sa.String(100), nullable=True),
        sa.Column("tracking_number", sa.String(100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        schema=S,
    )
    op.create_index("ix_seeded_products_workspace_collaboration", "seeded_products",
                    ["workspace_id", "collaboration_id", "id"], schema=S)


def downgrade() -> None:
    for table in ("seeded_products", "payments", "deliverables", "contracts", "offers"):
        op.drop_table(table, schema=S)
