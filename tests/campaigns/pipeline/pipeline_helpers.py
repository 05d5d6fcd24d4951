"""Types of the pipeline fixtures, importable by the tests (a module named `conftest` is ambiguous
once another test folder's conftest is collected in the same run)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

AddCreator = Callable[..., Awaitable[dict[str, Any]]]
Events = Callable[..., Awaitable[list[tuple[str, dict[str, Any]]]]]
