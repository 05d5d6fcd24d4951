"""More inputs to KPIs, each one query per (collaboration or post, UTC day).

Until commerce's tracked links and conversions feed KPIs, clicks are the platforms' reported
link clicks and conversions and revenue are unknown (null, never 0), as sentiment is until a
comment is scored. An input
plugs in as one `DailyInput`: SQL whose parameters are $1 the workspace and $2 the campaign, and
whose rows are `collaboration_id` (uuid), `post_id` (uuid or null: the collaboration as a whole),
`day` (UTC date), then one column per metric it `provides`, each the day's amount (not a running
total). KPIs group its rows with the posts' (a collaboration-level row goes with its
collaboration's posts when they share the group, else to the group "not known").

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


# Scored comments only (spam and unscored comments never enter the mean), on the UTC day written.
SENTIMENT = DailyInput("sentiment", ("sentiment_sum", "sentiment_scored"), """
SELECT c.collaboration_id, c.post_id, (c.commented_at AT TIME ZONE 'UTC')::date AS day,
    sum(c.score) AS sentiment_sum, count(*) AS sentiment_scored
FROM tracking.comments c
WHERE c.workspace_id = $1 AND c.campaign_id = $2 AND c.status = 'scored'
GROUP BY 1, 2, 3""")

INPUTS: list[DailyInput] = [SENTIMENT]
