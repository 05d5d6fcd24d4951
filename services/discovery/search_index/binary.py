"""PostgreSQL's binary formats → numpy: array_send output and COPY … (FORMAT binary)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

ARRAY_HEADER = 12  # ndim, has-nulls flag, element type
DIMENSION = 8  # size, lower bound
COPY_HEADER = 19  # signature, flags, header extension length
COPY_TRAILER = 2


def array(data: bytes, element: str) -> npt.NDArray[Any]:
    """A one-dimensional array without NULLs: each element is a length, then the value."""
    dimensions = int.from_bytes(data[:4], "big")
    body = data[ARRAY_HEADER + DIMENSION * dimensions:]
    entries = np.frombuffer(body, dtype=np.dtype([("length", ">i4"), ("value", element)]))
    return entries["value"].astype(np.dtype(element).newbyteorder("="))


def copy_rows(data: bytes, fields: list[tuple[str, str]]) -> npt.NDArray[np.void]:
    """COPY binary rows of fixed-width, non-NULL fields: each row is a field count, then each
    field's length and value."""
    layout: list[tuple[str, str]] = [("count", ">i2")]
    for name, kind in fields:
        layout += [(f"{name}_length", ">i4"), (name, kind)]
    return np.frombuffer(data[COPY_HEADER:len(data) - COPY_TRAILER], dtype=np.dtype(layout))
