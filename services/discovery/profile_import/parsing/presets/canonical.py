"""The canonical CSV: one account per row, flat columns, lists separated by '|'.

    platform,handle,followers,…,topics,languages,audience_countries,rate_card,rate_currency
    instagram,@ana,52000,…,fashion|beauty,es|en,ES:0.55|MX:0.12,reel:45000|story:12000,EUR

Audience columns hold KEY:SHARE pairs; `rate_card` holds FORMAT:AMOUNT_MINOR pairs for the
row's platform in `rate_currency`. `observed_at`/`source`/`confidence` apply to every metric of
the row (default: the time of the import, "imported"); `audience_observed_at` overrides the
audience's date, since audience reports refresh on their own cadence.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from services.discovery.profile_import.parsing.presets.base import RowDocument
from shared.ingest.report import RowIssue

LIST_SEPARATOR = "|"
PAIR_SEPARATOR = ":"

IDENTITY_COLUMNS = ("platform", "handle", "url", "account_type", "last_posted_at")
STATS_COLUMNS = ("followers", "following", "posts_count")
ENGAGEMENT_COLUMNS = (
    "window_posts",
    "avg_likes",
    "avg_comments",
    "avg_shares",
    "avg_saves",
    "avg_views",
    "avg_engagements",
    "avg_authentic_engagements",
    "posts_per_week",
)
AUDIENCE_COLUMNS = ("age", "gender", "countries", "cities", "languages", "interests")
PROFILE_SCALARS = ("display_name", "bio", "country", "city", "contact_email")
PROFILE_LISTS = ("topics", "tags", "languages", "values", "brand_safety_flags")
PROVENANCE_COLUMNS = ("observed_at", "source", "confidence")
EXTRA_COLUMNS = (
    "audience_primary_country",
    "audience_observed_at",
    "collaborations",
    "rate_card",
    "rate_currency",
)

CANONICAL_COLUMNS: tuple[str, ...] = (
    *IDENTITY_COLUMNS,
    *STATS_COLUMNS,
    *ENGAGEMENT_COLUMNS,
    *(f"audience_{name}" for name in AUDIENCE_COLUMNS),
    *PROFILE_SCALARS,
    *PROFILE_LISTS,
    *PROVENANCE_COLUMNS,
    *EXTRA_COLUMNS,
)


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def parse_pairs(column: str, text: str, issues: list[RowIssue]) -> dict[str, str] | None:
    pairs: dict[str, str] = {}
    for item in split_list(text):
        key, separator, value = item.rpartition(PAIR_SEPARATOR)
        if not separator or not key.strip() or not value.strip():
            issues.append(RowIssue(column, f"expected KEY:VALUE pairs separated by '|', got {item!r}"))
            return None
        pairs[key.strip()] = value.strip()
    return pairs


def _present(record: Mapping[str, str], columns: Sequence[str]) -> dict[str, str]:
    return {c: record[c].strip() for c in columns if record.get(c, "").strip()}


class CanonicalCsv:
    name = "canonical"
    required_columns = frozenset({"platform", "handle", "followers"})
    known_columns = frozenset(CANONICAL_COLUMNS)

    def matches(self, header: Sequence[str]) -> bool:
        return self.required_columns <= set(header)

    def build(self, record: Mapping[str, str], received_at: datetime) -> RowDocument:
        issues: list[RowIssue] = []
        provenance = {"observed_at": received_at.isoformat(), "source": "imported"}
        provenance |= _present(record, PROVENANCE_COLUMNS)
        account: dict[str, Any] = _present(record, IDENTITY_COLUMNS)
        account["stats"] = {"provenance": provenance, **_present(record, STATS_COLUMNS)}
        if engagement := _present(record, ENGAGEMENT_COLUMNS):
            account["engagement"] = {"provenance": provenance, **engagement}
        if audience := self._audience(record, provenance, issues):
            account["audience"] = audience
        document: dict[str, Any] = {"accounts": [account], **_present(record, PROFILE_SCALARS)}
        for column, text in _present(record, PROFILE_LISTS).items():
            document[column] = split_list(text)
        if brands := record.get("collaborations", "").strip():
            document["collaborations"] = [{"brand": b} for b in split_list(brands)]
        if rate_card := self._rate_card(record, issues):
            document["rate_card"] = rate_card
        return RowDocument(document, issues)

    def _audience(
        self, record: Mapping[str, str], provenance: dict[str, str], issues: list[RowIssue]
    ) -> dict[str, Any] | None:
        audience: dict[str, Any] = {}
        for name in AUDIENCE_COLUMNS:
            column = f"audience_{name}"
            text = record.get(column, "").strip()
            if text and (pairs := parse_pairs(column, text, issues)) is not None:
                audience[name] = pairs
        if primary := record.get("audience_primary_country", "").strip():
            audience["primary_country"] = primary
        if not audience:
            return None
        observed = record.get("audience_observed_at", "").strip()
        audience["provenance"] = provenance | ({"observed_at": observed} if observed else {})
        return audience

    def _rate_card(self, record: Mapping[str, str], issues: list[RowIssue]) -> list[Any]:
        text = record.get("rate_card", "").strip()
        if not text or (pairs := parse_pairs("rate_card", text, issues)) is None:
            return []
        currency = record.get("rate_currency", "").strip()
        if not currency:
            issues.append(RowIssue("rate_currency", "required when rate_card is given"))
            return []
        platform = record.get("platform", "").strip()
        return [
            {"platform": platform, "format": fmt, "price": {"amount_minor": amount, "currency": currency}}
            for fmt, amount in pairs.items()
        ]

    def column_for(self, loc: tuple[int | str, ...]) -> str:
        names = [part for part in loc if isinstance(part, str)]
        if not names:
            return "row"
        if names[0] == "rate_card":
            return "rate_currency" if "currency" in names else "rate_card"
        if names[0] != "accounts":
            return names[0]
        if "audience" not in names:
            return names[-1] if len(names) > 1 else "accounts"
        rest = names[names.index("audience") + 1 :]
        if rest == ["provenance", "observed_at"]:
            return "audience_observed_at"
        if rest and rest[0] != "provenance":
            return f"audience_{rest[0]}"
        return rest[-1] if rest else "audience"
