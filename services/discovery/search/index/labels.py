"""A column of short labels (platform, tier, country…) as integer codes; -1 is no label."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

NONE = -1


def from_groups(size: int, labels: Sequence[str], rows: npt.NDArray[np.int32],
                counts: npt.NDArray[np.int64]) -> Labels:
    """`counts[i]` rows of `rows`, in order, hold `labels[i]`; other rows have none."""
    values = np.full(size, NONE, dtype=np.int32)
    values[rows] = np.repeat(np.arange(len(labels), dtype=np.int32), counts)
    return Labels(dict(zip(labels, range(len(labels)), strict=True)), values)


@dataclass(frozen=True, slots=True)
class Labels:
    codes: dict[str, int]
    values: npt.NDArray[np.int32]

    def mask_in(self, labels: Iterable[str]) -> npt.NDArray[np.bool_]:
        """A comparison per wanted label: a filter lists a few (a gather costs more)."""
        mask = np.zeros(len(self.values), dtype=np.bool_)
        for code in {self.codes[label] for label in labels if label in self.codes}:
            mask |= self.values == code
        return mask

    def counts(self, mask: npt.NDArray[np.bool_]) -> dict[str | None, int]:
        """How many rows of `mask` hold each label (None: no label)."""
        counts = np.bincount(self.values[mask] + 1, minlength=len(self.codes) + 1)
        names: list[str | None] = [None, *sorted(self.codes, key=self.codes.__getitem__)]
        return {name: int(n) for name, n in zip(names, counts, strict=True) if n}
