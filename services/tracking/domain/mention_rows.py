"""Social-listening mention counts per row of an import file (CSV or NDJSON): a campaign, a UTC
day, the source that counted, the count, and optionally the platform and market."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, NamedTuple

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.codes import CountryCode
from shared.ingest.parser import HeaderError
from shared.ingest.report import FILE_ROW, RejectedRow, RowIssue
from shared.vocabulary import Platform

REQUIRED = ("campaign_id", "day", "source", "count")
COLUMNS = (*REQUIRED, "platform", "market")


class MentionRow(NamedTuple):
    row: int
    line: int
    campaign_id: uuid.UUID
    day: date
    source: str
    mentions: int
    platform: str | None
    market: str | None


class _Mention(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    campaign_id: uuid.UUID
    day: date = Field(description="UTC day the mentions were counted on")
    source: Annotated[str, Field(min_length=1, max_length=100)]
    count: Annotated[int, Field(ge=0, le=2**63 - 1, strict=False)]
    platform: Platform | None = None
    market: CountryCode | None = None


class MentionRows:
    """The shared parser's `RowReader` for mention counts."""

    def __init__(self) -> None:
        self._header: list[str] = []

    def csv_header(self, header: list[str], line: int) -> RejectedRow | None:
        if missing := [c for c in REQUIRED if c not in header]:
            raise HeaderError(
                f"mention counts need the columns {', '.join(REQUIRED)}; missing: {', '.join(missing)}"
            )
        self._header = header
        unknown = [RowIssue(c, "unknown column, ignored") for c in header if c not in COLUMNS]
        return RejectedRow(FILE_ROW, line, tuple(unknown)) if unknown else None

    def csv_row(self, row: int, line: int, fields: list[str]) -> MentionRow | RejectedRow:
        values = {k: v for k, v in zip(self._header, fields, strict=True) if v.strip()}
        return _read(row, line, values)

    def ndjson_row(self, number: int, text: str) -> MentionRow | RejectedRow:
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            return RejectedRow(number, number, (RowIssue("row", f"invalid JSON: {error}"),))
        if not isinstance(document, dict):
            return RejectedRow(number, number, (RowIssue("row", "each line must be a JSON object"),))
        return _read(number, number, document)


def _read(row: int, line: int, values: dict[str, Any]) -> MentionRow | RejectedRow:
    try:
        found = _Mention.model_validate(values)
    except ValidationError as error:
        return RejectedRow(
            row,
            line,
            tuple(
                RowIssue(".".join(str(p) for p in e["loc"]) or "row", e["msg"].removeprefix("Value error, "))
                for e in error.errors(include_url=False)
            ),
        )
    return MentionRow(
        row,
        line,
        found.campaign_id,
        found.day,
        found.source,
        found.count,
        found.platform.value if found.platform else None,
        found.market,
    )
