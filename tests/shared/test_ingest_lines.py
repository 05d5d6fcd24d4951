"""The splitter's fast path (a chunk's readable lines at once) yields what the line-by-line path
yields, however the upload is chunked."""

from __future__ import annotations

import codecs

import pytest

from shared.ingest.lines import MAX_LINE_BYTES, CleanLines, Line, LineSplitter

FILES = {
    "plain": b"a,b\n1,2\n\n3,4",
    "crlf and bom": "\ufeffa,b\r\n1,2\r\n3,4\r\n".encode(),
    "bare cr": b"a,b\r1,2\r3,4\r",
    "quotes and stray cr": b'a,b\n"x\ny",2\n1\r2,3\n',
    "bad utf-8 and nul": b"a,b\n\xff\xfe,1\nok,\x00\nlast,1\n",
    "overlong": b"a\n" + b"x" * (MAX_LINE_BYTES + 5) + b"\nb\n",
    "utf-16": codecs.BOM_UTF16_LE + "a,b\n1,\u00e9\n".encode("utf-16-le"),
}


def _slow(data: bytes) -> list[tuple[int, str | None, str | None]]:
    splitter = LineSplitter()
    lines = splitter.feed(data) + splitter.finish()
    return [(line.number, line.text, line.problem) for line in lines]


def _fast(data: bytes, size: int) -> tuple[list[tuple[int, str | None, str | None]], int]:
    splitter, found, clean = LineSplitter(), [], 0
    for start in range(0, len(data), size):
        got = splitter.feed_lines(data[start:start + size])
        if isinstance(got, CleanLines):
            clean += 1
            found += [(n, text, None) for n, text in enumerate(got.texts, got.first)]
        else:
            found += [(line.number, line.text, line.problem) for line in got]
    found += [(line.number, line.text, line.problem) for line in splitter.finish()]
    return found, clean


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_fast_path_yields_what_the_line_by_line_path_yields(name: str) -> None:
    data = FILES[name]
    for size in (1, 3, 16, 1 << 21) if len(data) < 1000 else (4096, 1 << 21):
        assert _fast(data, size)[0] == _slow(data), size


def test_readable_chunks_take_the_fast_path_and_say_whether_they_are_plain_csv() -> None:
    splitter = LineSplitter()
    plain = splitter.feed_lines(b"a,b\n1,2\n3,")
    quoted = splitter.feed_lines(b'4\n"5",6\n')
    unreadable = splitter.feed_lines(b"\xff\n")
    assert plain == CleanLines(1, ["a,b", "1,2"], True)
    assert quoted == CleanLines(3, ["3,4", '"5",6'], False)
    assert unreadable == [Line(5, None, "not valid UTF-8 at byte 0", "\ufffd")]
