"""One explained part of a score: what was measured and how it moved the score."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScorePart:
    name: str
    value: float | None  # the measured figure; None when the part was skipped
    points: float  # the effect on the score (authenticity: ≤ 0; fit: ≥ 0)
    max_points: float  # the largest effect this part can have
    explanation: str
    evaluated: bool = True


def skipped(name: str, max_points: float, why: str) -> ScorePart:
    return ScorePart(name, None, 0.0, max_points, f"skipped: {why}", evaluated=False)


def ramp(value: float, start: float, full: float) -> float:
    """0 at `start`, 1 at `full` (either direction), linear between, clamped to [0, 1]."""
    if start == full:
        return 1.0 if value >= full else 0.0
    return min(1.0, max(0.0, (value - start) / (full - start)))
