"""Each post's daily figures keep their increment over its previous measured day, so KPIs' daily
series sum them per day instead of a window over every post's days (issue 15, Performance).

Revision ID: 0009_daily_deltas
Revises: 0008_campaign_goals
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_daily_deltas"
down_revision: str | None = "0008_campaign_goals"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"
# services.tracking.domain.figures.FIGURES as of this revision.
FIGURES = ("impressions", "reach", "views", "watch_time_s", "likes", "comments", "shares", "saves",
           "clicks", "profile_visits", "follows")


def upgrade() -> None:
    for figure in FIGURES:
        op.add_column("post_metrics_daily", sa.Column(f"{figure}_delta", sa.BigInteger()), schema=SCHEMA)
    deltas = ", ".join(f"{f}_delta = x.{f}_delta" for f in FIGURES)
    window = ", ".join(f"{f} - coalesce(lag({f}) OVER w, 0) AS {f}_delta" for f in FIGURES)
    op.execute(f"""
        UPDATE {SCHEMA}.post_metrics_daily d SET {deltas}
        FROM (SELECT campaign_id, post_id, day, {window} FROM {SCHEMA}.post_metrics_daily
              WINDOW w AS (PARTITION BY campaign_id, post_id ORDER BY day)) AS x
        WHERE x.campaign_id = d.campaign_id AND x.post_id = d.post_id AND x.day = d.day""")


def downgrade() -> None:
    for figure in FIGURES:
        op.drop_column("post_metrics_daily", f"{figure}_delta", schema=SCHEMA)
