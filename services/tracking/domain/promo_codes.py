"""Promo codes, pure: how a code is matched and whether it may be used at a moment."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$"


class CodeWindow(Protocol):
    @property
    def active(self) -> bool: ...
    @property
    def valid_from(self) -> datetime: ...
    @property
    def valid_until(self) -> datetime | None: ...
    @property
    def max_uses(self) -> int | None: ...
    @property
    def uses(self) -> int: ...


def code_key(code: str) -> str:
    """What codes are unique by and orders matched on: the code without surrounding blanks, in
    upper case (shops and customers type codes in any case)."""
    return code.strip().upper()


def status_at(code: CodeWindow, at: datetime) -> str:
    """deactivated, scheduled, expired, exhausted or active, in that order of precedence."""
    if not code.active:
        return "deactivated"
    if at < code.valid_from:
        return "scheduled"
    if code.valid_until is not None and at > code.valid_until:
        return "expired"
    if code.max_uses is not None and code.uses >= code.max_uses:
        return "exhausted"
    return "active"
