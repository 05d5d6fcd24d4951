"""HypeAuditor-style "top Instagram influencers" ranking CSV (Instagram_Dec.csv and kin).

Decisions, each because of what the source does and does not say (see its SOURCE.md):
- `Country` is the main AUDIENCE country, not where the creator lives, and comes without a
  share. It becomes `audience.primary_country`; no share is invented and the profile's own
  country stays empty. Fit scoring treats a primary-country match as an estimate.
- `Subscribers`, `EngagementAverage`, `AuthenticEngagement` use K/M suffixes. Engagement is a
  per-post total (`avg_engagements`), so ER = EngagementAverage / Subscribers; the authentic
  figure feeds the authenticity score's "authentic engagement share".
- `Category_1/2` map onto the taxonomy; "Adult content" is a brand-safety flag, not a niche.
  A category missing from the mapping rejects the row rather than dropping the niche silently.
- The file carries no date beyond its month, so every metric is observed on the 1st of the
  ranking month: staleness is overstated by at most a month, never understated.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from services.discovery.domain.countries import country_code_for_name
from services.discovery.domain.taxonomy import HYPEAUDITOR_CATEGORY_TOPICS
from services.discovery.profile_import.parsing.numbers import parse_abbreviated_count
from services.discovery.profile_import.parsing.presets.base import RowDocument
from shared.ingest.report import RowIssue
from shared.vocabulary import BrandSafetyFlag

HEADER = (
    "AccountName",
    "Name",
    "Category_1",
    "Category_2",
    "Subscribers",
    "Country",
    "AuthenticEngagement",
    "EngagementAverage",
)
ADULT_CATEGORY = "Adult content"
RANKING_OBSERVED_AT = datetime(2022, 12, 1, tzinfo=UTC)

_MODEL_FIELD_COLUMNS = {
    "handle": "AccountName",
    "display_name": "Name",
    "followers": "Subscribers",
    "avg_engagements": "EngagementAverage",
    "avg_authentic_engagements": "AuthenticEngagement",
    "primary_country": "Country",
    "topics": "Category_1",
}


class HypeAuditorInstagram:
    name = "hypeauditor-top-instagram"
    required_columns = frozenset(HEADER)
    known_columns = frozenset(HEADER)

    def __init__(self, observed_at: datetime = RANKING_OBSERVED_AT) -> None:
        self.observed_at = observed_at

    def matches(self, header: Sequence[str]) -> bool:
        return tuple(header) == HEADER

    def build(self, record: Mapping[str, str], received_at: datetime) -> RowDocument:
        issues: list[RowIssue] = []
        provenance = {"observed_at": self.observed_at.isoformat(), "source": "imported"}
        counts = {
            column: self._count(record, column, issues)
            for column in ("Subscribers", "EngagementAverage", "AuthenticEngagement")
        }
        handle = record["AccountName"].strip()
        account: dict[str, Any] = {
            "platform": "instagram",
            "handle": handle,
            "url": f"https://www.instagram.com/{handle}/" if handle else None,
            "stats": {"provenance": provenance, "followers": counts["Subscribers"]},
            "engagement": {
                "provenance": provenance,
                "avg_engagements": counts["EngagementAverage"],
                "avg_authentic_engagements": counts["AuthenticEngagement"],
            },
        }
        if country := self._country(record, issues):
            account["audience"] = {"provenance": provenance, "primary_country": country}
        # Only what the row gives: an upsert keeps the stored fields a row leaves out, and an
        # empty Name or no adult category says nothing about the name or flags set elsewhere.
        document: dict[str, Any] = {"accounts": [account], **self._categories(record, issues)}
        if name := record["Name"].strip():
            document["display_name"] = name
        return RowDocument(document, issues)

    def _count(self, record: Mapping[str, str], column: str, issues: list[RowIssue]) -> int | None:
        try:
            return parse_abbreviated_count(record[column])
        except ValueError as error:
            issues.append(RowIssue(column, str(error)))
            return None

    def _country(self, record: Mapping[str, str], issues: list[RowIssue]) -> str | None:
        name = record["Country"].strip()
        if not name:
            return None
        code = country_code_for_name(name)
        if code is None:
            issues.append(RowIssue("Country", f"unknown country name {name!r}"))
        return code

    def _categories(self, record: Mapping[str, str], issues: list[RowIssue]) -> dict[str, Any]:
        topics, flags = [], []
        for column in ("Category_1", "Category_2"):
            category = record[column].strip()
            if not category:
                continue
            if category == ADULT_CATEGORY:
                flags.append(BrandSafetyFlag.ADULT_CONTENT.value)
            elif (topic := HYPEAUDITOR_CATEGORY_TOPICS.get(category)) is not None:
                topics.append(topic.value)
            else:
                issues.append(RowIssue(column, f"unknown category {category!r}"))
        given = {"topics": topics, "brand_safety_flags": flags}
        return {key: values for key, values in given.items() if values}

    def column_for(self, loc: tuple[int | str, ...]) -> str:
        names = [part for part in loc if isinstance(part, str)]
        for name in reversed(names):
            if name in _MODEL_FIELD_COLUMNS:
                return _MODEL_FIELD_COLUMNS[name]
        return names[-1] if names else "row"
