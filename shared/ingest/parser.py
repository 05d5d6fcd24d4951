"""The import parser: feed it chunks of any size, get one item per row, in file order.

Push-based (`feed`/`finish`) so an HTTP endpoint can drive it from an async request body and a
CLI from a file, both without holding the file in memory. Lines, CSV records (quoted fields
spanning lines included), blank rows, the header and row numbers are handled here; what a row
becomes is the `RowReader`'s.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import Generic, Protocol, TypeVar, runtime_checkable

import numpy as np

from shared.ingest.csv_records import CsvRecordAssembler, Record
from shared.ingest.lines import CleanLines, Line, LineSplitter
from shared.ingest.report import FILE_ROW, RejectedRow, rejected

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
# Bytes that make a line not blank: ASCII other than commas and what str.strip() removes (a
# non-ASCII byte may be part of a Unicode space).
_SOLID = np.zeros(256, np.bool_)
_SOLID[0x21:0x7F] = True
_SOLID[ord(",")] = False


class ImportFormat(StrEnum):
    CSV = "csv"
    NDJSON = "ndjson"


def format_for_filename(filename: str) -> ImportFormat:
    """CSV for .csv, NDJSON for .ndjson/.jsonl; ValueError otherwise."""
    lowered = filename.lower()
    if lowered.endswith(".csv"):
        return ImportFormat.CSV
    if lowered.endswith((".ndjson", ".jsonl")):
        return ImportFormat.NDJSON
    raise ValueError(f"cannot tell the format of {filename!r}: use .csv, .ndjson or .jsonl")


class HeaderError(Exception):
    """The header makes the whole file unreadable (required columns absent, say)."""


class RowReader(Protocol[T_co]):
    """Turns a file's rows into accepted items (T) or rejected rows."""

    def ndjson_row(self, number: int, text: str) -> T_co | RejectedRow | None:
        """A non-blank NDJSON line (numbered by its line); None to skip it."""
        ...

    def csv_header(self, header: list[str], line: int) -> RejectedRow | None:
        """Reads the header (fields stripped): HeaderError refuses the file, a returned row is a
        warning reported on row 0 (unknown columns, say)."""
        ...

    def csv_row(self, row: int, line: int, fields: list[str]) -> T_co | RejectedRow:
        """A data record with as many fields as the header."""
        ...


class RowBlock(ABC):
    """Accepted rows handed over as one item (a reader's columns): counted as `len()` rows."""

    @abstractmethod
    def __len__(self) -> int: ...


@runtime_checkable
class CsvBlockReader(Protocol[T_co]):
    """A `RowReader` that also reads many plain CSV lines at once (vectorised), which per-row
    calls would spend most of an import's time on."""

    def csv_rows(self, rows: list[int], lines: list[int], texts: list[str]) -> Sequence[T_co | RejectedRow]:
        """Data lines without quotes, each with as many fields as the header, numbered by row
        and line: what `csv_row` would make of each (rows accepted together may come as one
        `RowBlock`)."""
        ...


