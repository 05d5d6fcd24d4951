"""A hit's freshness: the provenances its search row keeps, judged stale as of the read."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from services.discovery.domain.provenance import MetricKind, Provenance
from services.discovery.influencer.views import freshness
from services.discovery.search.schemas import HitFreshness
from shared.provenance import MetricSource


def hit_freshness(stored: Mapping[str, Any], now: datetime) -> HitFreshness:
    """`stored`: the row's `freshness` (indexing.search_record.provenances)."""
    read = {}
    for kind, held in stored.items():
        # Stored rows were validated on write; constructing skips validating them again.
        provenance = Provenance.model_construct(
            observed_at=datetime.fromisoformat(held["observed_at"]), source=MetricSource(held["source"]),
            confidence=held.get("confidence"))
        read[kind] = freshness(provenance, MetricKind(kind), now)
    return HitFreshness(**read)
