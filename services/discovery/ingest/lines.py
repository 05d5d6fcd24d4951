"""Split a byte stream into numbered text lines, chunk by chunk, never holding the file.

Splitting happens on b"\\n" before decoding, which is safe in UTF-8 (no multi-byte sequence
contains 0x0A), so one undecodable line is reported alone instead of ending the import.
"""

from dataclasses import dataclass

_BOM = "\ufeff"
# A line longer than this is not a profile row; refusing it bounds memory per line.
MAX_LINE_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    text: str | None  # None when the line is not valid UTF-8, holds a NUL or is too long
    problem: str | None = None
    # Undecodable bytes replaced: lets CSV find where a quoted field spanning the line ends.
    damaged: str = ""


class LineSplitter:
    def __init__(self) -> None:
        self._pending = bytearray()
        self._number = 0
        self._overlong = False

    def feed(self, chunk: bytes) -> list[Line]:
        self._pending += chunk
        lines: list[Line] = []
        start = 0
        while (end := self._pending.find(b"\n", start)) != -1:
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

    def finish(self) -> list[Line]:
        if not self._pending and not self._overlong:
            return []
        last = self._line(bytes(self._pending))
        self._pending.clear()
        return [last]

    def _line(self, raw: bytes) -> Line:
        self._number += 1
        if self._overlong:
            self._overlong = False
            return Line(self._number, None, f"line longer than {MAX_LINE_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
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
