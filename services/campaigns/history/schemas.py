from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page


class ChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a30", "version": 3, "action": "updated",
        "actor": "user:marta@maisonverte.example", "changed_at": "2027-01-12T10:31:04.512Z",
        "changes": {"brief": {"from": "Launch our line.", "to": "Launch our recycled-fibre line."}}}]})

    id: uuid.UUID
    version: int = Field(description="The campaign's version after the change")
    action: str = Field(description="created, updated or transitioned")
    actor: str = Field(description="The subject (sub) of the token that made the change")
    changed_at: datetime
    changes: dict[str, Any] = Field(description="Field → {from, to}")


ChangePage = Page[ChangeRead]
