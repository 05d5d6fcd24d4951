"""Outreach: messages rendered from templates, sent by SMTP or logged to send, replies, follow-ups
and the do-not-contact flag every send honours."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.collaboration import moves
from services.campaigns.collaboration import service as collaborations
from services.campaigns.collaboration.stages import Stage
from services.campaigns.domain import templates
from services.campaigns.models import Collaboration
from services.campaigns.models.outreach import ContactPreference, OutreachMessage, OutreachSettings
from services.campaigns.outreach import mailer, unsubscribe
from services.campaigns.outreach.repository import OutreachRepository
from services.campaigns.outreach.schemas import (
    ContactPreferenceRead,
    ContactPreferenceWrite,
    MarkSent,
    MessageSend,
    OutreachSettingsWrite,
    Preview,
    ReplyCreate,
)
from services.campaigns.settings import CampaignsSettings
from services.campaigns.template import service as template_service
from services.campaigns.template.schemas import Channel
from shared.http.problems import ProblemError, conflict, not_found

DEFAULT_FOLLOW_UP_DAYS = 4


@dataclass(frozen=True)
class _Draft:
    template_id: uuid.UUID | None
    channel: Channel
    rendered: templates.Rendered
    variables: dict[str, Any]


async def _draft(session: AsyncSession, collaboration: Collaboration, data: MessageSend,
                 server: OutreachSettings | None) -> _Draft:
    workspace_id = collaboration.workspace_id
    template = (await template_service.get_or_raise(session, workspace_id, data.template_id)
                if data.template_id else None)
    campaign = await CampaignRepository(session).get(workspace_id, collaboration.campaign_id)
    assert campaign is not None  # a foreign key holds it
    offer = await OutreachRepository(session).open_offer(workspace_id, collaboration.id)
    variables = templates.creator_variables(
        collaboration.influencer_snapshot,
        {"name": campaign.name, "brand": campaign.brand, "brief": campaign.brief,
         "personas": campaign.personas, "creators": campaign.creators},
        server.from_name if server else None, offer.terms if offer else None) | data.variables
    subject = data.subject if data.subject is not None else (template.subject if template else "")
    body = data.body if data.body is not None else (template.body if template else "")
    channel = data.channel or (Channel(template.channel) if template else Channel.EMAIL)
    try:
        rendered = templates.render(subject, body, variables)
    except templates.TemplateProblem as exc:
        raise template_service.invalid_template("body", exc) from exc
    return _Draft(template.id if template else None, channel, rendered,
                  {k: v for k, v in variables.items() if v not in (None, "", [], {})})


async def preview(session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                  data: MessageSend) -> Preview:
    collaboration = await collaborations.get_or_raise(session, workspace_id, collaboration_id)
    server = await OutreachRepository(session).settings(workspace_id)
    draft = await _draft(session, collaboration, data, server)
    return Preview(subject=draft.rendered.subject, body=draft.rendered.body,
                   missing=draft.rendered.missing, variables=draft.variables)


def missing_variables(missing: list[str]) -> ProblemError:
    return ProblemError(422, "Missing template variables",
                        f"the creator lacks {', '.join(missing)}: give them in `variables` or guard "
                        "them in the template ({% if … %})", "missing-variables",
                        extensions={"missing": missing})


async def refuse_unless_contactable(session: AsyncSession, workspace_id: uuid.UUID,
                                     influencer_id: uuid.UUID) -> None:
    preference = await OutreachRepository(session).preference(workspace_id, influencer_id)
    if preference is not None and preference.do_not_contact:
        raise ProblemError(409, "Do not contact",
                           "this creator must not be contacted" + (
                               f" ({preference.source}: {preference.reason})"
                               if preference.reason else f" ({preference.source})"),
                           "do-not-contact", extensions={"influencer_id": str(influencer_id)})


@dataclass(frozen=True)
class Recorded:
    """A message recorded to go out; `server` is set when it goes by SMTP (status `sending`),
    with the creator's unsubscribe link."""

    message: OutreachMessage
    server: OutreachSettings | None
    unsubscribe_url: str | None = None


