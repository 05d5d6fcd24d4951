"""HTTP models of comments: an import's report, and the sentiment of a post, creator or campaign."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page
from shared.ingest.parser import ImportFormat
from shared.ingest.report import MAX_REPORTED_ISSUES, RowProblem


class CommentsImportReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "format": "ndjson", "rows": 20_000, "stored": 19_870, "updated": 12, "already_stored": 100,
        "rejected": 18, "problems_truncated": False,
        "problems": [{"row": 4120, "line": 4120, "field": "post_id",
                      "reason": "no such post in this workspace (register it with POST /v1/posts first)"}],
    }]})

    format: ImportFormat
    rows: int = Field(description="Data rows read")
    stored: int = Field(description="New comments stored, each with its verdict")
    updated: int = Field(description="Comments stored before whose text changed (edited): replaced and "
                         "judged again")
    already_stored: int = Field(description="Rows that changed nothing: the comment was stored before with "
                                "the same text, or the file repeats it (its last copy counts)")
    rejected: int
    problems: list[RowProblem] = Field(description=f"At most {MAX_REPORTED_ISSUES} problems, in file order")
    problems_truncated: bool


class SentimentFigures(BaseModel):
    comments: int = Field(description="Comments stored: scored + unscored + spam")
    sentiment: float | None = Field(description="Mean compound score of the scored comments, in [-1, 1] "
                                    "(score_sum / scored); null when none is scored")
    scored: int = Field(description="Comments in a language with an analyser (English), not spam")
    score_sum: float = Field(description="Σ compound scores of the scored comments")
    positive: int = Field(description="Scored comments with a score ≥ +0.05")
    neutral: int = Field(description="Scored comments with a score between -0.05 and +0.05")
    negative: int = Field(description="Scored comments with a score ≤ -0.05")
    unscored: int = Field(description="Comments left out of the score, not spam: never counted as neutral")
    unscored_reasons: dict[str, int] = Field(description="too_short (fewer than two words), "
                                             "language_undetermined, no_analyser (a language without one)")
    unscored_languages: dict[str, int] = Field(description="Unscored comments per language told (ISO 639-1)")
    spam: int = Field(description="Spam-like comments, left out of every figure but this")
    spam_reasons: dict[str, int] = Field(description="emoji_only, link_bait, repeated")
    languages: dict[str, int] = Field(description="Comments per language told (ISO 639-1)")


_EXAMPLE: dict[str, Any] = {
    "comments": 9, "sentiment": 0.41, "scored": 4, "score_sum": 1.64, "positive": 3, "neutral": 0,
    "negative": 1, "unscored": 3, "unscored_reasons": {"no_analyser": 2, "too_short": 1},
    "unscored_languages": {"de": 1, "es": 1}, "spam": 2, "spam_reasons": {"emoji_only": 1, "link_bait": 1},
    "languages": {"de": 1, "en": 5, "es": 1},
}


class SentimentGroup(SentimentFigures):
    key: str | None = Field(description="The post or creator (influencer) id")


class SentimentRead(SentimentFigures):
    model_config = ConfigDict(json_schema_extra={"examples": [{**_EXAMPLE, "groups": []}]})

    groups: list[SentimentGroup] = Field(description="One per post or creator, when asked with `by`")


class CommentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "comment_id": "17890011", "text": "Love this serum, my skin is glowing!",
        "commented_at": "2026-05-05T18:02:00Z", "status": "scored", "reason": None, "language": "en",
        "sentiment": "positive", "score": 0.8172, "imported_at": "2026-05-06T08:00:00Z"}]})

    comment_id: str = Field(description="The platform's id of the comment")
    text: str
    commented_at: datetime
    status: str = Field(description="scored, unscored or spam")
    reason: str | None = Field(description="Why unscored (too_short, language_undetermined, no_analyser) "
                               "or spam (emoji_only, link_bait, repeated)")
    language: str | None = Field(description="ISO 639-1, when told")
    sentiment: str | None = Field(description="positive, neutral or negative, when scored")
    score: float | None = Field(description="VADER's compound score in [-1, 1], when scored")
    imported_at: datetime


class CommentPage(Page[CommentRead]):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "next_cursor": None}]})
