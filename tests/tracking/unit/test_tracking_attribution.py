"""The attribution rule, pure: which touch an order goes to (DESIGN §7, docs/tracking.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.tracking.domain.attribution import DEFAULT_RULE, ClickTouch, CodeTouch, Rule, decide

ORDERED = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@dataclass
class Window:
    active: bool = True
    valid_from: datetime = ORDERED - timedelta(days=10)
    valid_until: datetime | None = None
    max_uses: int | None = None
    uses: int = 0


def click(days_before: float = 1, is_bot: bool = False) -> ClickTouch:
    return ClickTouch(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), ORDERED - timedelta(days=days_before), is_bot)


def code(**window: object) -> CodeTouch:
    return CodeTouch(Window(**window), uuid.uuid4(), "ANA15", uuid.uuid4(), uuid.uuid4(), None)  # type: ignore[arg-type]


def test_by_default_a_creators_promo_code_beats_a_link() -> None:
    decision = decide(click(), code(), DEFAULT_RULE, DEFAULT_RULE, ORDERED)
    assert decision.by == "promo_code" and decision.reasons == ()


def test_a_campaign_may_let_the_link_win() -> None:
    the_click, the_code = click(), code()
    decision = decide(the_click, the_code, DEFAULT_RULE, Rule(precedence="click"), ORDERED)
    assert decision.by == "click" and decision.collaboration_id == the_click.collaboration_id


def test_a_click_counts_within_the_window_only() -> None:
    assert decide(click(days_before=29.9), None, DEFAULT_RULE, DEFAULT_RULE, ORDERED).by == "click"
    late = decide(click(days_before=30.1), None, DEFAULT_RULE, DEFAULT_RULE, ORDERED)
    assert late.by is None and "more than 30 days" in late.reasons[0]
    assert decide(click(days_before=10), None, Rule(window_days=7), DEFAULT_RULE, ORDERED).by is None


def test_a_bots_click_or_one_after_the_order_attributes_nothing() -> None:
    assert decide(click(is_bot=True), None, DEFAULT_RULE, DEFAULT_RULE, ORDERED).by is None
    assert decide(click(days_before=-0.01), None, DEFAULT_RULE, DEFAULT_RULE, ORDERED).by is None


def test_a_code_outside_its_window_or_at_its_cap_leaves_the_order_to_the_link() -> None:
    for window, reason in (({"valid_until": ORDERED - timedelta(seconds=1)}, "expired"),
                           ({"valid_from": ORDERED + timedelta(hours=1)}, "not valid yet"),
                           ({"max_uses": 3, "uses": 3}, "usage cap"),
                           ({"active": False}, "deactivated")):
        decision = decide(click(), code(**window), DEFAULT_RULE, DEFAULT_RULE, ORDERED)
        assert decision.by == "click", window
        assert reason in decision.reasons[0]
