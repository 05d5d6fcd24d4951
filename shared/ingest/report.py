"""What an import reports: a row rejected with the field to fix and the reason, file-level
problems on row 0, and the report's list of them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

# Row 0 is the file itself (header problems, undetectable format): not a data row.
FILE_ROW = 0
MAX_REPORTED_ISSUES = 1000


@dataclass(frozen=True, slots=True)
class RowIssue:
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class RejectedRow:
    row: int  # 1-based data row (CSV: header excluded; NDJSON: the line number)
    line: int  # physical line where the row starts
    issues: tuple[RowIssue, ...]


def rejected(row: int, line: int, field: str, reason: str) -> RejectedRow:
    return RejectedRow(row, line, (RowIssue(field, reason),))


class RowProblem(BaseModel):
    row: int = Field(description="1-based data row (CSV: header excluded; NDJSON: line); 0 = the file")
    line: int = Field(description="Physical line where the row starts")
    field: str = Field(description="The column or field to fix")
    reason: str
