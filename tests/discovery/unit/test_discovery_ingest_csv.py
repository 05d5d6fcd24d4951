import codecs
from collections.abc import Iterator
from datetime import UTC, datetime

from services.discovery.profile_import.parsing.pipeline import aiter_import, iter_import
from services.discovery.profile_import.parsing.report import AcceptedRow, ImportItem
from shared.ingest.lines import MAX_LINE_BYTES
from shared.ingest.parser import ImportFormat
from shared.ingest.report import RejectedRow

RECEIVED = datetime(2025, 6, 1, tzinfo=UTC)
HEADER = "platform,handle,display_name,followers,avg_likes,topics,languages,audience_countries\n"
GOOD = "instagram,@ana,Ana,52000,900,fashion|beauty,es|en,ES:0.55|MX:0.12\n"


def _run(text: str, chunk: int = 64, **kwargs: object) -> list[ImportItem]:
    data = text.encode()
    chunks = (data[i : i + chunk] for i in range(0, len(data), chunk))
    return list(iter_import(chunks, ImportFormat.CSV, received_at=RECEIVED, **kwargs))  # type: ignore[arg-type]


def _rejections(items: list[ImportItem]) -> dict[int, list[tuple[str, str]]]:
    return {
        i.row: [(issue.field, issue.reason) for issue in i.issues]
        for i in items
        if isinstance(i, RejectedRow)
    }


def test_valid_canonical_row_becomes_a_profile_with_import_provenance() -> None:
    [item] = _run(HEADER + GOOD)
    assert isinstance(item, AcceptedRow) and (item.row, item.line) == (1, 2)
    account = item.profile.accounts[0]
    assert account.handle == "ana" and account.followers == 52_000
    assert account.audience is not None and account.audience.countries == {"ES": 0.55, "MX": 0.12}
    assert account.stats.provenance.source == "imported"
    assert account.stats.provenance.observed_at == RECEIVED
    assert item.profile.topics == ["fashion", "beauty"]


def test_shares_over_one_are_reported_per_row_and_good_rows_still_pass() -> None:
    bad = "instagram,@bob,Bob,1000,10,,,US:0.8|GB:0.4\n"
    items = _run(HEADER + GOOD + bad + GOOD.replace("@ana", "@cleo"))
    assert [i.row for i in items if isinstance(i, AcceptedRow)] == [1, 3]
    [(field, reason)] = _rejections(items)[2]
    assert field == "audience_countries"
    assert "sum to 1.2000" in reason


def test_unknown_platform_negative_counts_and_missing_handle_are_named() -> None:
    rows = "myspace,@a,A,100,1,,,\ninstagram,@b,B,-5,1,,,\ninstagram,,C,100,1,,,\ninstagram,@d,D,lots,1,,,\n"
    problems = _rejections(_run(HEADER + rows))
    assert problems[1][0][0] == "platform" and "instagram" in problems[1][0][1]
    assert problems[2] == [("followers", "Input should be greater than or equal to 0")]
    assert problems[3][0][0] == "handle"
    assert problems[4][0][0] == "followers" and "valid integer" in problems[4][0][1]


def test_malformed_csv_rows_are_reported_and_parsing_continues() -> None:
    rows = "instagram,@a,A,100\n" + 'instagram,@b,"B"x,100,1,,,\n' + GOOD
    items = _run(HEADER + rows)
    problems = _rejections(items)
    assert problems[1] == [("row", "expected 8 fields, got 4")]
    assert problems[2][0][1].startswith("malformed CSV")
    assert isinstance(items[-1], AcceptedRow) and items[-1].row == 3


def test_quoted_fields_may_span_lines_and_chunks() -> None:
    header = "platform,handle,followers,bio\n"
    text = header + 'instagram,@ana,100,"line one\nline ""two"""\ninstagram,@bo,200,x\n'
    items = _run(text, chunk=1)
    assert [type(i) for i in items] == [AcceptedRow, AcceptedRow]
    first = items[0]
    assert isinstance(first, AcceptedRow)
    assert first.profile.bio == 'line one\nline "two"'
    assert (items[1].row, items[1].line) == (2, 4)


def test_unterminated_quote_is_reported_at_the_end() -> None:
    items = _run("platform,handle,followers,bio\n" + 'instagram,@ana,100,"never closed\n')
    assert _rejections(items)[1][0][1] == "quoted field never closed before the end of the file"


def test_bom_and_crlf_are_tolerated() -> None:
    items = _run("\ufeff" + (HEADER + GOOD).replace("\n", "\r\n"))
    assert isinstance(items[0], AcceptedRow)


