"""HTTP models of `/v1/allowed-domains`: where the workspace's tracked links may lead."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page


class AllowedDomainRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [
        {"domain": "glowskin.example", "created_at": "2025-03-01T09:00:00Z"}]})

    domain: str = Field(description="Links may lead to this host and any of its subdomains "
                        "(IDNA ASCII form)")
    created_at: datetime


AllowedDomainPage = Page[AllowedDomainRead]
