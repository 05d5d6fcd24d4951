"""CSV records → import items, once the header has chosen the preset."""

from collections.abc import Sequence
from datetime import datetime

from services.discovery.profile_import.parsing.presets.base import CsvPreset
from services.discovery.profile_import.parsing.presets.registry import detect_preset, preset_named
from services.discovery.profile_import.parsing.report import ImportItem
from services.discovery.profile_import.parsing.validation import validate_document
from shared.ingest.parser import HeaderError
from shared.ingest.report import FILE_ROW, RejectedRow, RowIssue


def choose_preset(header: Sequence[str], preset_name: str | None) -> CsvPreset:
    if preset_name is not None:
        preset = preset_named(preset_name)
        missing = preset.required_columns - set(header)
        if missing:
            raise HeaderError(f"preset {preset.name} needs columns: {', '.join(sorted(missing))}")
        return preset
    detected = detect_preset(header)
    if detected is None:
        raise HeaderError("header matches no preset; the canonical CSV needs platform, handle, followers")
    return detected


def header_warnings(header: Sequence[str], preset: CsvPreset, line: int) -> RejectedRow | None:
    """Unknown or repeated columns: reported once, at the header's `line` (blank lines may
    precede it), the data rows still import."""
    issues = [
        RowIssue(column, "unknown column, ignored") for column in header if column not in preset.known_columns
    ]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            issues.append(RowIssue(column, "column appears twice; the last one is used"))
        seen.add(column)
    return RejectedRow(FILE_ROW, line, tuple(issues)) if issues else None


class CsvRows:
    def __init__(self, header: Sequence[str], preset: CsvPreset, received_at: datetime) -> None:
        self.header = [column.strip() for column in header]
        self.preset = preset
        self.received_at = received_at

    def item(self, row: int, line: int, fields: list[str]) -> ImportItem:
        """A record with as many fields as the header."""
        values = dict(zip(self.header, fields, strict=True))
        built = self.preset.build(values, self.received_at)
        return validate_document(
            built.document,
            row=row,
            line=line,
            received_at=self.received_at,
            issues=built.issues,
            name_field=self.preset.column_for,
        )
