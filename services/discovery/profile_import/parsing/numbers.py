"""Counts written the way ranking sites abbreviate them: 409.8M, 383.1K, 5M, 523."""

import re
from decimal import Decimal

_ABBREVIATED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMB]?)\s*$", re.IGNORECASE)
_MULTIPLIER = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}


def parse_abbreviated_count(text: str) -> int:
    """The count as an integer; ValueError with the offending text otherwise."""
    match = _ABBREVIATED.match(text)
    if match is None:
        raise ValueError(f"expected a count like 409.8M, 383.1K or 523, got {text!r}")
    return int(Decimal(match.group(1)) * _MULTIPLIER[match.group(2).upper()])
