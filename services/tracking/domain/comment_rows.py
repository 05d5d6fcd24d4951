"""Comments per row of an import file (CSV or NDJSON): the post, the platform's id of the
comment, its text, when it was written and optionally its author's handle."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, NamedTuple

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.ingest.parser import HeaderError
from shared.ingest.report import FILE_ROW, RejectedRow, RowIssue
from shared.provenance import AwareDatetime, ahead_of

REQUIRED = ("post_id", "comment_id", "text", "commented_at")
COLUMNS = (*REQUIRED, "author")
MAX_TEXT = 10_000  # characters: longer than any platform allows a comment


class CommentRow(NamedTuple):
    row: int
    line: int
    post_id: uuid.UUID
    comment_id: str
    text: str
    commented_at: datetime
    author: str | None


class _Comment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    post_id: uuid.UUID
    comment_id: Annotated[str, Field(min_length=1, max_length=200)]
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    commented_at: AwareDatetime
    author: Annotated[str, Field(max_length=200)] | None = None


class CommentRows:
    """The shared parser's `RowReader` for comments; `received_at` bounds `commented_at`."""

    def __init__(self, received_at: datetime) -> None:
        self.received_at = received_at
        self._header: list[str] = []

    def csv_header(self, header: list[str], line: int) -> RejectedRow | None:
        if missing := [c for c in REQUIRED if c not in header]:
            raise HeaderError(f"comments need the columns {', '.join(REQUIRED)}; "
                              f"missing: {', '.join(missing)}")
        self._header = header
        unknown = [RowIssue(c, "unknown column, ignored") for c in header if c not in COLUMNS]
        return RejectedRow(FILE_ROW, line, tuple(unknown)) if unknown else None

    def csv_row(self, row: int, line: int, fields: list[str]) -> CommentRow | RejectedRow:
        values = dict(zip(self._header, fields, strict=True))
        return self._read(row, line, {k: v.strip() if k != "text" else v
                                      for k, v in values.items() if k == "text" or v.strip()})

    def ndjson_row(self, number: int, text: str) -> CommentRow | RejectedRow:
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            return RejectedRow(number, number, (RowIssue("row", f"invalid JSON: {error}"),))
        if not isinstance(document, dict):
            return RejectedRow(number, number, (RowIssue("row", "each line must be a JSON object"),))
        return self._read(number, number, document)

    def _read(self, row: int, line: int, values: dict[str, Any]) -> CommentRow | RejectedRow:
        if isinstance(values.get("text"), str) and not values["text"].strip():
            return RejectedRow(row, line, (RowIssue("text", "empty comment"),))
        try:
            found = _Comment.model_validate(values)
        except ValidationError as error:
            return RejectedRow(row, line, tuple(
                RowIssue(".".join(str(p) for p in e["loc"]) or "row", e["msg"].removeprefix("Value error, "))
                for e in error.errors(include_url=False)))
        if (why := ahead_of(found.commented_at, self.received_at)) is not None:
            return RejectedRow(row, line, (RowIssue("commented_at", why),))
        return CommentRow(row, line, found.post_id, found.comment_id, found.text, found.commented_at,
                          found.author or None)