def test_invalid_utf8_line_is_reported_alone() -> None:
    data = (HEADER + GOOD).encode() + b"instagram,@x\xff,X,1,1,,,\n" + GOOD.replace("@ana", "@z").encode()
    items = list(iter_import([data], ImportFormat.CSV, received_at=RECEIVED))
    assert "not valid UTF-8" in _rejections(items)[2][0][1]
    assert sum(isinstance(i, AcceptedRow) for i in items) == 2


def test_a_header_matching_no_preset_fails_the_file_once() -> None:
    items = _run("name,subs\nana,100\nbo,200\n")
    assert len(items) == 1
    assert items[0].row == 0 and "matches no preset" in items[0].issues[0].reason  # type: ignore[union-attr]


def test_unknown_columns_are_reported_once_and_ignored() -> None:
    items = _run("platform,handle,followers,folowers\ninstagram,@a,1,2\n")
    assert _rejections(items)[0] == [("folowers", "unknown column, ignored")]
    assert isinstance(items[1], AcceptedRow)


def test_second_row_for_the_same_account_is_reported_as_duplicate() -> None:
    items = _run(HEADER + GOOD + GOOD.replace("@ana", "ANA"))
    assert _rejections(items)[2] == [("handle", "duplicate of row 1 (instagram ana); the first row is kept")]


def test_rate_card_and_lists_parse_with_currency() -> None:
    header = "platform,handle,followers,rate_card,rate_currency,values\n"
    [item] = _run(header + "tiktok,@ana,100,video:45000|live:9000,eur,sustainability\n")
    assert isinstance(item, AcceptedRow)
    prices = {e.format: e.price.amount_minor for e in item.profile.rate_card}
    assert prices == {"video": 45_000, "livestream": 9_000}  # `live`: the old spelling, still read
    assert item.profile.rate_card[0].price.currency == "EUR"


def test_malformed_pairs_name_the_column() -> None:
    items = _run(HEADER + "instagram,@a,A,1,1,,,US0.4\n")
    assert _rejections(items)[1][0] == (
        "audience_countries",
        "expected KEY:VALUE pairs separated by '|', got 'US0.4'",
    )


def _ndjson(lines: list[str]) -> Iterator[bytes]:
    yield "\n".join(lines).encode()


def test_ndjson_rows_validate_the_nested_model() -> None:
    good = (
        '{"accounts": [{"platform": "youtube", "handle": "@chef", "stats": {"provenance": '
        '{"observed_at": "2025-05-01T00:00:00Z", "source": "connector"}, "followers": 1200}}]}'
    )
    items = list(
        iter_import(
            _ndjson([good, "", "{broken", "[1]", good.replace("1200", "-1")]),
            ImportFormat.NDJSON,
            received_at=RECEIVED,
        )
    )
    assert isinstance(items[0], AcceptedRow) and items[0].row == 1
    problems = _rejections(items)
    assert problems[3][0][1].startswith("invalid JSON")
    assert problems[4] == [("row", "each line must be a JSON object")]
    assert problems[5][0][0] == "accounts.0.stats.followers"


async def test_async_streams_give_the_same_items() -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for piece in (HEADER, GOOD[:10], GOOD[10:]):
            yield piece.encode()

    items = [i async for i in aiter_import(chunks(), ImportFormat.CSV, received_at=RECEIVED)]
    assert items == _run(HEADER + GOOD)


def test_a_quote_inside_an_unquoted_field_is_a_literal_and_does_not_swallow_later_rows() -> None:
    header = "platform,handle,followers,bio\n"
    items = _run(header + "instagram,@ana,100,I am 6'2\" tall\ninstagram,@bo,200,x\n")
    assert [(type(i), i.row, i.line) for i in items] == [(AcceptedRow, 1, 2), (AcceptedRow, 2, 3)]
    first = items[0]
    assert isinstance(first, AcceptedRow) and first.profile.bio == "I am 6'2\" tall"


def test_an_unreadable_ndjson_line_is_reported_under_its_line_number() -> None:
    good = (
        '{"accounts": [{"platform": "tiktok", "handle": "HANDLE", "stats": {"provenance": '
        '{"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}, "followers": 10}}]}\n'
    )
    latin1 = b'{"bio": "caf\xe9"}\n'
    data = good.replace("HANDLE", "a").encode() + b"\n" + latin1 + good.replace("HANDLE", "b").encode()
    items = list(iter_import([data], ImportFormat.NDJSON, received_at=RECEIVED))
    assert [(type(i), i.row, i.line) for i in items] == [
        (AcceptedRow, 1, 1), (RejectedRow, 3, 3), (AcceptedRow, 4, 4),
    ]


