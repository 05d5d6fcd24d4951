"""Which creator an order is attributed to (pure; DESIGN §7): by the click id it carries, by the
promo code it was paid with, or by neither, under the campaign's rule.

The rule (per campaign, default `window_days=30`, `precedence="promo_code"`): a click counts if
it was a person's (not a bot's), made at most `window_days` before the order and not after it;
a code counts if it was active at the order's time and is under its usage cap. When both count,
`precedence` decides; a click and a code of two campaigns are decided by the code's campaign's
rule. An order carries one click id: the shop keeps the newest `icp_click_id` it saw, so the
click is the visitor's last touch.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

from services.tracking.domain.promo_codes import CodeWindow, status_at

Precedence = Literal["promo_code", "click"]


@dataclass(frozen=True)
class Rule:
    window_days: int = 30
    precedence: Precedence = "promo_code"


DEFAULT_RULE = Rule()


def stored_rule(window_days: int | None, precedence: str | None) -> Rule:
    """A campaign's rule from its stored columns (none stored: the default)."""
    return DEFAULT_RULE if window_days is None else Rule(window_days, cast(Precedence, precedence))


@dataclass(frozen=True)
class ClickTouch:
    click_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    clicked_at: datetime
    is_bot: bool
    influencer_id: uuid.UUID | None = None  # the link's


@dataclass(frozen=True)
class CodeTouch:
    code: CodeWindow
    promo_code_id: uuid.UUID
    text: str
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None


@dataclass(frozen=True)
class Decision:
    """`by` is None when nothing may be attributed; `reasons` say why each touch did not count."""

    by: Literal["click", "promo_code"] | None
    click: ClickTouch | None
    code: CodeTouch | None
    reasons: tuple[str, ...]

    @property
    def campaign_id(self) -> uuid.UUID:
        touch = self.code if self.by == "promo_code" else self.click
        assert touch is not None
        return touch.campaign_id

    @property
    def collaboration_id(self) -> uuid.UUID:
        touch = self.code if self.by == "promo_code" else self.click
        assert touch is not None
        return touch.collaboration_id


def click_problem(click: ClickTouch, rule: Rule, ordered_at: datetime) -> str | None:
    if click.is_bot:
        return f"click {click.click_id} was a bot's"
    if click.clicked_at > ordered_at:
        return f"click {click.click_id} came after the order"
    if ordered_at - click.clicked_at > timedelta(days=rule.window_days):
        return (f"click {click.click_id} was more than {rule.window_days} days before the order "
                f"(the campaign's attribution window)")
    return None


def code_problem(code: CodeTouch, ordered_at: datetime) -> str | None:
    status = status_at(code.code, ordered_at)
    if status == "active":
        return None
    what = {"deactivated": "is deactivated", "scheduled": "was not valid yet at the order's time",
            "expired": "had expired at the order's time", "exhausted": "reached its usage cap"}[status]
    return f"promo code {code.text} {what}"


def decide(click: ClickTouch | None, code: CodeTouch | None, click_rule: Rule, code_rule: Rule,
           ordered_at: datetime) -> Decision:
    """`click_rule` / `code_rule`: the rules of the click's and the code's campaigns."""
    reasons: list[str] = []
    click_ok = code_ok = False
    if click is not None:
        problem = click_problem(click, click_rule, ordered_at)
        click_ok = problem is None
        reasons += [problem] if problem else []
    if code is not None:
        problem = code_problem(code, ordered_at)
        code_ok = problem is None
        reasons += [problem] if problem else []
    if click_ok and code_ok:
        by: Literal["click", "promo_code"] | None = code_rule.precedence
    else:
        by = "click" if click_ok else "promo_code" if code_ok else None
    return Decision(by, click if click_ok else None, code if code_ok else None, tuple(reasons))
