"""Comments' verdicts counted for a post, a creator or a campaign (pure: counted rows in).

The sentiment value is the mean of the scored comments' compound scores, in [-1, 1] (the
`sentiment` goal metric, as KPIs and `CampaignKpisUpdated` carry it). Unscored and spam comments
are counted beside it, each with its reason, and never enter it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.tracking.domain.sentiment import Label, Status


@dataclass
class Tally:
    comments: int = 0
    scored: int = 0
    score_sum: float = 0.0
    labels: dict[str, int] = field(default_factory=lambda: {label.value: 0 for label in Label})
    unscored: int = 0
    unscored_reasons: dict[str, int] = field(default_factory=dict)
    unscored_languages: dict[str, int] = field(default_factory=dict)
    spam: int = 0
    spam_reasons: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def sentiment(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None

    def add(self, status: str, reason: str | None, language: str | None, label: str | None, comments: int,
            score_sum: float | None) -> None:
        self.comments += comments
        if language is not None:
            self.languages[language] = self.languages.get(language, 0) + comments
        if status == Status.SCORED:
            self.scored += comments
            self.score_sum += score_sum or 0.0
            if label is not None:
                self.labels[label] = self.labels.get(label, 0) + comments
        elif status == Status.UNSCORED:
            self.unscored += comments
            _bump(self.unscored_reasons, reason or "unknown", comments)
            if language is not None:
                _bump(self.unscored_languages, language, comments)
        else:
            self.spam += comments
            _bump(self.spam_reasons, reason or "unknown", comments)


def _bump(counts: dict[str, int], key: str, by: int) -> None:
    counts[key] = counts.get(key, 0) + by


def tally(rows: Iterable[Mapping[str, Any]]) -> tuple[Tally, dict[str | None, Tally]]:
    """(the whole scope's tally, one per group key) from rows counted per (key, status, reason,
    language, sentiment)."""
    whole, groups = Tally(), dict[str | None, Tally]()
    for row in rows:
        values = (row["status"], row["reason"], row["language"], row["sentiment"], int(row["comments"]),
                  row["score_sum"])
        whole.add(*values)
        groups.setdefault(row["key"], Tally()).add(*values)
    return whole, groups
