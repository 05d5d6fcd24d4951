"""Checks handlers apply to envelopes before trusting them."""

from __future__ import annotations

import uuid
from typing import Any

from shared.events.envelope import Envelope


class MissingWorkspace(ValueError):
    """A tenant-owned event arrived without `ce_workspaceid`; it cannot be applied to any tenant."""


def require_workspace(envelope: Envelope[Any]) -> uuid.UUID:
    if envelope.workspace_id is None:
        raise MissingWorkspace(f"event {envelope.id} ({envelope.type}) has no ce_workspaceid")
    return envelope.workspace_id
