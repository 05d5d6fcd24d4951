"""A CSV import's plain lines read many at once (numpy columns) end exactly as each read alone
would: the same snapshots, and the same rows refused for the same reasons."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from services.tracking.domain.metric_rows import SOURCE_ORDER, MetricBlock, MetricRow, MetricRows, micros
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow

RECEIVED = datetime(2026, 5, 10, tzinfo=UTC)
HEADER = "post_id,captured_at,source,confidence,views,likes,reach"
POSTS = [uuid.uuid4() for _ in range(3)]
# Fields the fast columns take, beside ones only a row read alone can judge or accept.
ODD_FIELDS = {
    "post_id": [str(POSTS[0]).upper(), f" {POSTS[1]}", str(POSTS[2]).replace("-", ""), f"{{{POSTS[0]}}}",
                "not-a-post", "", str(POSTS[1])[:-1] + "g"],
    "captured_at": ["2026-05-05T18:00:00+02:00", "2026-05-05T18:00:00", "2026-06-05T18:00:00Z", "",
                    " 2026-05-05T18:00:00Z", "2026-05-05 18:00:00.123456+00:00", "yesterday"],
    "source": ["", "connector", "estimated", "self_reported", " imported", "scraped"],
    "confidence": ["0.5", "1", "1.5", "nan", " 0.3", "x"],
    "count": ["", "0", "007", "123456789012345678", "1234567890123456789", "9223372036854775808", " 5", "+5",
              "-3", "1.0", "1.5", "NaN", "inf", "5_000", "٣", "²"],
}


class _OneRowAtATime:
    """The same reader, without its many-lines read: every row goes through `csv_row`."""

    def __init__(self, rows: MetricRows) -> None:
        self.rows = rows

    def csv_header(self, header: list[str], line: int) -> RejectedRow | None:
        return self.rows.csv_header(header, line)

    def csv_row(self, row: int, line: int, fields: list[str]) -> MetricRow | RejectedRow:
        return self.rows.csv_row(row, line, fields)

    def ndjson_row(self, number: int, text: str) -> MetricRow | RejectedRow | None:
        return self.rows.ndjson_row(number, text)


def _file(rng: random.Random, rows: int) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        moment = datetime(2026, 5, 1, tzinfo=UTC) + timedelta(hours=n)
        fields = [str(rng.choice(POSTS)), moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "imported", "",
                  *(str(rng.randrange(10**6)) for _ in range(3))]
        if rng.random() < 0.3:
            at = rng.randrange(len(fields))
            kind = ("post_id", "captured_at", "source", "confidence", "count", "count", "count")[at]
            fields[at] = rng.choice(ODD_FIELDS[kind])
        odd_line = rng.choice(["", ",,,", " ,\t,", "\u00a0,", "oops", "1,2"])
        lines.append(",".join(fields) if rng.random() > 0.02 else odd_line)
    return ("\n".join(lines) + "\n").encode()


def _read(data: bytes, reader: Any) -> tuple[list[tuple[Any, ...]], int]:
    """Every row as (row, line, outcome) in file order, and how many came in blocks."""
    parser = ImportParser(ImportFormat.CSV, reader)
    head = data.index(b"\n") + 1  # the header first: blocks are read once its width is known
    items = [*parser.feed(data[:head]), *parser.feed(data[head:]), *parser.finish()]
    rows: list[tuple[Any, ...]] = []
    in_blocks = 0
    for item in items:
        if isinstance(item, MetricBlock):
            in_blocks += len(item)
            rows += [(int(item.row[i]), int(item.line[i]), uuid.UUID(bytes=item.post[i].tobytes()),
                      int(item.time[i]), SOURCE_ORDER[item.source[i]].value,
                      None if item.no_confidence[i] else float(item.confidence[i]),
                      tuple(item.figures[i].tolist())) for i in range(len(item))]
        elif isinstance(item, MetricRow):
            rows.append((item.row, item.line, item.post_id, micros(item.captured_at), item.source,
                         item.confidence, item.figures))
        else:
            rows.append((item.row, item.line, item.issues))
    return sorted(rows, key=lambda r: r[0]), in_blocks


def test_lines_read_together_end_as_each_read_alone() -> None:
    rng = random.Random(15)
    for _ in range(5):
        data = _file(rng, 400)
        together, in_blocks = _read(data, MetricRows(RECEIVED))
        alone, _ = _read(data, _OneRowAtATime(MetricRows(RECEIVED)))
        assert together == alone
        assert in_blocks > 100  # the common row did come through the columns
        assert any(len(r) == 3 for r in together) and any(len(r) == 7 for r in together)
