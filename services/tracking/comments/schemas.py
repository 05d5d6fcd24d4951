"""HTTP models of comments: an import's report, and the sentiment of a post, creator or campaign."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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
