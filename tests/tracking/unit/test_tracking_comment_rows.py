"""Comment rows read from CSV and NDJSON: quoted texts with commas and line breaks kept whole, a
bad row rejected alone with its field and reason."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.tracking.domain.comment_rows import CommentRow, CommentRows
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow

RECEIVED = datetime(2026, 5, 10, tzinfo=UTC)
POST = uuid.UUID("0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05")


def _parse(text: str, fmt: ImportFormat = ImportFormat.CSV) -> list[CommentRow | RejectedRow]:
    parser = ImportParser(fmt, CommentRows(RECEIVED))
    data = text.encode()
    items: list[CommentRow | RejectedRow] = []
    for at in range(0, len(data), 5):
        items += parser.feed(data[at:at + 5])
    return items + parser.finish()


def test_csv_rows_keep_quoted_texts_whole_and_reject_bad_rows_alone() -> None:
    items = _parse(
        "post_id,comment_id,text,commented_at,author\n"
        f'{POST},c1,"Love it, truly\nsecond line",2026-05-05T18:02:00+02:00,@Mia\n'
        f"{POST},c2,,2026-05-05T18:02:00Z,\n"
        f"{POST},c3,fine,2026-05-12T00:00:00Z,\n"
        f"not-a-uuid,c4,fine,yesterday,\n"
        f"{POST},,fine,2026-05-05T18:02:00Z,\n")
    first = items[0]
    assert isinstance(first, CommentRow)
    assert (first.text, first.author, first.commented_at) == (
        "Love it, truly\nsecond line", "@Mia", datetime(2026, 5, 5, 16, 2, tzinfo=UTC))
    problems = {i.row: [p.field for p in i.issues] for i in items if isinstance(i, RejectedRow)}
    assert problems == {2: ["text"], 3: ["commented_at"], 4: ["post_id", "commented_at"], 5: ["comment_id"]}


def test_a_header_without_the_required_columns_refuses_the_file() -> None:
    (item,) = _parse("post_id,text\n" f"{POST},hello there\n")
    assert isinstance(item, RejectedRow)
    assert (item.row, item.issues[0].field) == (0, "header")
    assert "comment_id" in item.issues[0].reason


def test_ndjson_rows_are_numbered_by_their_line() -> None:
    items = _parse(
        f'{{"post_id":"{POST}","comment_id":"c1","text":"ok then","commented_at":"2026-05-05T18:02:00Z"}}\n'
        "\n[1, 2]\n{broken\n", ImportFormat.NDJSON)
    assert isinstance(items[0], CommentRow) and items[0].author is None
    assert [(i.row, i.issues[0].reason.split(":")[0]) for i in items[1:] if isinstance(i, RejectedRow)] == [
        (3, "each line must be a JSON object"), (4, "invalid JSON")]
