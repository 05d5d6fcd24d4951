"""The figures a post's metrics snapshot may hold, all cumulative counts (DESIGN §7)."""

from __future__ import annotations

FIGURES = ("impressions", "reach", "views", "watch_time_s", "likes", "comments", "shares", "saves",
           "clicks", "profile_visits", "follows")
# engagement = likes + comments + shares + saves (DESIGN §7).
ENGAGEMENT_ACTIONS = ("likes", "comments", "shares", "saves")
# A figure the source did not report, inside a row's figures (counts are never negative); NULL
# in the database, absent in events and responses.
ABSENT = -1
