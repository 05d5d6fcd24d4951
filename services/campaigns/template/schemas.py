from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.campaigns.domain.templates import VARIABLES
from shared.http.pagination import Page

_VARIABLES = "; ".join(f"`{name}`: {what}" for name, what in VARIABLES.items())
_BODY = ("Hi {{ first_name }},\n\nYour videos on {{ recent_topics | words }} keep coming up in our "
         "team. {% if shared_values %}We share your commitment to {{ shared_values | words }}, "
         "and {% endif %}we would love to make {{ campaign_brief }} with you.\n\n"
         "{% if offer %}{{ offer }}\n\n{% endif %}{{ sender_name | default('The ' ~ brand ~ ' team') }}")
_EXAMPLE: dict[str, Any] = {"name": "Educational series, values first", "channel": "email",
                            "subject": "{{ brand }} × {{ creator_name }}: an educational series?",
                            "body": _BODY}


class Channel(StrEnum):
    """Email goes out through the workspace's SMTP server; other channels are logged for the team
    to send by hand (and marked sent)."""

    EMAIL = "email"
    DIRECT_MESSAGE = "direct_message"
    PHONE = "phone"
    OTHER = "other"


class TemplateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_EXAMPLE]})

    name: str = Field(min_length=1, max_length=200)
    channel: Channel = Channel.EMAIL
    subject: str = Field(default="", max_length=1000, description="Jinja2 text; variables: " + _VARIABLES)
    body: str = Field(min_length=1, max_length=50_000, description="Jinja2 text (sandboxed); a "
                      "variable used without a guard and lacking is reported, never blank. "
                      "Filter `words`: ['a', 'b', 'c'] → 'a, b and c'")


class TemplateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"subject": "{{ brand }} and {{ handle }}"}]})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    channel: Channel | None = None
    subject: str | None = Field(default=None, max_length=1000)
    body: str | None = Field(default=None, min_length=1, max_length=50_000)


class TemplateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000a1", **_EXAMPLE,
        "created_at": "2027-04-18T08:00:00Z", "updated_at": "2027-04-18T08:00:00Z"}]})

    id: uuid.UUID
    name: str
    channel: Channel
    subject: str
    body: str
    created_at: datetime
    updated_at: datetime


TemplatePage = Page[TemplateRead]
