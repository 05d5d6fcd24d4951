"""NDJSON lines → import items: each non-blank line is one profile document."""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from services.discovery.domain.profile import InfluencerProfile
from services.discovery.profile_import.parsing.report import ImportItem
from services.discovery.profile_import.parsing.validation import accepted, dotted, validate_document
from shared.ingest.report import RejectedRow, RowIssue, rejected

# JSON can carry a NUL only escaped (raw control characters are invalid), and PostgreSQL stores
# no NUL in text or jsonb: such a row's write would fail its whole batch.
_ESCAPED_NUL = "\\u0000"


def _nul_locations(value: Any, loc: tuple[int | str, ...] = ()) -> Iterator[tuple[int | str, ...]]:
    if isinstance(value, str) and "\x00" in value:
        yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_locations(key, (*loc, key))
            yield from _nul_locations(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_locations(item, (*loc, index))


def _nul_rejection(number: int, text: str) -> RejectedRow | None:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None  # reported as JSON the import cannot read
    issues = tuple(RowIssue(dotted(loc), "contains a NUL character (\\u0000), which cannot be stored")
                   for loc in dict.fromkeys(_nul_locations(document)))
    return RejectedRow(number, number, issues) if issues else None


def ndjson_item(number: int, text: str, received_at: datetime) -> ImportItem | None:
    """The line's item, or None for a blank line."""
    if not text.strip():
        return None
    if _ESCAPED_NUL in text and (nul := _nul_rejection(number, text)) is not None:
        return nul
    try:
        # One pass instead of json.loads then validation; it accepts the same lines as the same
        # profiles (duplicate keys, number forms and escapes agree), and a line it refuses
        # takes the path below, which words the report.
        return accepted(number, number, InfluencerProfile.model_validate_json(text), received_at)
    except ValidationError:
        pass
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return rejected(number, number, "row", f"invalid JSON at column {error.colno}: {error.msg}")
    except RecursionError:
        # Valid JSON, but deeper than Python's recursion limit: no profile nests that far.
        return rejected(number, number, "row", "JSON nested too deeply")
    except ValueError:
        # An integer literal beyond the digits int() converts (4,300): no count is that long.
        return rejected(number, number, "row", "a JSON number has too many digits")
    if not isinstance(document, dict):
        return rejected(number, number, "row", "each line must be a JSON object")
    return validate_document(document, row=number, line=number, received_at=received_at)
