"""One metrics snapshot per row of an import file (CSV or NDJSON), read fast and refused with a
reason per field (pure: the file's text in, rows out).

A row names its post, when the figures were captured and by which source, and any of the
figures (cumulative counts). Rows are read on a fast path (caches for the post ids and
timestamps a file repeats); only a row that fails it is read again field by field for its
report, so the common row pays for no bookkeeping.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson
from asyncpg.pgproto.pgproto import UUID as PgUUID

from services.tracking.domain.figures import ABSENT, FIGURES
from shared.ingest.parser import HeaderError
from shared.ingest.report import FILE_ROW, RejectedRow, RowIssue
from shared.provenance import MetricSource, ahead_of

MAX_COUNT = 2**63 - 1  # PostgreSQL's bigint
SOURCES = frozenset(MetricSource)
REQUIRED = ("post_id", "captured_at")
COLUMNS = (*REQUIRED, "source", "confidence", *FIGURES)
_KNOWN = frozenset(COLUMNS)
# Post ids and timestamps a file repeats are parsed once; the caches are bounded.
_CACHE_ENTRIES = 100_000
Figures = tuple[int, ...]  # in FIGURES order, ABSENT where not reported


class MetricRow(NamedTuple):
    row: int
    line: int
    post_id: uuid.UUID
    captured_at: datetime
    source: str
    confidence: float | None
    figures: Figures


class _Refused(ValueError):
    """A field's value the row cannot hold: the reason, for the row's report."""


def count(value: Any) -> int:
    """A figure as stored: a whole, finite, non-negative count within bigint."""
    if isinstance(value, bool):
        raise _Refused("expected a whole number, got true/false")
    if isinstance(value, str):
        text = value.strip()
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise _Refused(f"expected a whole number, got {text!r}") from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Refused("not a finite count")
        if not value.is_integer():
            raise _Refused(f"expected a whole number, got {value}")
        value = int(value)
    if not isinstance(value, int):
        raise _Refused(f"expected a whole number, got {type(value).__name__}")
    if value < 0:
        raise _Refused("a count cannot be negative")
    if value > MAX_COUNT:
        raise _Refused("beyond the largest count storable (2^63 - 1)")
    return value


def _out_of_range() -> int:
    raise _Refused("a count from 0 to 2^63 - 1")


def _timestamp(value: Any, received_at: datetime) -> datetime:
    if not isinstance(value, str):
        raise _Refused("expected an ISO 8601 timestamp with its UTC offset")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Refused(f"not an ISO 8601 timestamp: {value!r}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _Refused("timestamp must carry a UTC offset (ISO 8601, e.g. 2026-05-01T12:00:00Z)")
    parsed = parsed.astimezone(UTC)
    if (why := ahead_of(parsed, received_at)) is not None:
        raise _Refused(why)
    return parsed


def _post_id(value: Any) -> uuid.UUID:
    # asyncpg's own UUID (a uuid.UUID, as every uuid column reads back): parsed, hashed and
    # compared in C, which a batch of rows does a million times.
    try:
        return PgUUID(value.strip() if isinstance(value, str) else str(value))
    except ValueError:
        raise _Refused(f"not a post id (UUID): {value!r}") from None


def _source(value: Any) -> str:
    source = value.strip() if isinstance(value, str) else value
    if source in (None, ""):
        return MetricSource.IMPORTED.value
    if source not in SOURCES:
        raise _Refused(f"one of {', '.join(sorted(SOURCES))}")
    return str(source)


def _confidence(value: Any, source: str) -> float | None:
    if value in (None, ""):
        if source == MetricSource.ESTIMATED:
            raise _Refused("an estimated figure states its confidence (0 to 1)")
        return None
    try:
        confidence = float(value)
    except (TypeError, ValueError):
        raise _Refused(f"expected a number from 0 to 1, got {value!r}") from None
    if not 0.0 <= confidence <= 1.0:
        raise _Refused("a confidence is from 0 to 1")
    return confidence


class MetricRows:
    """The shared parser's `RowReader` for metrics snapshots."""

    def __init__(self, received_at: datetime) -> None:
        self.received_at = received_at
        self._posts: dict[str, uuid.UUID] = {}
        self._times: dict[str, datetime] = {}
        self._columns: dict[str, int] = {}
        self._figure_columns: list[int | None] = []
        self._unknown_keys: set[str] = set()
        # File-level problems met along the way (an NDJSON field no row should hold): reported
        # once each, with the line where it first appeared.
        self.warnings: list[RejectedRow] = []

    # -- CSV --------------------------------------------------------------------------------

    def csv_header(self, header: list[str], line: int) -> RejectedRow | None:
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise HeaderError(f"metrics need the columns {', '.join(REQUIRED)}; missing: "
                              f"{', '.join(missing)}")
        self._columns = {name: index for index, name in enumerate(header)}  # the last of a repeat
        self._figure_columns = [self._columns.get(name) for name in FIGURES]
        issues = [RowIssue(c, "unknown column, ignored") for c in header if c not in COLUMNS]
        issues += [RowIssue(c, "column appears twice; the last one is used")
                   for i, c in enumerate(header) if c in header[:i]]
        return RejectedRow(FILE_ROW, line, tuple(issues)) if issues else None

    def csv_row(self, row: int, line: int, fields: list[str]) -> MetricRow | RejectedRow:
        try:
            return self._csv_fast(row, line, fields)
        except (ValueError, TypeError):
            get = self._columns.get
            values = {name: fields[i] for name in COLUMNS if (i := get(name)) is not None}
            return self._explained(row, line, values)

    def _csv_fast(self, row: int, line: int, fields: list[str]) -> MetricRow:
        columns = self._columns
        if len(self._times) > _CACHE_ENTRIES or len(self._posts) > _CACHE_ENTRIES:
            self._times.clear()
            self._posts.clear()
        post_text = fields[columns["post_id"]]
        post_id = self._posts.get(post_text) or self._posts.setdefault(post_text, _post_id(post_text))
        time_text = fields[columns["captured_at"]]
        captured_at = self._times.get(time_text) or self._times.setdefault(
            time_text, _timestamp(time_text, self.received_at))
        source_index = columns.get("source")
        source = _source(fields[source_index]) if source_index is not None else MetricSource.IMPORTED.value
        confidence_index = columns.get("confidence")
        confidence = _confidence(fields[confidence_index] if confidence_index is not None else None, source)
        # int() refuses what is not a whole number: that row is read again, for its reasons.
        figures = tuple([ABSENT if i is None or not (v := fields[i])
                         else n if 0 <= (n := int(v)) <= MAX_COUNT else _out_of_range()
                         for i in self._figure_columns])
        if figures.count(ABSENT) == len(FIGURES):
            raise _Refused("no figure")
        return MetricRow(row, line, post_id, captured_at, source, confidence, figures)

    # -- NDJSON ------------------------------------------------------------------------------

    def ndjson_row(self, number: int, text: str) -> MetricRow | RejectedRow | None:
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            return self._json_refused(number, text, error)
        if not isinstance(document, dict):
            return RejectedRow(number, number, (RowIssue("row", "each line must be a JSON object"),))
        if unknown := document.keys() - _KNOWN - self._unknown_keys:
            self._unknown_keys |= unknown
            self.warnings.append(RejectedRow(FILE_ROW, number, tuple(
                RowIssue(key, "unknown field, ignored") for key in sorted(unknown))))
        return self._ndjson_document(number, document)

    def _ndjson_document(self, number: int, document: dict[str, Any]) -> MetricRow | RejectedRow:
        try:
            source = _source(document.get("source"))
            figures = tuple([ABSENT if (v := document.get(name)) is None
                             else v if type(v) is int and 0 <= v <= MAX_COUNT else count(v)
                             for name in FIGURES])
            if figures.count(ABSENT) == len(FIGURES):
                raise _Refused("no figure")
            return MetricRow(number, number, _post_id(document["post_id"]),
                             _timestamp(document["captured_at"], self.received_at), source,
                             _confidence(document.get("confidence"), source), figures)
        except (ValueError, TypeError, KeyError):
            return self._explained(number, number, document)

    def _json_refused(self, number: int, text: str, error: orjson.JSONDecodeError) -> RejectedRow:
        """Python's json reads NaN, Infinity and 1e999, which orjson refuses: such a line is a
        row whose count is not finite, not JSON the import cannot read."""
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return RejectedRow(number, number, (RowIssue("row", f"invalid JSON: {error}"),))
        if not isinstance(document, dict):
            return RejectedRow(number, number, (RowIssue("row", "each line must be a JSON object"),))
        explained = self._explained(number, number, document)
        return explained if isinstance(explained, RejectedRow) else RejectedRow(
            number, number, (RowIssue("row", f"invalid JSON: {error}"),))

    # -- reasons -----------------------------------------------------------------------------

    def _explained(self, row: int, line: int, values: Mapping[str, Any]) -> MetricRow | RejectedRow:
        """Every field's problem, read one field at a time."""
        issues: list[RowIssue] = []
        values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}

        def check(name: str, read: Callable[[Any], Any], value: Any) -> Any:
            try:
                return read(value)
            except _Refused as refused:
                issues.append(RowIssue(name, str(refused)))
            except (ValueError, TypeError) as error:
                issues.append(RowIssue(name, str(error)))
            return None

        for name in REQUIRED:
            if values.get(name) in (None, ""):
                issues.append(RowIssue(name, "required"))
        post_id = check("post_id", _post_id, values["post_id"]) if values.get("post_id") else None
        captured_at = check("captured_at", lambda v: _timestamp(v, self.received_at),
                            values["captured_at"]) if values.get("captured_at") else None
        source = check("source", _source, values.get("source")) or MetricSource.IMPORTED.value
        confidence = check("confidence", lambda v: _confidence(v, source), values.get("confidence"))
        figures = tuple([check(name, count, v) if (v := values.get(name)) not in (None, "") else ABSENT
                         for name in FIGURES])
        if not issues and figures.count(ABSENT) == len(FIGURES):
            issues.append(RowIssue("row", f"no figure: give at least one of {', '.join(FIGURES)}"))
        if issues or post_id is None or captured_at is None:
            return RejectedRow(row, line, tuple(issues))
        return MetricRow(row, line, post_id, captured_at, source, confidence, figures)