def test_an_unreadable_line_inside_a_quoted_field_rejects_the_whole_record() -> None:
    data = (
        b'platform,handle,followers,bio\ninstagram,@ana,100,"first\nsecond caf\xe9\nthird"\n'
        b"instagram,@bo,200,x\n"
    )
    items = list(iter_import([data], ImportFormat.CSV, received_at=RECEIVED))
    assert [(type(i), i.row, i.line) for i in items] == [(RejectedRow, 1, 2), (AcceptedRow, 2, 5)]
    assert _rejections(items)[1] == [("row", "line 3: not valid UTF-8 at byte 10")]


def test_an_unreadable_header_fails_the_file_instead_of_promoting_the_first_row() -> None:
    data = b"platform,handle,followers,bi\xf6\ninstagram,@ana,100,x\n"
    items = list(iter_import([data], ImportFormat.CSV, received_at=RECEIVED))
    assert _rejections(items) == {0: [("header", "not valid UTF-8 at byte 28")]}
    assert len(items) == 1


def test_infinite_averages_are_rejected_naming_the_column() -> None:
    # pandas writes a division by zero as "inf"; stored, it would become null in the profile
    # while ranking the account first by engagement rate.
    items = _run(HEADER + "instagram,@a,A,100,inf,,,\n" + GOOD)
    assert _rejections(items)[1] == [("avg_likes", "Input should be a finite number")]
    assert isinstance(items[-1], AcceptedRow)


def test_a_timestamp_outside_the_calendar_once_in_utc_is_the_rows_error() -> None:
    # .NET writes an unset DateTimeOffset as 0001-01-01T00:00:00 with the local offset.
    header = "platform,handle,followers,observed_at\n"
    rows = "instagram,@a,1,0001-01-01T00:00:00+01:00\ninstagram,@b,1,9999-12-31T23:00:00-05:00\n"
    items = _run(header + rows + "instagram,@c,1,2025-05-01T00:00:00+02:00\n")
    problems = _rejections(items)
    assert [field for field, _ in problems[1]] == ["observed_at"]
    assert [field for field, _ in problems[2]] == ["observed_at"]
    assert isinstance(items[-1], AcceptedRow) and items[-1].row == 3


def test_an_unset_go_zero_time_is_the_rows_error() -> None:
    # Go writes an unset time as 0001-01-01T00:00:00Z; stored, it would come back as -infinity
    # and fail every later read of the profile.
    header = "platform,handle,followers,observed_at\n"
    items = _run(header + "instagram,@a,1,0001-01-01T00:00:00Z\ninstagram,@c,1,2025-05-01T00:00:00Z\n")
    assert _rejections(items)[1] == [("observed_at", "timestamp is before 1970: an unset date?")]
    assert isinstance(items[-1], AcceptedRow) and items[-1].row == 2


def test_a_nul_byte_postgresql_cannot_store_rejects_its_row() -> None:
    data = (HEADER + GOOD).encode() + b"instagram,@b,B\x00,1,1,,,\n" + GOOD.replace("@ana", "@c").encode()
    items = list(iter_import([data], ImportFormat.CSV, received_at=RECEIVED))
    assert "NUL" in _rejections(items)[2][0][1]
    assert [i.row for i in items if isinstance(i, AcceptedRow)] == [1, 3]


def test_a_line_over_the_limit_is_refused_however_the_upload_is_chunked() -> None:
    # The CLI reads 1 MiB chunks, an HTTP body arrives in far smaller ones: the same file must
    # import the same way through either.
    good = (
        '{"accounts": [{"platform": "tiktok", "handle": "HANDLE", "stats": {"provenance": '
        '{"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}, "followers": 10}}]}\n'
    )
    padded = good.replace("HANDLE", "long").replace("}]}", "}]" + " " * MAX_LINE_BYTES + "}")
    data = (good.replace("HANDLE", "a") + padded + good.replace("HANDLE", "b")).encode()
    for size in (len(data), 1 << 20, 1 << 16):
        chunks = (data[i : i + size] for i in range(0, len(data), size))
        items = list(iter_import(chunks, ImportFormat.NDJSON, received_at=RECEIVED))
        assert [(type(i), i.row) for i in items] == [
            (AcceptedRow, 1), (RejectedRow, 2), (AcceptedRow, 3)], size
        assert _rejections(items)[2] == [("row", f"line longer than {MAX_LINE_BYTES} bytes")]


def test_header_warnings_name_the_line_the_header_is_on() -> None:
    items = _run("\n\r\n" + HEADER.replace("\n", ",shoe_size\n") + GOOD.replace("\n", ",44\n"))
    assert [(type(i), i.row, i.line) for i in items] == [(RejectedRow, 0, 3), (AcceptedRow, 1, 4)]
    assert _rejections(items)[0] == [("shoe_size", "unknown column, ignored")]


