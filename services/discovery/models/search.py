"""The denormalised search table: one row per platform account, every filter a column.

Why one row per account: follower, engagement and audience filters must hold on the same
account (an Instagram audience in DE says nothing about the creator's TikTok). Derived figures
(ER, tier, growth, authenticity) are computed when the profile is written, so a search never
computes them. Removed rows leave tombstones in `account_search_removals` (raw SQL only: a
trigger writes them, the search index reads them; migration 0005).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from services.discovery.db import Base

# The id of the writing transaction, as a bigint (xid8 has no cast to one).
WRITER = text("(pg_current_xact_id()::text)::bigint")

# 'simple': creators write in every language, so no language's stemmer is the right default.
TSV_EXPRESSION = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(display_name, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B')"
)


class AccountSearch(Base):
    __tablename__ = "account_search"
    # The in-memory search index (services/discovery/search/index) reads the workspace in full,
    # then what each transaction wrote since (migration 0005).
    __table_args__ = (Index("ix_account_search_written", "workspace_id", "written_by"),)

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.influencer_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(Text)
    tsv: Mapped[Any] = mapped_column(TSVECTOR, Computed(TSV_EXPRESSION, persisted=True))
    followers: Mapped[int] = mapped_column(BigInteger)
    engagement_rate: Mapped[float | None] = mapped_column(Float)
    tier: Mapped[str] = mapped_column(String(10))
    growth_30d: Mapped[float | None] = mapped_column(Float)
    authenticity: Mapped[int | None] = mapped_column(SmallInteger)
    account_type: Mapped[str | None] = mapped_column(String(20))
    last_posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    has_contact: Mapped[bool] = mapped_column(Boolean)
    country: Mapped[str | None] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(120))
    topics: Mapped[list[str]] = mapped_column(ARRAY(Text))
    languages: Mapped[list[str]] = mapped_column(ARRAY(Text))
    causes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    flags: Mapped[list[str]] = mapped_column(ARRAY(Text))
    brands: Mapped[list[str]] = mapped_column(ARRAY(Text))
    audience: Mapped[dict[str, Any]] = mapped_column(JSONB)
    prices: Mapped[list[Any]] = mapped_column(JSONB)
    # Metric kind → {observed_at, source, confidence} of the figures a hit shows (migration 0008).
    freshness: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    written_by: Mapped[int] = mapped_column(BigInteger, server_default=WRITER)

