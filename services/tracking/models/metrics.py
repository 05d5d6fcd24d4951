from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Float, Index, Integer, String, Text, Uuid, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class _Figures:
    """services.tracking.domain.figures.FIGURES, each null when the source did not report it."""

    impressions: Mapped[int | None] = mapped_column(BigInteger)
    reach: Mapped[int | None] = mapped_column(BigInteger)
    views: Mapped[int | None] = mapped_column(BigInteger)
    watch_time_s: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    saves: Mapped[int | None] = mapped_column(BigInteger)
    clicks: Mapped[int | None] = mapped_column(BigInteger)
    profile_visits: Mapped[int | None] = mapped_column(BigInteger)
    follows: Mapped[int | None] = mapped_column(BigInteger)


class MetricSnapshot(_Figures, Base):
    """Every snapshot as received, never updated: one per (post, captured_at, source). Partitioned
    by month of `captured_at` (the worker creates partitions ahead, an import the past months it
    needs), so old months can be detached and archived whole."""

    __tablename__ = "metric_snapshots"
    __table_args__ = {"postgresql_partition_by": "RANGE (captured_at)"}  # noqa: RUF012

    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    confidence: Mapped[float | None] = mapped_column(Float)
    # Counters lower than in the post's snapshot before this one: stored as sent, and flagged.
    decreased: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PostMetricsLatest(_Figures, Base):
    """Each post's newest figures: the latest known value of each figure, whichever snapshot
    last reported it. A row changed since it was last announced (`PostMetricsUpdated`) is
    pending: the worker announces it, once however many batches changed it meanwhile."""

    __tablename__ = "post_metrics_latest"
    __table_args__ = (
        Index(None, "workspace_id", "campaign_id"),
        Index("ix_post_metrics_latest_pending", "updated_at",
              postgresql_where=text("announced_at IS NULL OR announced_at < updated_at")),
    )

    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(20))
    decreased: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default=text("'{}'"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    announced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class _Deltas:
    """Each figure's increment over the post's previous measured day (the whole figure on its
    first; null when the day's figure is): kept by the metrics writer, so a campaign's daily
    series is a plain sum per day rather than a window over every post's days."""

    impressions_delta: Mapped[int | None] = mapped_column(BigInteger)
    reach_delta: Mapped[int | None] = mapped_column(BigInteger)
    views_delta: Mapped[int | None] = mapped_column(BigInteger)
    watch_time_s_delta: Mapped[int | None] = mapped_column(BigInteger)
    likes_delta: Mapped[int | None] = mapped_column(BigInteger)
    comments_delta: Mapped[int | None] = mapped_column(BigInteger)
    shares_delta: Mapped[int | None] = mapped_column(BigInteger)
    saves_delta: Mapped[int | None] = mapped_column(BigInteger)
    clicks_delta: Mapped[int | None] = mapped_column(BigInteger)
    profile_visits_delta: Mapped[int | None] = mapped_column(BigInteger)
    follows_delta: Mapped[int | None] = mapped_column(BigInteger)


class PostMetricsDaily(_Figures, _Deltas, Base):
    """Each post's figures as known at the end of each UTC day it was measured: the daily series
    KPIs are drawn from (a day without a row carries the previous one forward)."""

    __tablename__ = "post_metrics_daily"

    # One index only (a campaign's series are read by campaign): each more one doubled an
    # import's cost of writing this table.
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CampaignMetricsDaily(Base):
    """Each campaign's daily increments summed over its posts' rows of `post_metrics_daily`,
    kept by that table's triggers in the statement that writes it (migration 0010), so a
    campaign's daily series reads a row a day instead of summing every post's. `<figure>_reported`
    counts the rows reporting the figure (none: the day's sum is null, as over the posts' rows);
    `rows` counts them all (a day with none has no series point)."""

    __tablename__ = "campaign_metrics_daily"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rows: Mapped[int] = mapped_column(Integer)
    impressions_delta: Mapped[int] = mapped_column(BigInteger)
    impressions_reported: Mapped[int] = mapped_column(Integer)
    reach_delta: Mapped[int] = mapped_column(BigInteger)
    reach_reported: Mapped[int] = mapped_column(Integer)
    views_delta: Mapped[int] = mapped_column(BigInteger)
    views_reported: Mapped[int] = mapped_column(Integer)
    watch_time_s_delta: Mapped[int] = mapped_column(BigInteger)
    watch_time_s_reported: Mapped[int] = mapped_column(Integer)
    likes_delta: Mapped[int] = mapped_column(BigInteger)
    likes_reported: Mapped[int] = mapped_column(Integer)
    comments_delta: Mapped[int] = mapped_column(BigInteger)
    comments_reported: Mapped[int] = mapped_column(Integer)
    shares_delta: Mapped[int] = mapped_column(BigInteger)
    shares_reported: Mapped[int] = mapped_column(Integer)
    saves_delta: Mapped[int] = mapped_column(BigInteger)
    saves_reported: Mapped[int] = mapped_column(Integer)
    clicks_delta: Mapped[int] = mapped_column(BigInteger)
    clicks_reported: Mapped[int] = mapped_column(Integer)
    profile_visits_delta: Mapped[int] = mapped_column(BigInteger)
    profile_visits_reported: Mapped[int] = mapped_column(Integer)
    follows_delta: Mapped[int] = mapped_column(BigInteger)
    follows_reported: Mapped[int] = mapped_column(Integer)
