"""The denormalised search table: one row per platform account, every filter a column.

Why one row per account: follower, engagement and audience filters must hold on the same
account (an Instagram audience in DE says nothing about the creator's TikTok). Derived figures
(ER, tier, growth, authenticity) are computed when the profile is written, so a search never
computes them. Audience shares are indexed as bucketed tokens ('country:DE:30' exists for every
10 % step the share reaches) in a GIN array, and rechecked exactly against `audience`.
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
    literal_column,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from services.discovery.db import Base

# 'simple': creators write in every language, so no language's stemmer is the right default.
TSV_EXPRESSION = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(display_name, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B')"
)
# Sort keys: nulls (no engagement data, no history) sort last in a descending keyset scan.
SORT_KEYS: dict[str, str] = {
    "followers": "followers",
    "engagement_rate": "coalesce(engagement_rate, -1)",
    "growth": "coalesce(growth_30d, -1000000)",
    "authenticity": "coalesce(authenticity, -1)",
}


def _sort_index(name: str, expression: str) -> Index:
    return Index(f"ix_account_search_sort_{name}", "workspace_id", literal_column(expression), "account_id")


class AccountSearch(Base):
    __tablename__ = "account_search"
    __table_args__ = (
        # Selective keys only: a low-cardinality key in a GIN (workspace, platform, tier…) makes
        # every scan intersect a posting list of most of the table (migration 0003).
        Index(
            "ix_account_search_selective",
            "city", "topics", "languages", "causes", "brands", "audience_tokens", "price_formats",
            postgresql_using="gin",
        ),
        # Scalar filters, equalities first: skip scan serves any subset of them (migration 0004).
        Index("ix_account_search_scalars", "workspace_id", "country", "platform", "has_contact",
              "followers", "engagement_rate", "authenticity", "last_posted_at", "growth_30d"),
        Index("ix_account_search_tsv", "tsv", postgresql_using="gin"),
        Index("ix_account_search_handle_trgm", "handle", postgresql_using="gin",
              postgresql_ops={"handle": "gin_trgm_ops"}),
        *(_sort_index(name, expression) for name, expression in SORT_KEYS.items()),
    )

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
    audience_tokens: Mapped[list[str]] = mapped_column(ARRAY(Text))
    price_formats: Mapped[list[str]] = mapped_column(ARRAY(Text))
    audience: Mapped[dict[str, Any]] = mapped_column(JSONB)
    prices: Mapped[list[Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
