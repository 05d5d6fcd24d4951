"""The click spool: clicks the broker did not acknowledge, kept on local disk until it is back.

Each API process writes to a directory of its own below the spool root, holding an exclusive
`flock` on it while it lives. `clicks.log` is append-only, one message per line, fsync'd before a
write returns; `cursor` holds how many of its bytes were replayed (replaced atomically). Lines are
replayed in the order written, and the cursor moves only past lines the broker acknowledged: a
crash in between sends those lines again, and consumers drop the repeat by event id. A directory
whose lock anyone can take belongs to a process that is gone: another process replays it, then
deletes it. A last line cut short by a crash was never acknowledged to anyone as stored; it is
skipped.

Methods block on the disk: call them from a worker thread.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

_LOG = "clicks.log"
_CURSOR = "cursor"
_LOCK = "lock"


@dataclass(frozen=True)
class SpooledMessage:
    topic: str
    key: str
    value: bytes
    headers: list[tuple[str, bytes]]

    def encode(self) -> bytes:
        return orjson.dumps({"t": self.topic, "k": self.key, "v": self.value.decode(),
                             "h": [[k, v.decode()] for k, v in self.headers]})

    @classmethod
    def decode(cls, line: bytes) -> SpooledMessage:
        raw = orjson.loads(line)
        return cls(raw["t"], raw["k"], raw["v"].encode(), [(k, v.encode()) for k, v in raw["h"]])


class SpoolDirectory:
    """One process's spool: its log, its cursor, and the lock that says it is in use."""

    def __init__(self, path: Path, lock_fd: int) -> None:
        self.path = path
        self._lock_fd: int | None = lock_fd

    @classmethod
    def create(cls, root: Path) -> SpoolDirectory:
        root.mkdir(parents=True, exist_ok=True)
        name = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        path = root / name
        path.mkdir()
        fd = os.open(path / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _fsync_dir(root)
        return cls(path, fd)

    @classmethod
    def orphans(cls, root: Path, mine: Path | None) -> Iterator[SpoolDirectory]:
        """Spools of processes that are gone, each locked for the caller while it replays."""
        if not root.is_dir():
            return
        for path in sorted(p for p in root.iterdir() if p.is_dir() and p != mine):
            try:
                fd = os.open(path / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)  # alive: its owner holds the lock
                continue
            yield cls(path, fd)

    def append(self, messages: list[SpooledMessage]) -> None:
        data = b"".join(m.encode() + b"\n" for m in messages)
        fd = os.open(self.path / _LOG, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def pending(self) -> bool:
        """Whether a whole line waits after the cursor."""
        return self.read(1)[1] > self._cursor()

    def read(self, limit: int) -> tuple[list[SpooledMessage], int]:
        """Up to `limit` whole lines after the cursor, and the offset just past them."""
        start = self._cursor()
        try:
            with open(self.path / _LOG, "rb") as log:
                log.seek(start)
                messages: list[SpooledMessage] = []
                offset = start
                for line in log:
                    if not line.endswith(b"\n") or len(messages) >= limit:
                        break  # a torn last line, or enough for now
                    offset += len(line)
                    with contextlib.suppress(orjson.JSONDecodeError, KeyError, TypeError):
                        messages.append(SpooledMessage.decode(line))
        except FileNotFoundError:
            return [], start
        return messages, offset

    def advance(self, offset: int) -> None:
        tmp = self.path / f"{_CURSOR}.tmp"
        tmp.write_bytes(str(offset).encode())
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, self.path / _CURSOR)
        _fsync_dir(self.path)

    def reset_if_drained(self) -> bool:
        """Starts an empty log once every line was replayed; whether it did."""
        if self.pending():
            return False
        for name in (_LOG, _CURSOR):
            with contextlib.suppress(FileNotFoundError):
                (self.path / name).unlink()
        _fsync_dir(self.path)
        return True

    def release(self, remove: bool) -> None:
        """Gives the lock up; `remove` deletes the directory when nothing is left to replay."""
        if remove and self.reset_if_drained():
            with contextlib.suppress(FileNotFoundError):
                (self.path / _LOCK).unlink()
            with contextlib.suppress(OSError):
                self.path.rmdir()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _cursor(self) -> int:
        try:
            return int((self.path / _CURSOR).read_bytes() or b"0")
        except FileNotFoundError:
            return 0


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
