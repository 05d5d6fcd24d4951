"""Signed order webhooks per second, with attribution (filled in with the conversions)."""

from __future__ import annotations

from typing import Any


def measure_webhooks(api: str, token: str, database_url: str, orders: int) -> dict[str, Any]:
    return {}
