"""The collaboration stage machine (DESIGN §7), without HTTP or a database."""

from __future__ import annotations

import itertools

import pytest

from services.campaigns.collaboration.stages import (
    FINAL,
    DeliverableProgress,
    Stage,
    allowed,
    content_stage,
    is_legal,
    path_to,
)

P = DeliverableProgress


def test_the_main_line_is_walkable_move_by_move() -> None:
    line = [Stage.SHORTLISTED, Stage.CONTACTED, Stage.NEGOTIATING, Stage.CONTRACTED,
            Stage.CONTENT_IN_PROGRESS, Stage.CONTENT_SUBMITTED, Stage.CHANGES_REQUESTED,
            Stage.CONTENT_SUBMITTED, Stage.APPROVED, Stage.PUBLISHED, Stage.COMPLETED]
    assert all(is_legal(a, b) for a, b in itertools.pairwise(line))


@pytest.mark.parametrize(("current", "target"), [
    (Stage.SHORTLISTED, Stage.CONTRACTED), (Stage.CONTACTED, Stage.APPROVED),
    (Stage.CONTRACTED, Stage.DECLINED), (Stage.APPROVED, Stage.CONTENT_SUBMITTED),
    (Stage.PUBLISHED, Stage.SHORTLISTED), (Stage.NEGOTIATING, Stage.COMPLETED),
])
def test_skipping_or_going_back_is_illegal(current: Stage, target: Stage) -> None:
    assert not is_legal(current, target)
    assert target not in allowed(current)


def test_final_stages_allow_nothing_and_cancelling_is_open_until_then() -> None:
    assert all(allowed(stage) == [] for stage in FINAL)
    assert all(Stage.CANCELLED in allowed(s) for s in Stage if s not in FINAL)


def test_early_steps_pass_through_the_opening_stages_in_order() -> None:
    assert path_to(Stage.SHORTLISTED, Stage.NEGOTIATING) == [Stage.CONTACTED, Stage.NEGOTIATING]
    assert path_to(Stage.CONTACTED, Stage.CONTRACTED) == [Stage.NEGOTIATING, Stage.CONTRACTED]
    assert path_to(Stage.NEGOTIATING, Stage.NEGOTIATING) == []
    assert path_to(Stage.CONTRACTED, Stage.NEGOTIATING) is None
    assert path_to(Stage.DECLINED, Stage.CONTRACTED) is None


@pytest.mark.parametrize(("progress", "stage"), [
    ([P.NOT_STARTED, P.NOT_STARTED], Stage.CONTENT_IN_PROGRESS),
    ([P.SUBMITTED, P.NOT_STARTED], Stage.CONTENT_SUBMITTED),
    ([P.SUBMITTED, P.CHANGES_REQUESTED], Stage.CHANGES_REQUESTED),
    ([P.APPROVED, P.NOT_STARTED], Stage.CONTENT_IN_PROGRESS),
    ([P.APPROVED, P.PUBLISHED], Stage.APPROVED),
    ([P.PUBLISHED, P.PUBLISHED], Stage.PUBLISHED),
    ([], None),
])
def test_the_content_stage_sums_up_the_deliverables(
    progress: list[DeliverableProgress], stage: Stage | None
) -> None:
    assert content_stage(progress) == stage
