"""Reject a second row for an account already imported from the same file.

Upserting by (platform, handle) would silently let the later row overwrite the earlier, and
which of two conflicting rows is right is not knowable; the first is kept and every later one
is reported. Memory grows with distinct accounts (≈100 bytes each), not with file size.
"""

from services.discovery.profile_import.parsing.report import AcceptedRow, ImportItem
from shared.ingest.report import RejectedRow, RowIssue


class DuplicateGuard:
    def __init__(self) -> None:
        self._first_row: dict[tuple[str, str], int] = {}

    def check(self, item: ImportItem, field: str = "handle") -> ImportItem:
        if not isinstance(item, AcceptedRow):
            return item
        keys = [(a.platform.value, a.handle) for a in item.profile.accounts]
        for platform, handle in keys:
            first = self._first_row.get((platform, handle))
            if first is not None:
                reason = f"duplicate of row {first} ({platform} {handle}); the first row is kept"
                return RejectedRow(item.row, item.line, (RowIssue(field, reason),))
        for key in keys:
            self._first_row[key] = item.row
        return item
