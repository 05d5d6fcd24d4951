"""Assemble CSV records from lines, including quoted fields that span lines.

A record is complete when its text holds an even number of quote characters (RFC 4180
escapes a quote by doubling it, which keeps the parity), or when an odd number still parses: a
quote inside an unquoted field (6'2") is a literal character, not the opening of a quoted field.
A stray quote would otherwise swallow the rest of the file, so a record is cut off at
MAX_RECORD_LINES and reported. A record holding an unreadable line is rejected whole, once its
end is found.
"""

import csv
from dataclasses import dataclass

MAX_RECORD_LINES = 200


@dataclass(frozen=True, slots=True)
class Record:
    line: int  # where the record starts
    fields: list[str] | None  # None when the record is malformed
    problem: str | None = None


def _parses(text: str) -> bool:
    try:
        next(csv.reader([text], strict=True), None)
    except csv.Error:
        return False
    return True


class CsvRecordAssembler:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._start = 0
        self._quotes = 0
        self._problem: str | None = None

    @property
    def pending(self) -> bool:
        """True while a quoted field is open across lines."""
        return bool(self._parts)

    def feed(self, number: int, text: str, problem: str | None = None) -> Record | None:
        """`problem`: the line could not be read; `text` is its best-effort decoding."""
        if not self._parts:
            self._start = number
        if problem is not None and self._problem is None:
            self._problem = problem if number == self._start else f"line {number}: {problem}"
        self._parts.append(text)
        self._quotes += text.count('"')
        if self._quotes % 2 == 0 or _parses("\n".join(self._parts)):
            return self._complete()
        if len(self._parts) >= MAX_RECORD_LINES:
            return self._abandon(f"quoted field still open after {MAX_RECORD_LINES} lines")
        return None

    def finish(self) -> Record | None:
        if not self._parts:
            return None
        return self._abandon("quoted field never closed before the end of the file")

    def _complete(self) -> Record:
        text = "\n".join(self._parts)
        start, problem = self._start, self._problem
        self._reset()
        if problem is not None:
            return Record(start, None, problem)
        try:
            fields = next(csv.reader([text], strict=True), [])
        except csv.Error as error:
            return Record(start, None, f"malformed CSV: {error}")
        return Record(start, fields)

    def _abandon(self, problem: str) -> Record:
        start = self._start
        self._reset()
        return Record(start, None, problem)

    def _reset(self) -> None:
        self._parts, self._quotes, self._problem = [], 0, None
