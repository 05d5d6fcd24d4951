"""Rows grouped by a value (CSR): for each value, the rows holding it, with an optional number
per entry (an audience share, a price)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Rows = npt.NDArray[np.int32]
Numbers = npt.NDArray[np.float64]
NO_ROWS: Rows = np.zeros(0, dtype=np.int32)
NO_NUMBERS: Numbers = np.zeros(0, dtype=np.float64)


def from_groups(values: Sequence[str], rows: Rows, counts: npt.NDArray[np.int64],
                numbers: Numbers | None = None) -> Grouped:
    """`counts[i]` rows of `rows` (and of `numbers`), in order, hold `values[i]`."""
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    codes = dict(zip(values, range(len(values)), strict=True))
    return Grouped(codes, offsets, rows.astype(np.int32), NO_NUMBERS if numbers is None else numbers)


@dataclass(frozen=True, slots=True)
class Grouped:
    codes: dict[str, int]
    offsets: npt.NDArray[np.int64]
    rows: Rows
    numbers: Numbers

    def _span(self, value: str) -> slice | None:
        code = self.codes.get(value)
        return None if code is None else slice(self.offsets[code], self.offsets[code + 1])

    def rows_of(self, value: str) -> Rows:
        span = self._span(value)
        return NO_ROWS if span is None else self.rows[span]

    def entries_of(self, value: str) -> tuple[Rows, Numbers]:
        """The rows holding `value` and each one's number."""
        span = self._span(value)
        return (NO_ROWS, NO_NUMBERS) if span is None else (self.rows[span], self.numbers[span])

    def mask_any(self, values: Iterable[str], size: int) -> npt.NDArray[np.bool_]:
        """Rows holding at least one of `values`."""
        mask = np.zeros(size, dtype=np.bool_)
        for value in values:
            mask[self.rows_of(value)] = True
        return mask
