"""Profile imports: the shared streaming parser (`shared.ingest`) reading profile rows.

`ProfileRows` turns each row into a validated profile (CSV through the preset its header
chooses) and reports a second row for an account the file already imported.
"""

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from datetime import datetime

from services.discovery.profile_import.parsing.csv_rows import CsvRows, choose_preset, header_warnings
from services.discovery.profile_import.parsing.duplicates import DuplicateGuard
from services.discovery.profile_import.parsing.ndjson_rows import ndjson_item
from services.discovery.profile_import.parsing.presets.registry import preset_named
from services.discovery.profile_import.parsing.report import AcceptedRow, ImportItem
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow


class ProfileRows:
    def __init__(self, *, received_at: datetime, preset: str | None = None) -> None:
        if preset is not None:
            preset_named(preset)  # fail before reading a byte when the name is wrong
        self.received_at = received_at
        self.preset_name = preset
        self._csv: CsvRows | None = None
        self._duplicates = DuplicateGuard()

    @property
    def preset(self) -> str | None:
        """The preset in use, known once the CSV header has been read."""
        return self._csv.preset.name if self._csv else self.preset_name

    def ndjson_row(self, number: int, text: str) -> ImportItem | None:
        item = ndjson_item(number, text, self.received_at)
        return self._duplicates.check(item) if item is not None else None

    def csv_header(self, header: list[str], line: int) -> RejectedRow | None:
        preset = choose_preset(header, self.preset_name)
        self._csv = CsvRows(header, preset, self.received_at)
        return header_warnings(self._csv.header, preset, line)

    def csv_row(self, row: int, line: int, fields: list[str]) -> ImportItem:
        assert self._csv is not None
        item = self._csv.item(row, line, fields)
        return self._duplicates.check(item, self._csv.preset.column_for(("handle",)))


def profile_parser(
    fmt: ImportFormat, *, received_at: datetime, preset: str | None = None
) -> tuple[ImportParser[AcceptedRow], ProfileRows]:
    rows = ProfileRows(received_at=received_at, preset=preset)
    return ImportParser(fmt, rows), rows


def iter_import(
    chunks: Iterable[bytes], fmt: ImportFormat, *, received_at: datetime, preset: str | None = None
) -> Iterator[ImportItem]:
    parser, _ = profile_parser(fmt, received_at=received_at, preset=preset)
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
    parser, _ = profile_parser(fmt, received_at=received_at, preset=preset)
    async for chunk in chunks:
        for item in parser.feed(chunk):
            yield item
    for item in parser.finish():
        yield item
