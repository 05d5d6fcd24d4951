"""Each campaign's daily increments summed over its posts, kept by triggers on
post_metrics_daily in the writing statement, so a campaign's daily series reads one row a day
instead of summing every post's (issue 15, Performance: 90 rows instead of 90,000).

Revision ID: 0010_campaign_daily
Revises: 0009_daily_deltas
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_campaign_daily"
down_revision: str | None = "0009_daily_deltas"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"
# services.tracking.domain.figures.FIGURES as of this revision.
FIGURES = ("impressions", "reach", "views", "watch_time_s", "likes", "comments", "shares", "saves",
           "clicks", "profile_visits", "follows")
_COLUMNS = ", ".join(f"{f}_delta, {f}_reported" for f in FIGURES)
# Each changed row counts once: +1 as written (new), -1 as it was (old). A figure's increment
# is summed over the rows reporting it, and those rows are counted, so a day whose rows report
# none of it stays null, as the sum over the posts' rows is.
_SIGNED = ", ".join(f"coalesce(sum({f}_delta * sign), 0)::bigint, "
                    f"sum(({f}_delta IS NOT NULL)::int * sign)::int" for f in FIGURES)
_ADD = ", ".join(f"{f}_delta = c.{f}_delta + excluded.{f}_delta, "
                 f"{f}_reported = c.{f}_reported + excluded.{f}_reported" for f in FIGURES)
_DELTAS = ", ".join(f"{f}_delta" for f in FIGURES)


def _roll_up(rows: str) -> str:
    return f"""
    INSERT INTO {SCHEMA}.campaign_metrics_daily AS c (workspace_id, campaign_id, day, rows, {_COLUMNS})
    SELECT workspace_id, campaign_id, day, sum(sign)::int, {_SIGNED} FROM ({rows}) AS changed
    GROUP BY workspace_id, campaign_id, day
    ON CONFLICT (workspace_id, campaign_id, day) DO UPDATE SET rows = c.rows + excluded.rows, {_ADD};"""


_NEW = f"SELECT workspace_id, campaign_id, day, 1 AS sign, {_DELTAS} FROM new_rows"
_OLD = f"SELECT workspace_id, campaign_id, day, -1 AS sign, {_DELTAS} FROM old_rows"
_EVENTS = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
           "DELETE": "OLD TABLE AS old_rows"}


def upgrade() -> None:
    op.create_table(
        "campaign_metrics_daily",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        *[column for f in FIGURES for column in (sa.Column(f"{f}_delta", sa.BigInteger(), nullable=False),
                                                  sa.Column(f"{f}_reported", sa.Integer(), nullable=False))],
        sa.PrimaryKeyConstraint("workspace_id", "campaign_id", "day", name=op.f("pk_campaign_metrics_daily")),
        schema=SCHEMA,
    )
    # Transition tables name one event each: one trigger per event, one function for them all.
    op.execute(f"""
    CREATE FUNCTION {SCHEMA}.roll_up_post_metrics_daily() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN {_roll_up(_NEW)}
        ELSIF TG_OP = 'UPDATE' THEN {_roll_up(f"{_NEW} UNION ALL {_OLD}")}
        ELSIF TG_OP = 'DELETE' THEN {_roll_up(_OLD)}
        ELSE DELETE FROM {SCHEMA}.campaign_metrics_daily;  -- TRUNCATE: in a TRUNCATE of both, one may not
        END IF;
        RETURN NULL;
    END $$""")
    for event, tables in _EVENTS.items():
        op.execute(f"""
        CREATE TRIGGER roll_up_{event.lower()} AFTER {event} ON {SCHEMA}.post_metrics_daily
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.roll_up_post_metrics_daily()""")
    op.execute(f"""
    CREATE TRIGGER roll_up_truncate AFTER TRUNCATE ON {SCHEMA}.post_metrics_daily
    FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.roll_up_post_metrics_daily()""")
    op.execute(f"""
    INSERT INTO {SCHEMA}.campaign_metrics_daily (workspace_id, campaign_id, day, rows, {_COLUMNS})
    SELECT workspace_id, campaign_id, day, sum(sign)::int, {_SIGNED}
    FROM (SELECT workspace_id, campaign_id, day, 1 AS sign, {_DELTAS}
          FROM {SCHEMA}.post_metrics_daily) AS stored
    GROUP BY workspace_id, campaign_id, day""")


def downgrade() -> None:
    for event in (*_EVENTS, "TRUNCATE"):
        op.execute(f"DROP TRIGGER roll_up_{event.lower()} ON {SCHEMA}.post_metrics_daily")
    op.execute(f"DROP FUNCTION {SCHEMA}.roll_up_post_metrics_daily()")
    op.drop_table("campaign_metrics_daily", schema=SCHEMA)
