from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from services.campaigns.template.schemas import Channel
from shared.http.pagination import Page

_EMAIL = r"^[^@\s]+@[^@\s]+$"
Variable = str | int | float | list[str]


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


class SmtpServerWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=587, ge=1, le=65535)
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str | None = Field(default=None, max_length=320)
    password: str | None = Field(default=None, max_length=1000, description="Write-only: stored "
                                 "encrypted, never returned. Omitted: the stored one is kept; null "
                                 "clears it")


class OutreachSettingsWrite(BaseModel):
    """The workspace's email sending. Without `smtp`, outreach is logged as to_send for the team
    to send by hand."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "smtp": {"host": "smtp.dasheats.com", "port": 587, "security": "starttls",
                 "username": "partnerships@dasheats.com", "password": "app-password"},
        "from_address": "partnerships@dasheats.com", "from_name": "Dana at DashEats",
        "follow_up_after_days": 4}, {"smtp": None, "follow_up_after_days": 3}]})

    smtp: SmtpServerWrite | None = None
    from_address: str | None = Field(default=None, max_length=320, pattern=_EMAIL)
    from_name: str | None = Field(default=None, max_length=200, description="Also the templates' "
                                  "`sender_name`")
    follow_up_after_days: int = Field(default=4, ge=1, le=90, description="A sent message without "
                                      "a reply is due for a follow-up this many days later")

    @model_validator(mode="after")
    def _sender(self) -> OutreachSettingsWrite:
        if self.smtp is not None and self.from_address is None:
            raise ValueError("from_address is required with an SMTP server")
        return self


class SmtpServerRead(BaseModel):
    host: str
    port: int
    security: SmtpSecurity
    username: str | None
    password_set: bool


class OutreachSettingsRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "smtp": {"host": "smtp.dasheats.com", "port": 587, "security": "starttls",
                 "username": "partnerships@dasheats.com", "password_set": True},
        "from_address": "partnerships@dasheats.com", "from_name": "Dana at DashEats",
        "follow_up_after_days": 4, "email_delivery": "smtp"}]})

    smtp: SmtpServerRead | None
    from_address: str | None
    from_name: str | None
    follow_up_after_days: int
    email_delivery: str = Field(description="`smtp`: sent through the server; `to_send`: logged "
                                "for the team to send")


class MessageSend(BaseModel):
    """A template (or a subject and body written for this one) rendered for the collaboration."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"template_id": "0190f5a2-8000-7000-8000-0000000000a1",
         "variables": {"offer": "USD 1,500 for a series of three educational videos"}},
        {"channel": "direct_message", "body": "Hi {{ first_name }}, loved your last post!"}]})

    template_id: uuid.UUID | None = None
    channel: Channel | None = Field(default=None, description="Default: the template's, else email")
    subject: str | None = Field(default=None, max_length=1000, description="Instead of the template's")
    body: str | None = Field(default=None, min_length=1, max_length=50_000,
                             description="Instead of the template's")
    variables: dict[str, Variable] = Field(default_factory=dict, max_length=50, description=(
        "Added to (or replacing) what campaigns knows of the creator and the campaign, e.g. "
        "`offer`, or `recent_topics` when discovery has none"))
    recipient: str | None = Field(default=None, max_length=320, pattern=_EMAIL,
                                  description="Default: the creator's contact email")

    @model_validator(mode="after")
    def _text(self) -> MessageSend:
        if self.template_id is None and self.body is None:
            raise ValueError("give a template_id or a body")
        return self


class Preview(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "subject": "SunVolt × Lena Berg: an educational series?",
        "body": "Hi Lena, … We share your commitment to sustainability and climate action …",
        "missing": [], "variables": {"first_name": "Lena", "shared_values": ["sustainability"]}}]})

    subject: str
    body: str
    missing: list[str] = Field(description="Variables the text uses that the creator lacks: a "
                               "send is refused until they are given (in `variables`) or guarded")
    variables: dict[str, Any] = Field(description="What the text could use for this creator")


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class MessageStatus(StrEnum):
    SENDING = "sending"  # recorded, on its way to the SMTP server
    SENT = "sent"
    TO_SEND = "to_send"
    FAILED = "failed"
    RECEIVED = "received"


class MessageRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000b1",
        "collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "channel": "email",
        "direction": "outbound", "status": "sent",
        "template_id": "0190f5a2-8000-7000-8000-0000000000a1", "reply_to_id": None,
        "recipient": "maya@example.com", "subject": "DashEats × Maya Chen", "body": "Hi Maya, …",
        "error": None, "at": "2027-04-20T09:30:00Z", "follow_up_due_at": "2027-04-24T09:30:00Z",
        "replied_at": None}]})

    id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID
    channel: Channel
    direction: Direction
    status: MessageStatus
    template_id: uuid.UUID | None
    reply_to_id: uuid.UUID | None
    recipient: str | None
    subject: str | None
    body: str
    error: str | None = Field(description="Why the SMTP server did not take it (status failed)")
    at: datetime = Field(description="Sent, logged (to_send, sending, failed) or received")
    follow_up_due_at: datetime | None = Field(description="When a follow-up is due if no reply "
                                              "comes; cleared by a reply or a newer message")
    replied_at: datetime | None


MessagePage = Page[MessageRead]


class MarkSent(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"sent_at": "2027-04-20T09:30:00Z"}, {}]})

    sent_at: AwareDatetime | None = Field(default=None, description="Default: now")


class ReplyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"body": "Sounds great, what are the rates?", "received_at": "2027-04-21T14:02:00Z"},
        {"body": "Please stop emailing me.", "unsubscribe": True}]})

    body: str = Field(min_length=1, max_length=50_000)
    channel: Channel = Channel.EMAIL
    received_at: AwareDatetime | None = Field(default=None, description="Default: now")
    reply_to_id: uuid.UUID | None = Field(default=None, description="The message answered; "
                                          "default: the newest outbound one")
    unsubscribe: bool = Field(default=False, description="The creator asked not to be contacted "
                              "again: every later send to them is refused")


class FollowUpRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "message_id": "0190f5a2-8000-7000-8000-0000000000b1",
        "collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
        "campaign_id": "0190f5a2-8000-7000-8000-000000000002",
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "creator_name": "Maya Chen",
        "stage": "contacted", "channel": "email", "subject": "DashEats × Maya Chen",
        "sent_at": "2027-04-20T09:30:00Z", "follow_up_due_at": "2027-04-24T09:30:00Z"}]})

    message_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    creator_name: str
    stage: str
    channel: Channel
    subject: str | None
    sent_at: datetime
    follow_up_due_at: datetime


FollowUpPage = Page[FollowUpRead]


class ContactPreferenceWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"do_not_contact": True, "reason": "Asked by phone not to be contacted"},
        {"do_not_contact": False}]})

    do_not_contact: bool
    reason: str | None = Field(default=None, max_length=2000)


class ContactPreferenceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "do_not_contact": True,
        "reason": "Please stop emailing me.", "source": "unsubscribe",
        "updated_at": "2027-04-21T14:02:00Z"}]})

    influencer_id: uuid.UUID
    do_not_contact: bool
    reason: str | None
    source: str = Field(description="`unsubscribe` (from a reply), `manual`, or `default`")
    updated_at: datetime | None
