"""What an import yields for each row: the validated profile, or why the row was rejected."""

from dataclasses import dataclass

from services.discovery.domain.profile import InfluencerProfile

# Row 0 is the file itself (header problems, undetectable format): not a data row.
FILE_ROW = 0


@dataclass(frozen=True, slots=True)
class RowIssue:
    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class AcceptedRow:
    row: int  # 1-based data row (CSV: header excluded; NDJSON: the line number)
    line: int  # physical line where the row starts
    profile: InfluencerProfile


@dataclass(frozen=True, slots=True)
class RejectedRow:
    row: int
    line: int
    issues: tuple[RowIssue, ...]


ImportItem = AcceptedRow | RejectedRow


def rejected(row: int, line: int, field: str, reason: str) -> RejectedRow:
    return RejectedRow(row, line, (RowIssue(field, reason),))
