"""How much of a score rests on data rather than on skipped components."""

from enum import StrEnum


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def confidence_from_coverage(evaluated: int, total: int) -> Confidence:
    """HIGH when at least two thirds of the components had data, LOW under one third."""
    coverage = evaluated / total if total else 0.0
    if coverage >= 2 / 3:
        return Confidence.HIGH
    if coverage >= 1 / 3:
        return Confidence.MEDIUM
    return Confidence.LOW
