"""HTTP models of `/v1/links`: a collaboration's tracked links."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.tracking.domain.destinations import CLICK_ID_PARAM
from services.tracking.models import TrackedLink
from shared.http.pagination import Page

_CREATE: dict[str, Any] = {
    "campaign_id": "0195a0c4-1f00-7000-8000-000000000001",
    "collaboration_id": "0195a0c4-1f00-7000-8000-000000000002",
    "influencer_id": "0195a0c4-1f00-7000-8000-000000000003",
    "destination": "https://glowskin.example/serum?variant=30ml",
    "utm_source": "instagram",
    "utm_content": "ana-reel-1",
}
_READ: dict[str, Any] = {
    "id": "0195a0c4-2a00-7000-8000-0000000000aa", **_CREATE,
    "code": "k3Jq9ZxB2wA", "path": "/r/k3Jq9ZxB2wA",
    "url": "https://go.glowskin.example/r/k3Jq9ZxB2wA",
    "target_url": "https://glowskin.example/serum?variant=30ml&utm_source=instagram&"
                  "utm_medium=influencer&utm_campaign=0195a0c4-1f00-7000-8000-000000000001&"
                  "utm_content=ana-reel-1",
    "utm_medium": "influencer", "utm_campaign": "0195a0c4-1f00-7000-8000-000000000001",
    "expires_at": None, "created_at": "2025-03-01T09:00:00Z", "updated_at": "2025-03-01T09:00:00Z",
}
_UTM = Field(default=None, min_length=1, max_length=200)


class LinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_CREATE]})

    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None = None
    destination: str = Field(max_length=2000, description="http(s) URL on one of the workspace's "
                             "allowed domains (or a subdomain of one)")
    utm_source: str | None = Field(default=None, min_length=1, max_length=200,
                                   description="Default `influencer`")
    utm_medium: str | None = Field(default=None, min_length=1, max_length=200,
                                   description="Default `influencer`")
    utm_campaign: str | None = Field(default=None, min_length=1, max_length=200,
                                     description="Default: the campaign id")
    utm_content: str | None = Field(default=None, min_length=1, max_length=200,
                                    description="Default: the collaboration id")
    expires_at: AwareDatetime | None = Field(default=None, description="After this the code "
                                             "answers 404; null: never")


class LinkUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"expires_at": "2025-06-30T23:59:59Z"}]})

    expires_at: AwareDatetime | None = Field(description="Set to now to stop the link; null: "
                                             "never expires")


class LinkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_READ]})

    id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None
    code: str = Field(description="Unguessable short code (64 random bits)")
    path: str = Field(description="The public redirect path, `/r/{code}`")
    url: str = Field(description="The link to share: the redirect's public base URL + path")
    destination: str
    target_url: str = Field(description=f"Where a click goes: the destination with the UTM "
                            f"parameters; the redirect appends `{CLICK_ID_PARAM}=<click id>`")
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


    @classmethod
    def of(cls, link: TrackedLink, base_url: str) -> LinkRead:
        path = f"/r/{link.code}"
        return cls.model_validate({**{c: getattr(link, c) for c in _COLUMNS}, "path": path,
                                   "url": base_url.rstrip("/") + path})


_COLUMNS = [name for name in LinkRead.model_fields if name not in ("path", "url")]
LinkPage = Page[LinkRead]
