"""HTTP models of metrics: one snapshot sent or read back, and an import's report."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.tracking.domain.figures import FIGURES
from services.tracking.domain.metric_rows import MAX_COUNT
from shared.http.pagination import Page
from shared.ingest.parser import ImportFormat
from shared.ingest.report import MAX_REPORTED_ISSUES, RowProblem
from shared.provenance import GivenDatetime, MetricSource

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
_FIGURES_EXAMPLE: dict[str, Any] = {"impressions": 61_200, "reach": 48_900, "views": 52_300,
                                    "likes": 3_140, "comments": 212, "shares": 95, "saves": 410}
SNAPSHOT_CREATE: dict[str, Any] = {
    "post_id": "0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05", "captured_at": "2026-05-05T18:00:00Z",
    "source": "connector", **_FIGURES_EXAMPLE}


class Figures(BaseModel):
    """Cumulative counts as the platform reports them; absent = not reported."""

    impressions: Count | None = None
    reach: Count | None = Field(default=None, description="Unique accounts reached")
    views: Count | None = Field(default=None, description="Instagram's views (since April 2025 in "
                                "place of impressions and plays), video views elsewhere")
    watch_time_s: Count | None = Field(default=None, description="Total watch time, in seconds")
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    saves: Count | None = None
    clicks: Count | None = Field(default=None, description="Link clicks the platform reports")
    profile_visits: Count | None = None
    follows: Count | None = Field(default=None, description="Follows the post brought")


class SnapshotCreate(Figures):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [SNAPSHOT_CREATE]})

    post_id: uuid.UUID
    captured_at: GivenDatetime = Field(description="When the figures were observed")
    source: MetricSource = MetricSource.CONNECTOR
    confidence: float | None = Field(default=None, ge=0, le=1, description="Required for `estimated`")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.source is MetricSource.ESTIMATED and self.confidence is None:
            raise ValueError("an estimated snapshot states its confidence (0 to 1)")
        if all(getattr(self, name) is None for name in FIGURES):
            raise ValueError(f"give at least one figure: {', '.join(FIGURES)}")
        return self


class SnapshotRead(Figures):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **SNAPSHOT_CREATE, "confidence": None, "decreased": [], "received_at": "2026-05-05T18:00:04Z"}]})

    post_id: uuid.UUID
    captured_at: datetime
    source: str
    confidence: float | None
    decreased: list[str] = Field(description="Counters lower than in the post's figures before this "
                                 "snapshot: stored as sent, and flagged")
    received_at: datetime


class SnapshotPage(Page[SnapshotRead]):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "next_cursor": None}]})


class MetricsImportReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "format": "csv", "rows": 1_000_000, "stored": 999_412, "already_stored": 500,
        "rejected": 88, "decreased": 31, "posts_updated": 10_000, "problems_truncated": False,
        "problems": [{"row": 4120, "line": 4121, "field": "likes", "reason": "a count from 0 to 2^63 - 1"}],
    }]})

    format: ImportFormat
    rows: int = Field(description="Data rows read")
    stored: int = Field(description="Snapshots stored")
    already_stored: int = Field(description="Rows whose snapshot (post, captured_at, source) was "
                                "stored before with the same figures: nothing changed")
    rejected: int
    decreased: int = Field(description="Snapshots stored with a counter lower than before (flagged)")
    posts_updated: int = Field(description="Posts whose latest figures changed (one "
                               "PostMetricsUpdated each per batch)")
    problems: list[RowProblem] = Field(description=f"At most {MAX_REPORTED_ISSUES} problems, in "
                                       "file order")
    problems_truncated: bool
