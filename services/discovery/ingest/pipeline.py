"""The import parser: feed it chunks of any size, get one item per row, in file order.

Push-based (`feed`/`finish`) so the HTTP endpoint can drive it from an async request body and
the CLI from a file, both without holding the file in memory.
"""

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from datetime import datetime
from enum import StrEnum

from services.discovery.ingest.csv_records import CsvRecordAssembler, Record
from services.discovery.ingest.csv_rows import CsvRows, HeaderError, choose_preset, header_warnings
from services.discovery.ingest.duplicates import DuplicateGuard
from services.discovery.ingest.lines import Line, LineSplitter
from services.discovery.ingest.ndjson_rows import ndjson_item
from services.discovery.ingest.presets.registry import preset_named
from services.discovery.ingest.report import FILE_ROW, ImportItem, rejected


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


class ImportParser:
    def __init__(self, fmt: ImportFormat, *, received_at: datetime, preset: str | None = None):
        if preset is not None:
            preset_named(preset)  # fail before reading a byte when the name is wrong
        self.format = fmt
        self.received_at = received_at
        self.preset_name = preset
        self._lines = LineSplitter()
        self._records = CsvRecordAssembler()
        self._csv: CsvRows | None = None
        self._broken = False
        self._row = 0
        self._duplicates = DuplicateGuard()

    @property
    def preset(self) -> str | None:
        """The preset in use, known once the CSV header has been read."""
        return self._csv.preset.name if self._csv else self.preset_name

    def feed(self, chunk: bytes) -> Iterator[ImportItem]:
        """Rows are parsed as the iterator is consumed; consume it before the next `feed`."""
        return self._items(self._lines.feed(chunk))

    def finish(self) -> list[ImportItem]:
        items = list(self._items(self._lines.finish()))
        if self.format is ImportFormat.CSV and (record := self._records.finish()):
            items += self._csv_record(record)
        return items

    def _items(self, lines: list[Line]) -> Iterator[ImportItem]:
        for line in lines:
            if self._broken:
                return
            items = self._line(line)
            handle_field = self._csv.preset.column_for(("handle",)) if self._csv else "handle"
            yield from (self._duplicates.check(item, handle_field) for item in items)

    def _line(self, line: Line) -> list[ImportItem]:
        if self.format is ImportFormat.NDJSON:
            return self._ndjson_line(line)
        if line.text is None:
            record = self._records.feed(line.number, line.damaged, line.problem or "unreadable line")
        elif not line.text.strip() and not self._records.pending:
            return []
        else:
            record = self._records.feed(line.number, line.text)
        return self._csv_record(record) if record is not None else []

    def _ndjson_line(self, line: Line) -> list[ImportItem]:
        """An NDJSON row is numbered by its line, like every other row of the file."""
        if line.text is None:
            return [rejected(line.number, line.number, "row", line.problem or "unreadable line")]
        item = ndjson_item(line.number, line.text, self.received_at)
        return [item] if item is not None else []

    def _csv_record(self, record: Record) -> list[ImportItem]:
        if record.fields is not None and not any(field.strip() for field in record.fields):
            return []  # spreadsheets export the empty rows of their range as bare commas
        if self._csv is None:
            return self._header(record)
        self._row += 1
        return [self._csv.item(self._row, record)]

    def _header(self, record: Record) -> list[ImportItem]:
        if record.fields is None:
            self._broken = True
            return [rejected(FILE_ROW, record.line, "header", record.problem or "unreadable")]
        try:
            preset = choose_preset([f.strip() for f in record.fields], self.preset_name)
        except HeaderError as error:
            self._broken = True
            return [rejected(FILE_ROW, record.line, "header", str(error))]
        self._csv = CsvRows(record.fields, preset, self.received_at)
        warning = header_warnings(self._csv.header, preset, record.line)
        return [warning] if warning else []


def iter_import(
    chunks: Iterable[bytes], fmt: ImportFormat, *, received_at: datetime, preset: str | None = None
) -> Iterator[ImportItem]:
    parser = ImportParser(fmt, received_at=received_at, preset=preset)
    for chunk in chunks:
        yield from parser.feed(chunk)
    yield from parser.finish()


async def aiter_import(
    chunks: AsyncIterable[bytes],
    fmt: ImportFormat,
    *,
    received_at: datetime,
    preset: str | None = None,
) -> AsyncIterator[ImportItem]:
    parser = ImportParser(fmt, received_at=received_at, preset=preset)
    async for chunk in chunks:
        for item in parser.feed(chunk):
            yield item
    for item in parser.finish():
        yield item
