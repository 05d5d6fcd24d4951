"""A campaign's lifecycle (DESIGN §7): draft → planned → active ⇄ paused → completed / cancelled.

A plan may go back to draft while it is being planned; completed and cancelled are final. Launch
(planned → active) needs at least one goal, a budget and one collaboration contracted or later."""

from __future__ import annotations

from enum import StrEnum


class CampaignState(StrEnum):
    DRAFT = "draft"
    PLANNED = "planned"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = CampaignState
MOVES: dict[CampaignState, tuple[CampaignState, ...]] = {
    S.DRAFT: (S.PLANNED, S.CANCELLED),
    S.PLANNED: (S.ACTIVE, S.DRAFT, S.CANCELLED),
    S.ACTIVE: (S.PAUSED, S.COMPLETED, S.CANCELLED),
    S.PAUSED: (S.ACTIVE, S.COMPLETED, S.CANCELLED),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
FINAL = frozenset({S.COMPLETED, S.CANCELLED})


def allowed(current: CampaignState) -> list[str]:
    return [state.value for state in MOVES[current]]


def is_launch(current: CampaignState, target: CampaignState) -> bool:
    return current is S.PLANNED and target is S.ACTIVE


def launch_problems(goals: int, has_budget: bool, contracted: int) -> list[str]:
    """What a campaign still lacks to go live."""
    missing = []
    if goals < 1:
        missing.append("at least one goal")
    if not has_budget:
        missing.append("a budget")
    if contracted < 1:
        missing.append("one collaboration contracted or further along")
    return missing