async def record(
    session: AsyncSession, settings: CampaignsSettings, workspace_id: uuid.UUID,
    collaboration_id: uuid.UUID, data: MessageSend,
) -> Recorded:
    """Renders the message and records it: `sending` when it is an email and the workspace has an
    SMTP server (`deliver` sends it once this transaction has committed), otherwise `to_send` for
    the team to send and mark sent."""
    collaboration = await moves.locked_or_raise(session, workspace_id, collaboration_id)
    await refuse_unless_contactable(session, workspace_id, collaboration.influencer_id)
    repository = OutreachRepository(session)
    server = await repository.settings(workspace_id)
    draft = await _draft(session, collaboration, data, server)
    if draft.rendered.missing:
        raise missing_variables(draft.rendered.missing)
    recipient = data.recipient or collaboration.influencer_snapshot.get("contact_email")
    if draft.channel is Channel.EMAIL and not recipient:
        raise missing_variables(["contact_email"])
    message = OutreachMessage(
        workspace_id=workspace_id, collaboration_id=collaboration.id,
        influencer_id=collaboration.influencer_id, channel=draft.channel.value,
        direction="outbound", status="to_send", template_id=draft.template_id,
        recipient=recipient if draft.channel is Channel.EMAIL else None,
        subject=draft.rendered.subject or None, body=draft.rendered.body, at=datetime.now(UTC))
    by_smtp = draft.channel is Channel.EMAIL and server is not None and bool(server.smtp_host)
    link = unsubscribe.url(settings, workspace_id, collaboration.influencer_id) \
        if draft.channel is Channel.EMAIL else None
    if link is not None and not by_smtp:
        # The team sends this text from its own mailbox: it carries the creator's way out too.
        message.body = mailer.with_unsubscribe_footer(message.body, link)
    if by_smtp:
        message.status = "sending"
    repository.add(message)
    await session.flush()
    return Recorded(message, server, link) if by_smtp else Recorded(message, None)


async def deliver(session: AsyncSession, settings: CampaignsSettings, recorded: Recorded,
                  actor: str) -> OutreachMessage:
    """Sends a `sending` message through the workspace's SMTP server, then records the outcome in
    a short transaction of its own: sent (a shortlisted collaboration becomes contacted, a
    follow-up is due) or failed with the server's answer. Called with no transaction open, once
    the one that recorded the message committed: a slow server holds no row lock and no
    connection. Should the process stop in between, the message stays `sending` until the
    worker's sweep (`outreach/sweep.py`) logs it failed."""
    message, server = recorded.message, recorded.server
    assert server is not None and message.recipient is not None
    delivery = await mailer.send(settings, server, message.recipient, message.subject or "",
                                 message.body, recorded.unsubscribe_url)
    collaboration = await moves.locked_or_raise(session, message.workspace_id,
                                                message.collaboration_id)
    await session.refresh(message, with_for_update=True)
    if message.status == "sent":  # the team marked it sent meanwhile: that stands
        return message
    message.smtp_message_id, message.error = delivery.message_id, delivery.error
    message.status = "failed" if delivery.error else "sent"
    message.at = datetime.now(UTC)
    if message.status == "sent":
        await _went_out(session, collaboration, message, server, actor)
    await session.flush()
    return message


async def _went_out(session: AsyncSession, collaboration: Collaboration, message: OutreachMessage,
                    server: OutreachSettings | None, actor: str) -> None:
    await OutreachRepository(session).settle_follow_ups(collaboration.workspace_id,
                                                        collaboration.id, None)
    days = server.follow_up_after_days if server else DEFAULT_FOLLOW_UP_DAYS
    message.follow_up_due_at = message.at + timedelta(days=days)
    if collaboration.stage == Stage.SHORTLISTED:
        await moves.move(session, collaboration, Stage.CONTACTED,
                         reason=f"outreach sent ({message.channel})", actor=actor, at=message.at)


async def mark_sent(session: AsyncSession, workspace_id: uuid.UUID, message_id: uuid.UUID,
                    data: MarkSent, actor: str) -> OutreachMessage:
    """A message logged to send (or whose SMTP delivery failed, or is still `sending`) was sent by
    the team."""
    repository = OutreachRepository(session)
    found = await repository.message(workspace_id, message_id)
    if found is None:
        raise not_found("message")
    collaboration = await moves.locked_or_raise(session, workspace_id, found.collaboration_id)
    message = await repository.message(workspace_id, message_id, for_update=True)
    assert message is not None
    if message.direction != "outbound" or message.status == "sent":
        raise conflict(f"this message is {message.direction} and {message.status}: only one "
                       "waiting to be sent can be marked sent")
    await refuse_unless_contactable(session, workspace_id, message.influencer_id)
    message.status, message.error = "sent", None
    message.at = data.sent_at or datetime.now(UTC)
    await _went_out(session, collaboration, message, await repository.settings(workspace_id), actor)
    await session.flush()
    return message


