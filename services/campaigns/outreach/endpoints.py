from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import AwareDatetime

from services.campaigns.access import ReadAccess, WriteAccess
from services.campaigns.models.outreach import OutreachSettings
from services.campaigns.outreach import service, unsubscribe
from services.campaigns.outreach.schemas import (
    ContactPreferenceRead,
    ContactPreferenceWrite,
    FollowUpPage,
    FollowUpRead,
    MarkSent,
    MessagePage,
    MessageRead,
    MessageSend,
    OutreachSettingsRead,
    OutreachSettingsWrite,
    Preview,
    ReplyCreate,
    SmtpSecurity,
    SmtpServerRead,
)
from services.campaigns.settings import CampaignsSettings
from shared.http.app import IdempotencyDep, SessionDep
from shared.http.pagination import (
    PageParams,
    make_page,
    page_params,
    timestamp_text_after,
    uuid_after,
)
from shared.http.problems import PROBLEM_RESPONSES, Problem, ProblemError
from shared.http.rate_limit import public_rate_limit

router = APIRouter(tags=["outreach"], responses=PROBLEM_RESPONSES)
UNSUBSCRIBE_PATH = "/v1/unsubscribe/{token}"
_REFUSED: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "content": {"application/problem+json": {}},
          "description": "The creator is do-not-contact (`do-not-contact`)"},
    422: {"model": Problem, "content": {"application/problem+json": {}},
          "description": "Variables the creator lacks (`missing-variables`, names in `missing`), "
                         "an invalid template, or a bad body"},
}


def _settings(request: Request) -> CampaignsSettings:
    settings: CampaignsSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[CampaignsSettings, Depends(_settings)]


def _settings_read(found: OutreachSettings | None) -> OutreachSettingsRead:
    if found is None:
        return OutreachSettingsRead(smtp=None, from_address=None, from_name=None,
                                    follow_up_after_days=service.DEFAULT_FOLLOW_UP_DAYS,
                                    email_delivery="to_send")
    smtp = None
    if found.smtp_host is not None and found.smtp_port is not None:
        smtp = SmtpServerRead(host=found.smtp_host, port=found.smtp_port,
                              security=SmtpSecurity(found.smtp_security),
                              username=found.smtp_username,
                              password_set=found.smtp_password_encrypted is not None)
    return OutreachSettingsRead(smtp=smtp, from_address=found.from_address,
                                from_name=found.from_name,
                                follow_up_after_days=found.follow_up_after_days,
                                email_delivery="smtp" if smtp else "to_send")


@router.get("/v1/outreach/settings", response_model=OutreachSettingsRead,
            summary="The workspace's email sending (the SMTP password is never returned)")
async def get_outreach_settings(session: SessionDep, principal: ReadAccess) -> OutreachSettingsRead:
    return _settings_read(await service.get_settings(session, principal.workspace_id))


@router.put("/v1/outreach/settings", response_model=OutreachSettingsRead,
            summary="Set the workspace's SMTP server, sender and follow-up delay")
async def put_outreach_settings(body: OutreachSettingsWrite, session: SessionDep,
                                principal: WriteAccess, settings: SettingsDep) -> OutreachSettingsRead:
    return _settings_read(await service.put_settings(session, settings, principal.workspace_id, body))


@router.post("/v1/collaborations/{collaboration_id}/outreach/preview", response_model=Preview,
             responses=_REFUSED, summary="Render a message for the creator without sending it",
             description="`missing` names the variables the text uses that the creator lacks.")
async def preview_outreach(collaboration_id: uuid.UUID, body: MessageSend, session: SessionDep,
                           principal: ReadAccess) -> Preview:
    return await service.preview(session, principal.workspace_id, collaboration_id, body)


@router.post("/v1/collaborations/{collaboration_id}/outreach", status_code=201,
             response_model=MessageRead, responses=_REFUSED,
             summary="Send a message to the creator (email by SMTP, or logged to send)",
             description=(
                 "Refused with 409 for a do-not-contact creator and 422 naming the variables the "
                 "creator lacks. Email goes out through the workspace's SMTP server when one is "
                 "set, after the message is recorded `sending` (status `sent`, or `failed` with "
                 "the server's answer; a retry with the same key while it is on its way answers "
                 "`sending`), otherwise it is "
                 "logged `to_send`, like every other channel, for the team to send and mark sent. "
                 "A message sent moves a shortlisted collaboration to contacted and is due for "
                 "a follow-up after the workspace's delay unless a reply comes. Retries with the "
                 "same Idempotency-Key send once."))
async def send_outreach(collaboration_id: uuid.UUID, body: MessageSend, session: SessionDep,
                        principal: WriteAccess, settings: SettingsDep,
                        idempotency: IdempotencyDep) -> JSONResponse:
    if (replayed := await idempotency.replay(body)) is not None:
        return replayed
    recorded = await service.record(session, settings, principal.workspace_id, collaboration_id,
                                    body)
    response = await idempotency.respond(201, MessageRead.model_validate(recorded.message))
    if recorded.server is None:
        return response
    # Committed before the SMTP exchange: a retry meanwhile replays `sending`, never sends again.
    await session.commit()
    message = await service.deliver(session, settings, recorded, principal.subject)
    return await idempotency.respond(201, MessageRead.model_validate(message))


@router.post("/v1/outreach/messages/{message_id}/sent", response_model=MessageRead,
             responses={409: _REFUSED[409] | {"description": "Not an outbound message waiting to "
                                              "be sent, or the creator is do-not-contact"}},
             summary="Mark a message logged to send as sent by the team")
