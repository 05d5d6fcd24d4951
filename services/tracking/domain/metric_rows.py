"""One metrics snapshot per row of an import file (CSV or NDJSON), read fast and refused with a
reason per field (pure: the file's text in, rows out).

A row names its post, when the figures were captured and by which source, and any of the
figures (cumulative counts). Rows are read on a fast path (caches for the post ids and
timestamps a file repeats); only a row that fails it is read again field by field for its
report, so the common row pays for no bookkeeping. A CSV import's plain lines are read many at
once with numpy (`MetricRows.csv_rows`): canonical UUIDs and plain digit counts are decoded
as byte columns and each distinct timestamp, source and confidence text is parsed once; a row
any of that does not fit is read by `csv_row` alone, so it ends exactly as it would have.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import orjson
from asyncpg.pgproto.pgproto import UUID as PgUUID

from services.tracking.domain.figures import ABSENT, FIGURES
from shared.ingest.parser import HeaderError, RowBlock
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
SOURCE_ORDER = tuple(MetricSource)  # a source's code in columns
_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# Digits a count may have to be read as a column: any such number is within bigint.
_COLUMN_DIGITS = 18
_HEX = np.full(256, -1, np.int16)
_HEX[np.frombuffer(b"0123456789abcdef", np.uint8)] = np.arange(16)
_HEX[np.frombuffer(b"ABCDEF", np.uint8)] = np.arange(10, 16)
_UUID_HYPHENS = np.array([8, 13, 18, 23])
_UUID_DIGITS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])
# Fewer lines than this are read row by row: the columns' fixed cost would outweigh their gain.
_BLOCK_LINES = 64


def micros(moment: datetime) -> int:
    """Microseconds since 2000-01-01 UTC (PostgreSQL's timestamp origin)."""
    return (moment - _PG_EPOCH) // _MICROSECOND


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


def _confidence_value(text: str) -> float | None:
    """A confidence as `_confidence` reads it, NaN where none is given (None: refused)."""
    try:
        value = _confidence(text, MetricSource.IMPORTED)
    except _Refused:
        return None
    return math.nan if value is None else value


def _distinct(data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], stops: npt.NDArray[np.int64],
              ) -> tuple[list[str], npt.NDArray[np.intp]]:
    """The distinct texts of a column's fields, and each row's among them."""
    widths = stops - starts
    longest = max(int(widths.max()), 1)
    at = starts[:, None] + np.arange(longest)
    chars = np.where(at < stops[:, None], data[np.minimum(at, len(data) - 1)], 0).astype(np.uint8)
    texts, of_row = np.unique(chars.view(f"S{longest}").ravel(), return_inverse=True)
    # Fields hold no NUL (a line with one never gets here): the padding is all that is stripped.
    return [t.decode() for t in texts.tolist()], of_row


def _uuids(data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], stops: npt.NDArray[np.int64],
           ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    """Fields that are canonical UUIDs (8-4-4-4-12 hex digits) as 16 bytes each, and which are."""
    canonical = stops - starts == 36
    chars = data[np.where(canonical, starts, 0)[:, None] + np.arange(36)] if len(data) >= 36 else (
        np.zeros((len(starts), 36), np.uint8))
    digits = _HEX[chars[:, _UUID_DIGITS]]
    canonical &= (chars[:, _UUID_HYPHENS] == ord("-")).all(axis=1) & (digits >= 0).all(axis=1)
    return ((digits[:, 0::2] << 4) | digits[:, 1::2]).astype(np.uint8), canonical