async def record_reply(session: AsyncSession, workspace_id: uuid.UUID,
                      collaboration_id: uuid.UUID, data: ReplyCreate) -> OutreachMessage:
    """A creator's answer: closes the open follow-ups; `unsubscribe` sets do-not-contact."""
    collaboration = await moves.locked_or_raise(session, workspace_id, collaboration_id)
    repository = OutreachRepository(session)
    answered = (await repository.message(workspace_id, data.reply_to_id) if data.reply_to_id
                else await repository.newest_outbound(workspace_id, collaboration.id))
    if data.reply_to_id and (answered is None or answered.collaboration_id != collaboration.id):
        raise not_found("message replied to")
    at = data.received_at or datetime.now(UTC)
    await repository.settle_follow_ups(workspace_id, collaboration.id, at)
    if answered is not None and answered.replied_at is None:
        answered.replied_at = at
    reply = OutreachMessage(
        workspace_id=workspace_id, collaboration_id=collaboration.id,
        influencer_id=collaboration.influencer_id, channel=data.channel.value,
        direction="inbound", status="received", reply_to_id=answered.id if answered else None,
        body=data.body, at=at)
    repository.add(reply)
    if data.unsubscribe:
        await repository.save_preference(workspace_id, collaboration.influencer_id, {
            "do_not_contact": True, "reason": "asked in a reply to be contacted no more",
            "source": "unsubscribe", "updated_at": at})
    await session.flush()
    return reply


async def log(session: AsyncSession, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
              after: uuid.UUID | None, limit: int) -> Sequence[OutreachMessage]:
    await collaborations.get_or_raise(session, workspace_id, collaboration_id)
    return await OutreachRepository(session).log(workspace_id, collaboration_id, after, limit + 1)


async def follow_ups(
    session: AsyncSession, workspace_id: uuid.UUID, due_before: datetime | None,
    after: tuple[datetime, uuid.UUID] | None, limit: int,
) -> Sequence[Row[OutreachMessage, Collaboration]]:
    return await OutreachRepository(session).follow_ups(
        workspace_id, due_before or datetime.now(UTC), after, limit + 1)


async def get_settings(session: AsyncSession, workspace_id: uuid.UUID) -> OutreachSettings | None:
    return await OutreachRepository(session).settings(workspace_id)


async def put_settings(session: AsyncSession, settings: CampaignsSettings, workspace_id: uuid.UUID,
                       data: OutreachSettingsWrite) -> OutreachSettings:
    repository = OutreachRepository(session)
    current = await repository.settings(workspace_id)
    values: dict[str, Any] = {
        "from_address": data.from_address, "from_name": data.from_name,
        "follow_up_after_days": data.follow_up_after_days, "updated_at": datetime.now(UTC),
        "smtp_host": None, "smtp_port": None, "smtp_security": "starttls", "smtp_username": None,
        "smtp_password_encrypted": None}
    if data.smtp is not None:
        smtp = data.smtp
        values |= {"smtp_host": smtp.host, "smtp_port": smtp.port,
                   "smtp_security": smtp.security.value, "smtp_username": smtp.username}
        if "password" not in smtp.model_fields_set:
            values["smtp_password_encrypted"] = current.smtp_password_encrypted if current else None
        elif smtp.password is not None:
            values["smtp_password_encrypted"] = mailer.encrypt(settings, smtp.password)
    return await repository.save_settings(workspace_id, values)


async def get_preference(session: AsyncSession, workspace_id: uuid.UUID,
                         influencer_id: uuid.UUID) -> ContactPreferenceRead:
    found = await OutreachRepository(session).preference(workspace_id, influencer_id)
    if found is None:
        return ContactPreferenceRead(influencer_id=influencer_id, do_not_contact=False, reason=None,
                                     source="default", updated_at=None)
    return ContactPreferenceRead.model_validate(found)


async def set_preference(session: AsyncSession, workspace_id: uuid.UUID, influencer_id: uuid.UUID,
                         data: ContactPreferenceWrite) -> ContactPreference:
    return await OutreachRepository(session).save_preference(workspace_id, influencer_id, {
        "do_not_contact": data.do_not_contact, "reason": data.reason, "source": "manual",
        "updated_at": datetime.now(UTC)})


async def unsubscribe_sender(session: AsyncSession, settings: CampaignsSettings,
                             token: str) -> tuple[uuid.UUID, uuid.UUID, str]:
    """(workspace, creator, who writes) of an unsubscribe link; a 404 for a link no key signed."""
    found = unsubscribe.read(settings, token)
    if found is None:
        raise not_found("unsubscribe link")
    workspace_id, influencer_id = found
    server = await OutreachRepository(session).settings(workspace_id)
    sender = (server.from_name or server.from_address) if server else None
    return workspace_id, influencer_id, sender or "this sender"


async def unsubscribe_by_link(session: AsyncSession, settings: CampaignsSettings,
                              token: str) -> str:
    """The creator followed the link of an email and confirmed: do-not-contact from now on, in
    the workspace the link names. Again and again, the same. Who they will hear no more from."""
    workspace_id, influencer_id, sender = await unsubscribe_sender(session, settings, token)
    await OutreachRepository(session).save_preference(workspace_id, influencer_id, {
        "do_not_contact": True, "reason": "unsubscribed through the link in an email",
        "source": "unsubscribe", "updated_at": datetime.now(UTC)})
    return sender