async def mark_outreach_sent(message_id: uuid.UUID, body: MarkSent, session: SessionDep,
                             principal: WriteAccess) -> MessageRead:
    return MessageRead.model_validate(
        await service.mark_sent(session, principal.workspace_id, message_id, body, principal.subject))


@router.post("/v1/collaborations/{collaboration_id}/outreach/replies", status_code=201,
             response_model=MessageRead, summary="Record the creator's reply",
             description="Closes the collaboration's open follow-ups; `unsubscribe` sets the "
                         "creator do-not-contact.")
async def record_outreach_reply(collaboration_id: uuid.UUID, body: ReplyCreate, session: SessionDep,
                                principal: WriteAccess) -> MessageRead:
    return MessageRead.model_validate(
        await service.record_reply(session, principal.workspace_id, collaboration_id, body))


@router.get("/v1/collaborations/{collaboration_id}/outreach", response_model=MessagePage,
            summary="The collaboration's outreach log, oldest first, both directions")
async def list_outreach(collaboration_id: uuid.UUID, session: SessionDep, principal: ReadAccess,
                        page: Annotated[PageParams, Depends(page_params)]) -> MessagePage:
    rows = await service.log(session, principal.workspace_id, collaboration_id, uuid_after(page),
                             page.limit)
    return make_page([MessageRead.model_validate(r) for r in rows], page.limit, lambda m: [m.id])


@router.get("/v1/follow-ups", response_model=FollowUpPage,
            summary="Messages sent without a reply whose follow-up is due, soonest first")
async def list_follow_ups(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)],
    due_before: Annotated[AwareDatetime | None, Query(description="Default: now")] = None,
) -> FollowUpPage:
    after = timestamp_text_after(page)
    try:
        keyset = (after[0], uuid.UUID(after[1])) if after else None
    except ValueError as exc:
        raise ProblemError(400, "Invalid cursor", "the cursor is not one this API issued",
                           "invalid-cursor") from exc
    rows = await service.follow_ups(session, principal.workspace_id, due_before, keyset, page.limit)
    items = [FollowUpRead(
        message_id=m.id, collaboration_id=c.id, campaign_id=c.campaign_id,
        influencer_id=c.influencer_id, creator_name=c.influencer_snapshot.get("display_name", ""),
        stage=c.stage, channel=m.channel, subject=m.subject, sent_at=m.at,
        follow_up_due_at=m.follow_up_due_at) for m, c in rows]
    return make_page(items, page.limit,
                     lambda f: [f.follow_up_due_at.isoformat(), str(f.message_id)])


@router.get("/v1/creators/{influencer_id}/contact-preferences", response_model=ContactPreferenceRead,
            summary="Whether the creator may be contacted")
async def get_contact_preferences(influencer_id: uuid.UUID, session: SessionDep,
                                  principal: ReadAccess) -> ContactPreferenceRead:
    return await service.get_preference(session, principal.workspace_id, influencer_id)


@router.put("/v1/creators/{influencer_id}/contact-preferences", response_model=ContactPreferenceRead,
            summary="Set or lift the creator's do-not-contact flag (every send honours it)")
async def put_contact_preferences(influencer_id: uuid.UUID, body: ContactPreferenceWrite,
                                  session: SessionDep, principal: WriteAccess) -> ContactPreferenceRead:
    return ContactPreferenceRead.model_validate(
        await service.set_preference(session, principal.workspace_id, influencer_id, body))


# Public: a creator following the link of an email has no token. The link's own signature names
# the workspace and the creator (outreach/unsubscribe.py); rate-limited per caller address.
public = APIRouter(tags=["outreach"], dependencies=[Depends(public_rate_limit)])
_PUBLIC_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "A page for the person who followed it"},
    404: {"model": Problem, "content": {"application/problem+json": {}},
          "description": "Not a link this service signed (or its key was retired)"},
    429: {"model": Problem, "content": {"application/problem+json": {}},
          "description": "Too many requests from this address"},
}


@public.get(UNSUBSCRIBE_PATH, response_class=HTMLResponse, responses=_PUBLIC_RESPONSES,
            openapi_extra={"security": []},
            summary="The unsubscribe link of an outreach email (public): asks to confirm")
async def unsubscribe_page(token: Annotated[str, Path(max_length=200)], session: SessionDep,
                           settings: SettingsDep) -> HTMLResponse:
    """Changes nothing: mail scanners follow links. The page's button POSTs to the same URL."""
    _, _, sender = await service.unsubscribe_sender(session, settings, token)
    return HTMLResponse(unsubscribe.page("Unsubscribe", f"Receive no more emails from {sender}?",
                                         form=True))


@public.post(UNSUBSCRIBE_PATH, response_class=HTMLResponse, responses=_PUBLIC_RESPONSES,
             openapi_extra={"security": []},
             summary="Unsubscribe (public): the creator becomes do-not-contact")
async def unsubscribe_now(token: Annotated[str, Path(max_length=200)], session: SessionDep,
                          settings: SettingsDep) -> HTMLResponse:
    """The page's button, or a mail client's one-click unsubscribe (RFC 8058, whose body
    `List-Unsubscribe=One-Click` is not needed): sets the creator do-not-contact in the workspace
    the link names, as `PUT /v1/creators/{id}/contact-preferences` would; every later send is
    refused. Repeating it changes nothing."""
    sender = await service.unsubscribe_by_link(session, settings, token)
    return HTMLResponse(unsubscribe.page("Unsubscribed",
                                         f"You will receive no more emails from {sender}."))
