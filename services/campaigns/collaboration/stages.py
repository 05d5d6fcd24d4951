"""Collaboration stages (DESIGN §7) and the moves between them; pure, no I/O.

    shortlisted → contacted → negotiating → contracted → content_in_progress → content_submitted
      → (changes_requested ↺ content_submitted) → approved → published → completed
    exits: declined (the creator says no, before a contract), cancelled (at any point)

Content stages summarise a contract's deliverables (`content_stage`), so besides the main line a
collaboration may go back to content_in_progress once one deliverable is approved and the next one
is still being made, straight to published when a creator posts before a draft was approved, and
back to changes_requested from approved or content_in_progress when a later disclosure check
revokes an approval (content/flows.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Stage(StrEnum):
    SHORTLISTED = "shortlisted"
    CONTACTED = "contacted"
    NEGOTIATING = "negotiating"
    CONTRACTED = "contracted"
    CONTENT_IN_PROGRESS = "content_in_progress"
    CONTENT_SUBMITTED = "content_submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    COMPLETED = "completed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


FINAL = frozenset({Stage.COMPLETED, Stage.DECLINED, Stage.CANCELLED})

_MOVES: dict[Stage, tuple[Stage, ...]] = {
    Stage.SHORTLISTED: (Stage.CONTACTED, Stage.DECLINED, Stage.CANCELLED),
    Stage.CONTACTED: (Stage.NEGOTIATING, Stage.DECLINED, Stage.CANCELLED),
    Stage.NEGOTIATING: (Stage.CONTRACTED, Stage.DECLINED, Stage.CANCELLED),
    Stage.CONTRACTED: (Stage.CONTENT_IN_PROGRESS, Stage.CONTENT_SUBMITTED, Stage.PUBLISHED,
                       Stage.CANCELLED),
    Stage.CONTENT_IN_PROGRESS: (Stage.CONTENT_SUBMITTED, Stage.CHANGES_REQUESTED, Stage.PUBLISHED,
                                Stage.CANCELLED),
    Stage.CONTENT_SUBMITTED: (Stage.CHANGES_REQUESTED, Stage.APPROVED, Stage.CONTENT_IN_PROGRESS,
                              Stage.PUBLISHED, Stage.CANCELLED),
    Stage.CHANGES_REQUESTED: (Stage.CONTENT_SUBMITTED, Stage.PUBLISHED, Stage.CANCELLED),
    Stage.APPROVED: (Stage.PUBLISHED, Stage.CHANGES_REQUESTED, Stage.CANCELLED),
    Stage.PUBLISHED: (Stage.COMPLETED, Stage.CANCELLED),
    Stage.COMPLETED: (),
    Stage.DECLINED: (),
    Stage.CANCELLED: (),
}

# The way in: the first stages follow one another, so a step taken early (an offer to a creator
# never written to, a contract signed straight after the first email) passes through them.
_OPENING = (Stage.SHORTLISTED, Stage.CONTACTED, Stage.NEGOTIATING, Stage.CONTRACTED)

# Stages only a step of their own reaches: a POST to /transitions is refused and names that step.
GUARDED: dict[Stage, str] = {
    Stage.CONTRACTED: "a collaboration is contracted by signing its contract "
                      "(POST /v1/contracts/{id}/sign)",
    Stage.CONTENT_SUBMITTED: "content is submitted as a draft of a deliverable "
                             "(POST /v1/deliverables/{id}/drafts)",
    Stage.CHANGES_REQUESTED: "changes are requested on a draft (POST /v1/drafts/{id}/changes)",
    Stage.APPROVED: "content is approved draft by draft (POST /v1/drafts/{id}/approve)",
    Stage.PUBLISHED: "a deliverable is published when tracking reports its post (PostPublished)",
}


def allowed(current: Stage) -> list[str]:
    return [stage.value for stage in _MOVES[current]]


def is_legal(current: Stage, target: Stage) -> bool:
    return target in _MOVES[current]


def path_to(current: Stage, target: Stage) -> list[Stage] | None:
    """The moves that take `current` to `target`: one legal move, or the opening stages in order
    (shortlisted → contacted → negotiating → contracted); [] when already there, None when there
    is no way."""
    if current == target:
        return []
    if is_legal(current, target):
        return [target]
    if current in _OPENING and target in _OPENING and _OPENING.index(current) < _OPENING.index(target):
        return list(_OPENING[_OPENING.index(current) + 1:_OPENING.index(target) + 1])
    return None


class DeliverableProgress(StrEnum):
    """Where one deliverable stands, from its newest draft and its posts."""

    NOT_STARTED = "not_started"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"


def content_stage(progress: Iterable[DeliverableProgress]) -> Stage | None:
    """The stage a contracted collaboration is in, given its deliverables: all published →
    published; any draft sent back → changes_requested; any awaiting review → content_submitted;
    all approved (or published) → approved; otherwise content_in_progress. None without
    deliverables (nothing to summarise)."""
    states = list(progress)
    if not states:
        return None
    if all(s is DeliverableProgress.PUBLISHED for s in states):
        return Stage.PUBLISHED
    if DeliverableProgress.CHANGES_REQUESTED in states:
        return Stage.CHANGES_REQUESTED
    if DeliverableProgress.SUBMITTED in states:
        return Stage.CONTENT_SUBMITTED
    if all(s in (DeliverableProgress.APPROVED, DeliverableProgress.PUBLISHED) for s in states):
        return Stage.APPROVED
    return Stage.CONTENT_IN_PROGRESS
