"""PostgreSQL's binary formats → numpy: array_send output and COPY … (FORMAT binary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

HEADER = 20  # a one-dimensional array: ndim, has-nulls flag, element type, size, lower bound
COPY_HEADER = 19  # signature, flags, header extension length
COPY_TRAILER = 2


def arrays(blobs: Sequence[bytes], element: str) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
    """Many one-dimensional, non-empty arrays without NULLs, read at once: (every value in
    order, each array's length). Each array is a 20-byte header, then per element its length
    (4 bytes) and value; with 4- or 8-byte values everything sits on 4-byte words."""
    width = np.dtype(element).itemsize
    words_per_element = 1 + width // 4
    sizes = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=len(blobs))
    counts = (sizes - HEADER) // (4 + width)
    words = np.frombuffer(b"".join(blobs), dtype=">i4")
    starts = np.repeat((np.cumsum(sizes) - sizes) // 4 + HEADER // 4 + 1, counts)
    nth = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    first = starts + nth * words_per_element
    value_words = np.stack([words[first + w] for w in range(width // 4)], axis=1)
    values = value_words.astype(">i4").tobytes()
    return np.frombuffer(values, dtype=element).astype(np.dtype(element).newbyteorder("=")), counts


def copy_rows(data: bytes, fields: list[tuple[str, str]]) -> npt.NDArray[np.void]:
    """COPY binary rows of fixed-width, non-NULL fields: each row is a field count, then each
    field's length and value."""
    layout: list[tuple[str, str]] = [("count", ">i2")]
    for name, kind in fields:
        layout += [(f"{name}_length", ">i4"), (name, kind)]
    return np.frombuffer(data[COPY_HEADER:len(data) - COPY_TRAILER], dtype=np.dtype(layout))
