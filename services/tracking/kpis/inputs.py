"""More inputs to KPIs, each one query per (collaboration or post, UTC day).

Until a campaign has tracked-link clicks, its clicks are the platforms' reported link clicks;
until it has attributed orders, conversions and revenue are unknown (null, never 0), as
sentiment is until a comment is scored. An input plugs in as one `DailyInput`: SQL whose
parameters are $1 the workspace and $2 the campaign, and whose rows are `collaboration_id`
(uuid), `post_id` (uuid or null: the collaboration as a whole), `day` (UTC date), then one
column per metric it `provides`, each the day's amount (not a running total). KPIs group its
rows with the posts' (a collaboration-level row goes with its collaboration's posts when they
share the group, else to the group "not known").

- `clicks`: tracked link clicks; once a campaign has any, its clicks are the tracked ones (the
  platforms' reported link clicks stay visible as `platform_clicks`).
- `conversions`, `revenue_minor` (minor units of the campaign currency, converted at the order's
  date), `commission_minor`: attributed orders.
- `sentiment_sum`, `sentiment_scored`: the sum of comment scores in [-1, 1] and how many
  comments were scored (the mean is the sum over the count).
"""

from __future__ import annotations

from dataclasses import dataclass

INPUT_METRICS = ("clicks", "conversions", "revenue_minor", "commission_minor", "sentiment_sum",
                 "sentiment_scored")


@dataclass(frozen=True)
class DailyInput:
    name: str
    provides: tuple[str, ...]  # some of INPUT_METRICS
    sql: str


# People's clicks on the campaign's tracked links (a bot's click is stored, not counted).
TRACKED_CLICKS = DailyInput("tracked_clicks", ("clicks",), """
SELECT c.collaboration_id, NULL::uuid AS post_id, (c.clicked_at AT TIME ZONE 'UTC')::date AS day,
    count(*) AS clicks
FROM tracking.clicks c
WHERE c.workspace_id = $1 AND c.campaign_id = $2 AND NOT c.is_bot
GROUP BY 1, 3
""")
# An order counts on the day it was placed; a refund takes its share of the revenue back on the
# day it was made, and the reversal that leaves nothing of the order
# takes the conversion back too.
CONVERSIONS = DailyInput("conversions", ("conversions", "revenue_minor"), """
SELECT x.collaboration_id, NULL::uuid AS post_id, x.day, sum(x.conversions) AS conversions,
    sum(x.revenue_minor) AS revenue_minor
FROM (
    SELECT v.collaboration_id, (v.ordered_at AT TIME ZONE 'UTC')::date AS day, 1 AS conversions,
        v.reporting_amount_minor AS revenue_minor
    FROM tracking.conversions v WHERE v.workspace_id = $1 AND v.campaign_id = $2
    UNION ALL
    SELECT r.collaboration_id, (r.reversed_at AT TIME ZONE 'UTC')::date, -r.closes::int,
        -r.reporting_amount_minor
    FROM tracking.conversion_reversals r WHERE r.workspace_id = $1 AND r.campaign_id = $2
) AS x
GROUP BY 1, 3
""")

# Scored comments only (spam and unscored comments never enter the mean), on the UTC day written.
SENTIMENT = DailyInput("sentiment", ("sentiment_sum", "sentiment_scored"), """
SELECT c.collaboration_id, c.post_id, (c.commented_at AT TIME ZONE 'UTC')::date AS day,
    sum(c.score) AS sentiment_sum, count(*) AS sentiment_scored
FROM tracking.comments c
WHERE c.workspace_id = $1 AND c.campaign_id = $2 AND c.status = 'scored'
GROUP BY 1, 2, 3""")

INPUTS: list[DailyInput] = [TRACKED_CLICKS, CONVERSIONS, SENTIMENT]