def _counts(data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], stops: npt.NDArray[np.int64],
            columns: list[int | None]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The figures of fields of plain digits (ABSENT where empty or not a column of the file),
    and which rows hold only such fields."""
    figures = np.full((len(starts), len(columns)), ABSENT, np.int64)
    present = [(f, i) for f, i in enumerate(columns) if i is not None]
    if not present:
        return figures, np.ones(len(starts), np.bool_)
    at_figure, at_field = (list(x) for x in zip(*present, strict=True))
    first, end = starts[:, at_field], stops[:, at_field]
    widths = end - first
    # Each field's last `longest` bytes, right-aligned: the whole of any field short enough.
    longest = max(min(int(widths.max()), _COLUMN_DIGITS), 1)
    at = end[..., None] - longest + np.arange(longest)
    inside = at >= first[..., None]
    digits = data[np.maximum(at, 0)] - np.uint8(ord("0"))  # a non-digit wraps to 10 or more
    plain = (widths <= longest) & ((digits < 10) | ~inside).all(axis=-1)
    powers = 10 ** np.arange(longest - 1, -1, -1, dtype=np.int64)
    values = np.where(inside, digits, 0).astype(np.int64) @ powers
    figures[:, at_figure] = np.where(widths == 0, ABSENT, values)
    return figures, plain.all(axis=1)


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


@dataclass(frozen=True)
class MetricBlock(RowBlock):
    """Accepted rows as columns, as `MetricRow`s would hold them."""

    row: npt.NDArray[np.int64]
    line: npt.NDArray[np.int64]
    post: npt.NDArray[np.uint8]  # rows × 16 bytes of the UUID
    time: npt.NDArray[np.int64]  # `micros` of captured_at
    source: npt.NDArray[np.int64]  # index in SOURCE_ORDER
    confidence: npt.NDArray[np.float64]
    no_confidence: npt.NDArray[np.bool_]
    figures: npt.NDArray[np.int64]  # rows × FIGURES, ABSENT where not reported

    def __len__(self) -> int:
        return len(self.row)


class MetricRows:
    """The shared parser's `RowReader` (and `CsvBlockReader`) for metrics snapshots."""

    def __init__(self, received_at: datetime) -> None:
        self.received_at = received_at
        self._posts: dict[str, uuid.UUID] = {}
        self._times: dict[str, datetime] = {}
        self._micros: dict[str, int | None] = {}  # None: refused
        self._columns: dict[str, int] = {}
        self._figure_columns: list[int | None] = []
        self._width = 0  # the header's fields
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
        self._width = len(header)
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

    def csv_rows(self, rows: list[int], lines: list[int], texts: list[str]) -> list[MetricRow | MetricBlock
                                                                                     | RejectedRow]:
        data = np.frombuffer("\n".join(texts).encode(), np.uint8)
        count = len(texts)
        ends = np.flatnonzero(data == ord("\n"))
        commas = np.flatnonzero(data == ord(","))
        # A line holding a newline (a file whose lines end in a bare CR) is read row by row too.
        if count < _BLOCK_LINES or len(ends) != count - 1 or len(commas) != count * (self._width - 1):
            return [self.csv_row(r, n, t.split(",")) for r, n, t in zip(rows, lines, texts, strict=True)]
        starts = np.empty((count, self._width), np.int64)
        stops = np.empty((count, self._width), np.int64)
        starts[:, 0] = np.r_[0, ends + 1]
        stops[:, -1] = np.r_[ends, len(data)]
        starts[:, 1:] = stops[:, :-1] = commas.reshape(count, self._width - 1)
        starts[:, 1:] += 1
        columns = self._columns
        post, ok = _uuids(data, starts[:, columns["post_id"]], stops[:, columns["post_id"]])
        figures, plain = _counts(data, starts, stops, self._figure_columns)
        ok &= plain & (figures != ABSENT).any(axis=1)
        time, known = self._texts(data, starts, stops, "captured_at", self._time_micros, 0, np.int64)
        ok &= known
        source, known = self._texts(data, starts, stops, "source", self._source_code,
                                    SOURCE_ORDER.index(MetricSource.IMPORTED), np.int64)
        ok &= known
        confidence, known = self._texts(data, starts, stops, "confidence", _confidence_value, math.nan,
                                        np.float64)
        no_confidence = np.isnan(confidence)
        ok &= known & ~(no_confidence & (source == SOURCE_ORDER.index(MetricSource.ESTIMATED)))
        items: list[MetricRow | MetricBlock | RejectedRow] = [
            self.csv_row(rows[i], lines[i], texts[i].split(",")) for i in np.flatnonzero(~ok).tolist()]
        if ok.any():
            items.append(MetricBlock(np.array(rows, np.int64)[ok], np.array(lines, np.int64)[ok], post[ok],
                                     time[ok], source[ok], confidence[ok],
                                     no_confidence[ok], figures[ok]))
        return items

    def _texts(
        self, data: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], stops: npt.NDArray[np.int64],
        name: str, read: Callable[[str], Any], default: float, kind: type[np.generic],
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
        """A column whose distinct texts are read one at a time (None: refused), and which rows
        it read; `default` where the file has no such column."""
        count = len(starts)
        if (index := self._columns.get(name)) is None:
            return np.full(count, default, kind), np.ones(count, np.bool_)
        texts, of_row = _distinct(data, starts[:, index], stops[:, index])
        values = [read(t) for t in texts]
        known = np.array([v is not None for v in values], np.bool_)
        read_values = np.array([default if v is None else v for v in values], kind)
        return read_values[of_row], known[of_row]

    def _time_micros(self, text: str) -> int | None:
        if len(self._micros) > _CACHE_ENTRIES:
            self._micros.clear()
        if text not in self._micros:
            try:
                self._micros[text] = micros(_timestamp(text, self.received_at))
            except _Refused:
                self._micros[text] = None
        return self._micros[text]

    @staticmethod
    def _source_code(text: str) -> int | None:
        try:
            return SOURCE_ORDER.index(MetricSource(_source(text)))
        except _Refused:
            return None

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
