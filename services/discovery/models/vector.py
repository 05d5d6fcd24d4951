"""Lookalike vectors (pgvector), one per influencer, from `domain.vectors.profile_vector`."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

from services.discovery.db import Base
from services.discovery.domain.vectors import VECTOR_DIMENSION


class Vector(UserDefinedType[list[float]]):
    """pgvector's `vector(n)`; values travel as its text form '[0.1,0.2,…]'."""

    cache_ok = True

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension

    def get_col_spec(self, **_: Any) -> str:
        return f"vector({self.dimension})"


class InfluencerVector(Base):
    __tablename__ = "influencer_vectors"
    __table_args__ = (
        # IVFFlat, not HNSW: an HNSW insert costs ~2 ms here and would cap bulk import at a few
        # hundred rows/s; IVFFlat inserts cost microseconds. Rebuild it after a large first
        # load so its lists fit the data (docs/discovery.md).
        Index("ix_influencer_vectors_embedding", "embedding", postgresql_using="ivfflat",
              postgresql_with={"lists": 100}, postgresql_ops={"embedding": "vector_cosine_ops"}),
    )

    influencer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.influencers.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    embedding: Mapped[list[float]] = mapped_column(Vector(VECTOR_DIMENSION))