def test_a_utf16_file_with_its_bom_imports_as_utf8_would() -> None:
    # PowerShell's Out-File and Export-Csv -Encoding Unicode write UTF-16 with a BOM: every line read
    # as UTF-8 was refused (the header, or each NDJSON line as "NUL character").
    text = (HEADER + GOOD + GOOD.replace("@ana,Ana", "@cleo,Cléo")).replace("\n", "\r\n")
    ndjson = (
        '{"accounts": [{"platform": "tiktok", "handle": "zoë", "stats": {"provenance": '
        '{"observed_at": "2025-05-01T00:00:00Z", "source": "imported"}, "followers": 10}}]}\n'
    )
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        for fmt, body in ((ImportFormat.CSV, text), (ImportFormat.NDJSON, ndjson)):
            data = bom + body.encode(codec)
            for size in (1, 3, len(data)):
                chunks = (data[i : i + size] for i in range(0, len(data), size))
                items = list(iter_import(chunks, fmt, received_at=RECEIVED))
                assert all(isinstance(i, AcceptedRow) for i in items), (codec, fmt, size, items)
                names = [i.profile.display_name or i.profile.accounts[0].handle
                         for i in items if isinstance(i, AcceptedRow)]
                assert names == (["Ana", "Cléo"] if fmt is ImportFormat.CSV else ["zoë"])


def test_a_broken_utf16_line_is_reported_alone() -> None:
    # Half a surrogate pair, and an odd byte at the end: the lines holding them are the rows'
    # problems, the other rows import.
    bad = GOOD.replace("@ana", "@bad").encode("utf-16-le").replace(b"b\x00a\x00d\x00", b"\x00\xd8")
    data = (codecs.BOM_UTF16_LE + (HEADER + GOOD).encode("utf-16-le") + bad
            + GOOD.replace("@ana", "@cleo").encode("utf-16-le") + b"x")
    items = list(iter_import([data], ImportFormat.CSV, received_at=RECEIVED))
    assert [(type(i), i.row, i.line) for i in items] == [
        (AcceptedRow, 1, 2), (RejectedRow, 2, 3), (AcceptedRow, 3, 4), (RejectedRow, 4, 5)]
    assert _rejections(items)[2] == [("row", "not valid UTF-16: half a surrogate pair")]


def test_lines_ending_in_a_bare_cr_are_lines() -> None:
    # Excel's "CSV (Macintosh)" ends lines with CR alone: the file was one line, and its header
    # refused as "new-line character seen in unquoted field".
    text = "platform,handle,followers,bio\n" + 'instagram,@ana,100,"two\nlines"\n\ninstagram,@bo,200,x'
    for newline in ("\r", "\r\n"):
        data = text.replace("\n", newline).encode()
        for size in (1, 2, len(data)):
            chunks = (data[i : i + size] for i in range(0, len(data), size))
            items = list(iter_import(chunks, ImportFormat.CSV, received_at=RECEIVED))
            assert [(type(i), i.row, i.line) for i in items] == [
                (AcceptedRow, 1, 2), (AcceptedRow, 2, 5)], (newline, size)
            first = items[0]
            assert isinstance(first, AcceptedRow) and first.profile.bio == "two\nlines"


def test_rows_of_bare_commas_are_blank_lines() -> None:
    # Spreadsheets export the empty rows of their range as bare commas: each was a rejected row
    # (platform, handle and followers missing), a thousand of them filling the report.
    blank = ",,,,,,,\n"
    items = _run(blank + HEADER + GOOD + blank + ' , ,"",,,,,\n' + GOOD.replace("@ana", "@cleo") + blank * 3)
    assert [(type(i), i.row, i.line) for i in items] == [(AcceptedRow, 1, 3), (AcceptedRow, 2, 6)]


def test_a_ranking_count_that_cannot_be_read_is_reported_once() -> None:
    # The column's own reason was followed by the model's "Input should be a valid integer"
    # for the value the preset could not give it.
    header = ("AccountName,Name,Category_1,Category_2,Subscribers,Country,AuthenticEngagement,"
              "EngagementAverage\n")
    items = _run(header + "ana,Ana,,,lots,Germany,1K,2K\nbo,Bo,,,1M,Germany,1K,2K\n")
    assert _rejections(items) == {
        1: [("Subscribers", "expected a count like 409.8M, 383.1K or 523, got 'lots'")]}
    assert isinstance(items[-1], AcceptedRow)
