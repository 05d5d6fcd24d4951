"""UUIDs as pairs of big-endian 64-bit halves: compared half by half they order as PostgreSQL
orders uuid (byte-wise), so keyset cursors agree with the table."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Halves = npt.NDArray[np.uint64]


def halves(ids: Sequence[bytes]) -> tuple[Halves, Halves]:
    """(high, low) halves of 16-byte ids."""
    pairs = np.frombuffer(b"".join(ids), dtype=">u8").reshape(-1, 2).astype(np.uint64)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def split(value: uuid.UUID) -> tuple[int, int]:
    return value.int >> 64, value.int & 0xFFFF_FFFF_FFFF_FFFF


def join(high: int, low: int) -> uuid.UUID:
    return uuid.UUID(int=(int(high) << 64) | int(low))
