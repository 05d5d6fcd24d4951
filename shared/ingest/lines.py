"""Split a byte stream into numbered text lines, chunk by chunk, never holding the file.

Splitting happens on b"\\n" (b"\\r" in a file whose lines end in a bare CR) before decoding,
which is safe in UTF-8 (no multi-byte sequence contains 0x0A or 0x0D), so one undecodable line
is reported alone instead of ending the import. A file opening with a UTF-16 BOM is transcoded
to UTF-8 first.

Most chunks hold only readable lines: `feed_lines` then decodes the chunk's complete lines at
once and hands them over as plain strings (`CleanLines`), without a `Line` per line; a chunk
holding any line `feed` would refuse is split line by line, as `feed` does.
"""

import codecs
from dataclasses import dataclass

_BOM = "\ufeff"
_UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}
# A line longer than this is not a profile row; refusing it bounds memory per line.
MAX_LINE_BYTES = 1 << 20


def _line_end(data: bytearray) -> bytes | None:
    """What ends the file's lines, told by its first line end: b"\\n" (also for CRLF), or b"\\r"
    when that line ends in a bare CR (Excel's "CSV (Macintosh)"); None until it has arrived."""
    lf, cr = data.find(b"\n"), data.find(b"\r")
    if cr == -1 or -1 < lf < cr:
        return b"\n" if lf != -1 else None
    if cr + 1 == len(data):
        return None  # CRLF or a bare CR: the next byte tells
    return b"\n" if data[cr + 1] == ord("\n") else b"\r"


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    text: str | None  # None when the line is not valid UTF-8, holds a NUL or is too long
    problem: str | None = None
    # Undecodable bytes replaced: lets CSV find where a quoted field spanning the line ends.
    damaged: str = ""


@dataclass(frozen=True, slots=True)
class CleanLines:
    """Consecutive lines that all decoded, numbered from `first`, as `Line.text` would hold them."""

    first: int
    texts: list[str]
    # No quote character and no CR inside a line: each line is a CSV record of its own, whose
    # fields are its text split on commas.
    plain: bool


class LineSplitter:
    def __init__(self) -> None:
        self._pending = bytearray()
        self._number = 0
        self._overlong = False
        self._head: bytes | None = b""  # the file's first bytes, until a BOM can be told
        self._utf16: codecs.IncrementalDecoder | None = None
        self._end: bytes | None = None

    def feed(self, chunk: bytes) -> list[Line]:
        self._pending += self._as_utf8(chunk)
        self._end = self._end or _line_end(self._pending)
        lines: list[Line] = []
        start = 0
        while self._end and (end := self._pending.find(self._end, start)) != -1:
            # A line that arrived whole is measured too: whether a line is refused must not
            # depend on where the upload's chunks happen to break it.
            if end - start > MAX_LINE_BYTES:
                self._overlong = True
            lines.append(self._line(bytes(self._pending[start:end])))
            start = end + 1
        del self._pending[:start]
        if len(self._pending) > MAX_LINE_BYTES:
            self._pending.clear()
            self._overlong = True
        return lines

    def feed_lines(self, chunk: bytes) -> CleanLines | list[Line]:
        """`feed`, with the chunk's complete lines as one `CleanLines` when every one of them is
        readable."""
        self._pending += self._as_utf8(chunk)
        self._end = self._end or _line_end(self._pending)
        last = self._pending.rfind(self._end) if self._end and not self._overlong else -1
        clean = self._clean(bytes(self._pending[:last])) if last != -1 else None
        if clean is None:
            return self.feed(b"")
        texts, plain = clean
        del self._pending[:last + 1]
        if len(self._pending) > MAX_LINE_BYTES:
            self._pending.clear()
            self._overlong = True
        first = self._number + 1
        self._number += len(texts)
        return CleanLines(first, texts, plain)

    def _clean(self, region: bytes) -> tuple[list[str], bool] | None:
        """The region's lines and whether they are plain, or None when one of them is not
        readable (not UTF-8, holding a NUL, too long): those take `feed`'s way."""
        assert self._end is not None
        if b"\x00" in region:
            return None
        try:
            text = region.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if len(region) > MAX_LINE_BYTES and max(map(len, region.split(self._end))) > MAX_LINE_BYTES:
            return None
        texts = text.split(self._end.decode())
        stray_cr = False
        if "\r" in text:
            texts = [t.removesuffix("\r") for t in texts]
            stray_cr = any("\r" in t for t in texts)
        if self._number == 0:
            texts[0] = texts[0].removeprefix(_BOM)
        return texts, '"' not in text and not stray_cr

    def finish(self) -> list[Line]:
        self._pending += self._as_utf8(b"", final=True)
        if not self._pending and not self._overlong:
            return []
        last = self._line(bytes(self._pending))
        self._pending.clear()
        return [last]

    def _as_utf8(self, chunk: bytes, final: bool = False) -> bytes:
        """UTF-16 files (PowerShell's Out-File, Export-Csv -Encoding Unicode) carry a BOM; read as
        UTF-8, every line of them was refused."""
        if self._head is not None:
            self._head += chunk
            if len(self._head) < 2 and not final:
                return b""
            chunk, self._head = self._head, None
            if (codec := _UTF16_BOMS.get(chunk[:2])) is not None:
                chunk = chunk[2:]
                # An unpaired surrogate passes through, to be refused with its line alone.
                self._utf16 = codecs.getincrementaldecoder(codec)("surrogatepass")
        if self._utf16 is None:
            return chunk
        try:
            text = self._utf16.decode(chunk, final)
        except UnicodeDecodeError:
            text = "\ufffd"  # the file ends inside a character: its last line is malformed
        return text.encode("utf-8", "surrogatepass")

    def _line(self, raw: bytes) -> Line:
        self._number += 1
        if self._overlong:
            self._overlong = False
            return Line(self._number, None, f"line longer than {MAX_LINE_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if self._utf16 is not None:
                return self._unreadable(raw, "not valid UTF-16: half a surrogate pair")
            return self._unreadable(raw, f"not valid UTF-8 at byte {error.start}")
        if "\x00" in text:
            # PostgreSQL stores no NUL in text or jsonb: the row's write would fail its whole batch.
            return self._unreadable(raw, f"NUL character at byte {raw.index(0)}, which cannot be stored")
        if self._number == 1:
            text = text.removeprefix(_BOM)
        return Line(self._number, text.removesuffix("\r"))

    def _unreadable(self, raw: bytes, problem: str) -> Line:
        damaged = raw.decode("utf-8", "replace").replace("\x00", "").removesuffix("\r")
        return Line(self._number, None, problem, damaged)