class ImportParser(Generic[T]):
    def __init__(self, fmt: ImportFormat, reader: RowReader[T]) -> None:
        self.format = fmt
        self.reader = reader
        self._lines = LineSplitter()
        self._records = CsvRecordAssembler()
        self._width: int | None = None  # the header's, once read
        self._broken = False
        self._row = 0

    def feed(self, chunk: bytes) -> Iterator[T | RejectedRow]:
        """Rows are parsed as the iterator is consumed; consume it before the next `feed`."""
        lines = self._lines.feed_lines(chunk)
        if isinstance(lines, CleanLines):
            return self._clean(lines)
        return self._items(lines)

    def finish(self) -> list[T | RejectedRow]:
        items = list(self._items(self._lines.finish()))
        if self.format is ImportFormat.CSV and (record := self._records.finish()):
            items += self._csv_record(record)
        return items

    def _clean(self, lines: CleanLines) -> Iterator[T | RejectedRow]:
        """Readable lines: NDJSON rows, or CSV records without quotes, split in one pass."""
        if self.format is ImportFormat.NDJSON:
            for number, text in enumerate(lines.texts, lines.first):
                if text.strip() and (item := self.reader.ndjson_row(number, text)) is not None:
                    yield item
        elif lines.plain and not self._records.pending and not self._broken:
            read = 0
            while self._width is None and read < len(lines.texts) and not self._broken:  # the header
                yield from self._line(Line(lines.first + read, lines.texts[read]))
                read += 1
            if read < len(lines.texts) and not self._broken:
                rest = lines.texts[read:] if read else lines.texts
                yield from self._plain_csv(CleanLines(lines.first + read, rest, plain=True))
        else:
            yield from self._items([Line(n, t) for n, t in enumerate(lines.texts, lines.first)])

    def _plain_csv(self, lines: CleanLines) -> Iterator[T | RejectedRow]:
        width, reader = self._width, self.reader
        if isinstance(reader, CsvBlockReader):
            yield from self._plain_csv_block(lines, reader)
            return
        for line, text in enumerate(lines.texts, lines.first):
            # Blank lines, and rows of bare commas (spreadsheets' empty rows), are skipped.
            if not text.replace(",", "").strip():
                continue
            self._row += 1
            fields = text.split(",")
            if len(fields) != width:
                yield rejected(self._row, line, "row", f"expected {width} fields, got {len(fields)}")
            else:
                yield reader.csv_row(self._row, line, fields)

    def _plain_csv_block(self, lines: CleanLines, reader: CsvBlockReader[T]) -> Iterator[T | RejectedRow]:
        """`_plain_csv`'s rows, the well-formed ones read by the reader all at once. Which lines
        are blank and how many fields each has are found with numpy over the lines' bytes."""
        texts = lines.texts
        data = np.frombuffer("\n".join(texts).encode(), np.uint8)
        ends = np.flatnonzero(data == ord("\n"))
        if len(ends) != len(texts) - 1:  # a line holding a newline (lines end in a bare CR)
            yield from self._plain_csv_lines(lines, reader)
            return
        starts, stops = np.r_[0, ends + 1], np.r_[ends, len(data)]
        # A line with a byte other than a comma or whitespace is certainly not blank; only the
        # others (rare) are looked at as text.
        blank = stops == starts
        if len(data):
            blank |= ~np.logical_or.reduceat(_SOLID[data], np.minimum(starts, len(data) - 1))
        for i in np.flatnonzero(blank).tolist():
            blank[i] = not texts[i].replace(",", "").strip()
        commas = np.flatnonzero(data == ord(","))
        fields = np.asarray(np.searchsorted(commas, stops) - np.searchsorted(commas, starts)) + 1
        kept = np.flatnonzero(~blank)
        rows = np.arange(self._row + 1, self._row + 1 + len(kept))
        self._row += len(kept)
        wrong = fields[kept] != self._width
        for row, i in zip(rows[wrong].tolist(), kept[wrong].tolist(), strict=True):
            yield rejected(row, lines.first + i, "row", f"expected {self._width} fields, got {fields[i]}")
        if (good := kept[~wrong]).size:
            yield from reader.csv_rows(rows[~wrong].tolist(), (good + lines.first).tolist(),
                                       [texts[i] for i in good.tolist()])

    def _plain_csv_lines(self, lines: CleanLines, reader: CsvBlockReader[T]) -> Iterator[T | RejectedRow]:
        width = self._width
        rows: list[int] = []
        numbers: list[int] = []
        texts: list[str] = []
        for line, text in enumerate(lines.texts, lines.first):
            if not text.replace(",", "").strip():
                continue
            self._row += 1
            if (fields := text.count(",") + 1) != width:
                yield rejected(self._row, line, "row", f"expected {width} fields, got {fields}")
            else:
                rows.append(self._row)
                numbers.append(line)
                texts.append(text)
        if texts:
            yield from reader.csv_rows(rows, numbers, texts)

    def _items(self, lines: list[Line]) -> Iterator[T | RejectedRow]:
        for line in lines:
            if self._broken:
                return
            yield from self._line(line)

    def _line(self, line: Line) -> list[T | RejectedRow]:
        if self.format is ImportFormat.NDJSON:
            return self._ndjson_line(line)
        if line.text is None:
            record = self._records.feed(line.number, line.damaged, line.problem or "unreadable line")
        elif not line.text.strip() and not self._records.pending:
            return []
        else:
            record = self._records.feed(line.number, line.text)
        return self._csv_record(record) if record is not None else []

    def _ndjson_line(self, line: Line) -> list[T | RejectedRow]:
        """An NDJSON row is numbered by its line, like every other row of the file."""
        if line.text is None:
            return [rejected(line.number, line.number, "row", line.problem or "unreadable line")]
        if not line.text.strip():
            return []
        item = self.reader.ndjson_row(line.number, line.text)
        return [item] if item is not None else []

    def _csv_record(self, record: Record) -> list[T | RejectedRow]:
        if record.fields is not None and not any(field.strip() for field in record.fields):
            return []  # spreadsheets export the empty rows of their range as bare commas
        if self._width is None:
            return self._header(record)
        self._row += 1
        if record.fields is None:
            return [rejected(self._row, record.line, "row", record.problem or "malformed CSV record")]
        if len(record.fields) != self._width:
            reason = f"expected {self._width} fields, got {len(record.fields)}"
            return [rejected(self._row, record.line, "row", reason)]
        return [self.reader.csv_row(self._row, record.line, record.fields)]

    def _header(self, record: Record) -> list[T | RejectedRow]:
        if record.fields is None:
            self._broken = True
            return [rejected(FILE_ROW, record.line, "header", record.problem or "unreadable")]
        try:
            warning = self.reader.csv_header([f.strip() for f in record.fields], record.line)
        except HeaderError as error:
            self._broken = True
            return [rejected(FILE_ROW, record.line, "header", str(error))]
        self._width = len(record.fields)
        return [warning] if warning else []
