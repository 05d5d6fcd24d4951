"""Metrics rows read from CSV and NDJSON: good rows fast, bad rows rejected alone with reasons."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.tracking.domain.metric_rows import MetricRow, MetricRows
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow

RECEIVED = datetime(2026, 5, 10, tzinfo=UTC)
POST = uuid.UUID("0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05")
HEADER = "post_id,captured_at,source,confidence,views,likes,comments"


def _parse(
    text: str, fmt: ImportFormat = ImportFormat.CSV, chunk: int = 7
) -> tuple[list[MetricRow | RejectedRow], MetricRows]:
    rows = MetricRows(RECEIVED)
    parser = ImportParser(fmt, rows)
    data = text.encode()
    items: list[MetricRow | RejectedRow] = []
    for i in range(0, len(data), chunk):
        items += parser.feed(data[i : i + chunk])
    return items + parser.finish(), rows


def _problems(items: list[MetricRow | RejectedRow]) -> dict[int, list[tuple[str, str]]]:
    return {i.row: [(p.field, p.reason) for p in i.issues] for i in items if isinstance(i, RejectedRow)}


def test_a_csv_row_becomes_a_snapshot_with_absent_figures_unknown() -> None:
    items, _ = _parse(f"{HEADER}\n{POST},2026-05-05T18:00:00+02:00,,,5200,310,\n", chunk=1 << 20)
    (row,) = items
    assert isinstance(row, MetricRow)
    assert (row.post_id, row.captured_at, row.source) == (
        POST,
        datetime(2026, 5, 5, 16, tzinfo=UTC),
        "imported",
    )
    assert row.figures == (-1, -1, 5200, -1, 310, -1, -1, -1, -1, -1, -1)  # -1: not reported


def test_bad_csv_rows_are_rejected_alone_naming_field_and_reason() -> None:
    lines = [
        f"{POST},2026-05-05T18:00:00Z,imported,,-4,1,1",
        f"{POST},2026-05-05T18:00:00Z,imported,,NaN,1,1",
        f"{POST},2026-05-05T18:00:00Z,imported,,1.5,inf,1",
        f"{POST},2026-05-05T18:00:00,imported,,1,1,1",
        "not-a-post,2026-06-05T18:00:00Z,scraped,,1,1,1",
        f"{POST},2026-05-05T18:00:00Z,estimated,,1,1,1",
        f"{POST},2026-05-05T18:00:00Z,imported,,,,",
        f"{POST},2026-05-05T18:00:00Z,imported,,12.0,1,1",
        f"{POST},2026-05-05",
    ]
    items, _ = _parse("\n".join([HEADER, *lines]) + "\n")
    assert _problems(items) == {
        1: [("views", "a count cannot be negative")],
        2: [("views", "not a finite count")],
        3: [("views", "expected a whole number, got 1.5"), ("likes", "not a finite count")],
        4: [("captured_at", "timestamp must carry a UTC offset (ISO 8601, e.g. 2026-05-01T12:00:00Z)")],
        5: [
            ("post_id", "not a post id (UUID): 'not-a-post'"),
            ("captured_at", "timestamp is more than a day after it was received (2026-05-10T00:00:00+00:00)"),
            ("source", "one of connector, estimated, imported, self_reported"),
        ],
        6: [("confidence", "an estimated figure states its confidence (0 to 1)")],
        7: [
            (
                "row",
                "no figure: give at least one of impressions, reach, views, watch_time_s, likes, "
                "comments, shares, saves, clicks, profile_visits, follows",
            )
        ],
        9: [("row", "expected 7 fields, got 2")],
    }
    accepted = [i for i in items if isinstance(i, MetricRow)]
    assert [r.row for r in accepted] == [8] and accepted[0].figures[2] == 12


def test_a_header_without_the_required_columns_refuses_the_file_and_unknown_columns_warn() -> None:
    refused, _ = _parse("post,captured_at,likes\nx,y,1\n")
    assert _problems(refused) == {
        0: [("header", "metrics need the columns post_id, captured_at; missing: post_id")]
    }
    warned, _ = _parse(f"post_id,captured_at,likes,title\n{POST},2026-05-05T18:00:00Z,3,Hello\n")
    assert _problems(warned) == {0: [("title", "unknown column, ignored")]}
    assert isinstance(warned[1], MetricRow)


def test_ndjson_rows_refuse_non_finite_boolean_and_text_counts_and_warn_of_unknown_fields_once() -> None:
    lines = [
        f'{{"post_id":"{POST}","captured_at":"2026-05-05T18:00:00Z","likes":3,"mood":"x"}}',
        f'{{"post_id":"{POST}","captured_at":"2026-05-05T19:00:00Z","likes":NaN}}',
        f'{{"post_id":"{POST}","captured_at":"2026-05-05T20:00:00Z","views":1e999}}',
        f'{{"post_id":"{POST}","captured_at":"2026-05-05T21:00:00Z","likes":true,"views":"12"}}',
        '["not", "an", "object"]',
        '{"post_id": ',
        f'{{"post_id":"{POST}","captured_at":"2026-05-05T22:00:00Z","likes":4,"mood":"y"}}',
    ]
    items, rows = _parse("\n".join(lines) + "\n", ImportFormat.NDJSON)
    assert _problems(items) == {
        2: [("likes", "not a finite count")],
        3: [("views", "not a finite count")],
        4: [("likes", "expected a whole number, got true/false")],
        5: [("row", "each line must be a JSON object")],
        6: [("row", "invalid JSON: unexpected end of data: line 1 column 13 (char 12)")],
    }
    assert [i.row for i in items if isinstance(i, MetricRow)] == [1, 7]
    assert [(w.row, w.line, [i.field for i in w.issues]) for w in rows.warnings] == [(0, 1, ["mood"])]
