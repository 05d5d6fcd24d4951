"""Outreach over HTTP against the real database and an in-process SMTP server (aiosmtpd): the
guide's S5 (renewable energy, a message from shared values) and S4 (food delivery: five shortlisted
food bloggers written to through the broker-fed pipeline), do-not-contact, missing variables,
failed deliveries, replies and follow-ups."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from outreach_smtp import Inbox, SlowInbox

from services.campaigns.events.handlers import HANDLERS
from services.campaigns.outreach.sweep import UNKNOWN_OUTCOME, fail_stale
from shared.cli.registry import service
from shared.devstack.processes import free_port
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)
from shared.events.envelope import wrap
from shared.settings import BaseServiceSettings
from shared.testing import eventually, publish

S5_TEMPLATE = {
    "name": "Values first",
    "subject": "{{ brand }} × {{ creator_name }}: an educational series?",
    "body": ("Hi {{ first_name }},\n\nYour videos on {{ recent_topics | words }} are the clearest we "
             "have seen. We share your commitment to {{ shared_values | words }}, and we would love "
             "to make {{ campaign_brief }} with you.\n\n"
             "{{ sender_name | default('The ' ~ brand ~ ' team') }}"),
}


async def _campaign(api: httpx.AsyncClient, **plan: Any) -> dict[str, Any]:
    created = await api.post("/v1/campaigns", json={"name": "Launch", "brand": "Brand", **plan})
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


async def _creator(api: httpx.AsyncClient, campaign: dict[str, Any], name: str,
                   **fields: Any) -> dict[str, Any]:
    body = {"influencer_id": str(uuid.uuid4()), "display_name": name, "platform": "youtube",
            "handle": name.lower().replace(" ", "."),
            "contact_email": f"{name.split()[0].lower()}@example.com", **fields}
    created = await api.post(f"/v1/campaigns/{campaign['id']}/collaborations", json=body)
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


async def _template(api: httpx.AsyncClient, template: dict[str, Any]) -> str:
    created = await api.post("/v1/outreach/templates", json=template)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _smtp_settings(api: httpx.AsyncClient, port: int, password: str = "s3cret") -> None:
    saved = await api.put("/v1/outreach/settings", json={
        "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "username": "partnerships",
                 "password": password},
        "from_address": "partnerships@brand.example", "from_name": "Dana from the brand",
        "follow_up_after_days": 3})
    assert saved.status_code == 200, saved.text


async def test_s5_renewable_energy_outreach_names_the_shared_commitment_to_sustainability(
    api: httpx.AsyncClient, client_for: Callable[..., Any],
) -> None:
    """S5: SunVolt writes to an environmental creator about what they both stand for, proposing an
    educational video series; no SMTP server is set, so the message is logged to send, with the
    creator's unsubscribe link at its end as an email sent by SMTP has it."""
    campaign = await _campaign(
        api, name="SunVolt explains solar", brand="SunVolt",
        brief="Make rooftop solar understandable.",
        personas=[{"name": "Climate-curious homeowners", "countries": ["DE"], "age": ["35-44"],
                   "interests": ["science"], "values": ["sustainability", "climate_action"]}])
    lena = await _creator(api, campaign, "Lena Berg", topics=["nature_outdoors", "science"],
                          values=["climate_action", "animal_welfare", "sustainability"])
    template_id = await _template(api, S5_TEMPLATE)
    offer = {"template_id": template_id,
             "variables": {"campaign_brief": "an educational video series on rooftop solar"}}

    preview = (await api.post(f"/v1/collaborations/{lena['id']}/outreach/preview", json=offer)).json()
    assert preview["missing"] == []
    assert preview["subject"] == "SunVolt × Lena Berg: an educational series?"
    assert "Your videos on nature & the outdoors and science" in preview["body"]
    assert "We share your commitment to climate action and sustainability" in preview["body"]
    assert "animal welfare" not in preview["body"]  # theirs, not the campaign's
    assert "an educational video series on rooftop solar" in preview["body"]
    assert preview["body"].endswith("The SunVolt team")

    sent = await api.post(f"/v1/collaborations/{lena['id']}/outreach", json=offer)
    assert sent.status_code == 201, sent.text
    message = sent.json()
    assert (message["status"], message["recipient"]) == ("to_send", "lena@example.com")
    body, footer = message["body"].split("\n\n--\nTo receive no more emails from us: ")
    assert body == preview["body"]
    path = footer.strip().removeprefix("http://localhost:8002")
    async with client_for("campaigns") as anyone:  # the creator, with no token
        page = await anyone.get(path)
    assert page.status_code == 200 and '<form method="post">' in page.text, page.text
    assert (await api.get(f"/v1/collaborations/{lena['id']}")).json()["stage"] == "shortlisted"

    done = await api.post(f"/v1/outreach/messages/{message['id']}/sent",
                          json={"sent_at": "2027-04-20T09:00:00Z"})
    assert done.status_code == 200, done.text
    assert done.json()["follow_up_due_at"] == "2027-04-24T09:00:00Z"  # the default 4 days
    assert (await api.get(f"/v1/collaborations/{lena['id']}")).json()["stage"] == "contacted"
    again = await api.post(f"/v1/outreach/messages/{message['id']}/sent", json={})
    assert again.status_code == 409


async def test_s4_food_delivery_outreach_emails_five_shortlisted_food_bloggers(
    api: httpx.AsyncClient, smtp: tuple[Inbox, int], running_worker: Callable[..., Any],
    make_settings: Callable[..., Any], workspace: uuid.UUID,
) -> None:
    """S4: five local food bloggers shortlisted in discovery reach campaigns through the broker;
    each gets a personalised email through the workspace's SMTP server and becomes contacted."""
    inbox, port = smtp
    campaign = await _campaign(api, name="Rapido Eats — Lisbon launch", brand="Rapido Eats",
                               brief="Deliveries in 20 minutes from your favourite neighbourhood spot.")
    bloggers = [("Inês Rocha", "ines.come", ["food_drink"]),
                ("Tiago Lima", "tiago.tasca", ["food_drink", "travel"]),
                ("Marta Sousa", "marta.mesa", ["food_drink", "lifestyle"]),
                ("Rui Pinto", "rui.prova", ["food_drink"]),
                ("Ana Reis", "ana.no.prato", ["food_drink", "health_wellness"])]
    async with running_worker("campaigns"):
        await publish(make_settings("campaigns"), workspace, *(InfluencerShortlisted(
            shortlist_id=uuid.uuid4(), campaign_id=campaign["id"], influencer_id=uuid.uuid4(),
            snapshot=InfluencerSnapshot(display_name=name, platform="instagram", handle=handle,
                                        followers=20_000 + i, topics=topics, country="PT",
                                        contact_email=f"{handle}@example.pt"),
            shortlisted_at=datetime.now(UTC)) for i, (name, handle, topics) in enumerate(bloggers)))

        async def pipeline() -> list[dict[str, Any]]:
            page = await api.get(f"/v1/campaigns/{campaign['id']}/collaborations",
                                 params={"stage": "shortlisted"})
            items: list[dict[str, Any]] = page.json()["items"]
            return items if len(items) == 5 else []

        collaborations = await eventually(pipeline, timeout=40)

    await _smtp_settings(api, port)
    shown = (await api.get("/v1/outreach/settings")).json()
    assert shown["smtp"]["password_set"] is True
    assert "s3cret" not in str(shown)
    template_id = await _template(api, {
        "name": "Lisbon launch", "subject": "{{ brand }} ❤ @{{ handle }}",
        "body": "Olá {{ first_name }}! Your {{ recent_topics | words }} posts are Lisbon's best. "
                "{{ offer }}\n— {{ sender_name }}"})
    for collaboration in collaborations:
        sent = await api.post(f"/v1/collaborations/{collaboration['id']}/outreach", json={
            "template_id": template_id,
            "variables": {"offer": "A sponsored post and two stories, USD 1,800."}})
        assert sent.status_code == 201, sent.text
        assert sent.json()["status"] == "sent"

    assert inbox.logins == ["partnerships"] * 5
    received = {m["To"]: m for m in inbox.messages}
    assert set(received) == {f"{handle}@example.pt" for _, handle, _ in bloggers}
    tiago = received["tiago.tasca@example.pt"]
    assert tiago["Subject"] == "Rapido Eats ❤ @tiago.tasca"
    assert tiago["From"] == "Dana from the brand <partnerships@brand.example>"
    assert tiago.get_content().startswith("Olá Tiago! Your food & drink and travel posts")
    assert "USD 1,800" in tiago.get_content()
    contacted = (await api.get(f"/v1/campaigns/{campaign['id']}/collaborations",
                               params={"stage": "contacted"})).json()["items"]
    assert len(contacted) == 5
    log = (await api.get(f"/v1/collaborations/{collaborations[0]['id']}/outreach")).json()["items"]
    assert [(m["direction"], m["status"], m["channel"]) for m in log] == [("outbound", "sent", "email")]

    # Follow-ups fall due three days later (the workspace's delay), soonest first, page by page.
    later = (datetime.now(UTC) + timedelta(days=3, minutes=1)).isoformat()
    assert (await api.get("/v1/follow-ups")).json()["items"] == []
    seen, cursor = [], None
    while True:
        page = (await api.get("/v1/follow-ups", params={"due_before": later, "limit": 2,
                                                        **({"cursor": cursor} if cursor else {})})).json()
        seen += page["items"]
        if (cursor := page["next_cursor"]) is None:
            break
    assert len(seen) == 5
    assert [f["follow_up_due_at"] for f in seen] == sorted(f["follow_up_due_at"] for f in seen)

    # Ana answers: her follow-up is settled, her reply is in the log beside what it answers.
    ana = next(f for f in seen if f["creator_name"] == "Ana Reis")
    reply = await api.post(f"/v1/collaborations/{ana['collaboration_id']}/outreach/replies",
                           json={"body": "Adoro! What dates?"})
    assert reply.status_code == 201, reply.text
    assert reply.json()["reply_to_id"] == ana["message_id"]
    after = (await api.get("/v1/follow-ups", params={"due_before": later})).json()["items"]
    assert {f["creator_name"] for f in after} == {name for name, _, _ in bloggers} - {"Ana Reis"}
    log = (await api.get(f"/v1/collaborations/{ana['collaboration_id']}/outreach")).json()["items"]
    assert [(m["direction"], m["body"][:6]) for m in log] == [("outbound", "Olá An"), ("inbound", "Adoro!")]
    assert log[0]["replied_at"] is not None


async def test_a_do_not_contact_creator_is_never_written_to(
    api: httpx.AsyncClient, smtp: tuple[Inbox, int],
) -> None:
    inbox, port = smtp
    await _smtp_settings(api, port)
    campaign = await _campaign(api)
    maya, joe = await _creator(api, campaign, "Maya Chen"), await _creator(api, campaign, "Joe Park")
    flagged = await api.put(f"/v1/creators/{maya['influencer_id']}/contact-preferences",
                            json={"do_not_contact": True, "reason": "asked by phone"})
    assert flagged.json()["source"] == "manual"
    refused = await api.post(f"/v1/collaborations/{maya['id']}/outreach",
                             json={"body": "Hi {{ first_name }}"})
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("/do-not-contact")
    assert "asked by phone" in refused.json()["detail"]

    # Joe unsubscribes in a reply: the next send, and marking a logged one sent, are refused.
    first = await api.post(f"/v1/collaborations/{joe['id']}/outreach",
                           json={"body": "Hi {{ first_name }}", "channel": "direct_message"})
    assert first.json()["status"] == "to_send"
    await api.post(f"/v1/collaborations/{joe['id']}/outreach/replies",
                   json={"body": "Please stop.", "channel": "direct_message", "unsubscribe": True})
    assert (await api.get(f"/v1/creators/{joe['influencer_id']}/contact-preferences")).json()[
        "source"] == "unsubscribe"
    assert (await api.post(f"/v1/collaborations/{joe['id']}/outreach",
                           json={"body": "One more thing"})).status_code == 409
    assert (await api.post(f"/v1/outreach/messages/{first.json()['id']}/sent", json={})).status_code == 409
    assert inbox.messages == []
    lifted = await api.put(f"/v1/creators/{maya['influencer_id']}/contact-preferences",
                           json={"do_not_contact": False})
    assert lifted.json()["do_not_contact"] is False
    assert (await api.post(f"/v1/collaborations/{maya['id']}/outreach",
                           json={"body": "Hi {{ first_name }}"})).json()["status"] == "sent"


async def test_a_variable_the_creator_lacks_is_reported_by_name_never_blank(
    api: httpx.AsyncClient,
) -> None:
    campaign = await _campaign(api, brief="Our spring menu",
                               personas=[{"name": "Eco", "countries": ["US"], "values": ["sustainability"]}])
    sam = await _creator(api, campaign, "Sam Lee", handle=None, values=["charity"])
    body = {"body": "Hi @{{ handle }}, we share {{ shared_values | words }}. "
                    "{% if offer %}{{ offer }}{% endif %}{{ campaign_brief }}"}
    preview = (await api.post(f"/v1/collaborations/{sam['id']}/outreach/preview", json=body)).json()
    assert preview["missing"] == ["handle", "shared_values"]  # the guarded offer is optional
    assert "{{ handle }}" in preview["body"]
    refused = await api.post(f"/v1/collaborations/{sam['id']}/outreach", json=body)
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/missing-variables")
    assert refused.json()["missing"] == ["handle", "shared_values"]
    assert (await api.get(f"/v1/collaborations/{sam['id']}/outreach")).json()["items"] == []
    given = await api.post(f"/v1/collaborations/{sam['id']}/outreach", json={
        **body, "variables": {"handle": "samcooks", "shared_values": ["good food"]}})
    assert given.status_code == 201, given.text
    assert given.json()["body"].startswith("Hi @samcooks, we share good food. Our spring menu\n\n--\n")
    nobody = await _creator(api, campaign, "No Mail", contact_email=None)
    assert (await api.post(f"/v1/collaborations/{nobody['id']}/outreach", json={"body": "Hi"})
            ).json()["missing"] == ["contact_email"]


async def test_templates_are_checked_and_rendered_in_a_sandbox(api: httpx.AsyncClient) -> None:
    broken = await api.post("/v1/outreach/templates", json={"name": "x", "body": "{% if %}"})
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "body.body"
    escape = await _template(api, {"name": "escape", "body": "{{ creator_name.__class__.__mro__ }}"})
    campaign = await _campaign(api)
    maya = await _creator(api, campaign, "Maya Chen")
    refused = await api.post(f"/v1/collaborations/{maya['id']}/outreach", json={"template_id": escape})
    assert refused.status_code == 422
    assert refused.json()["type"].endswith("/invalid-template")
    assert (await api.post(f"/v1/collaborations/{maya['id']}/outreach",
                           json={"template_id": str(uuid.uuid4())})).status_code == 404
    assert (await api.post("/v1/outreach/templates", json={"name": "escape", "body": "x"})
            ).status_code == 409
    renamed = await api.patch(f"/v1/outreach/templates/{escape}", json={"name": "renamed", "body": "Hi"})
    assert renamed.json()["name"] == "renamed"
    listed = (await api.get("/v1/outreach/templates")).json()["items"]
    assert [t["name"] for t in listed] == ["renamed"]
    assert (await api.delete(f"/v1/outreach/templates/{escape}")).status_code == 204
    assert (await api.get(f"/v1/outreach/templates/{escape}")).status_code == 404


async def test_a_delivery_that_fails_is_logged_failed_and_can_be_sent_by_hand(
    api: httpx.AsyncClient, smtp: tuple[Inbox, int],
) -> None:
    inbox, port = smtp
    await _smtp_settings(api, free_port())  # nothing listens there
    campaign = await _campaign(api)
    maya = await _creator(api, campaign, "Maya Chen")
    failed = (await api.post(f"/v1/collaborations/{maya['id']}/outreach",
                             json={"subject": "Hi", "body": "Hi {{ first_name }}"})).json()
    assert failed["status"] == "failed"
    assert "SMTPConnect" in failed["error"]
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "shortlisted"
    assert inbox.messages == []
    sent = await api.post(f"/v1/outreach/messages/{failed['id']}/sent", json={})
    assert (sent.json()["status"], sent.json()["error"]) == ("sent", None)
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "contacted"

    # Keeping the stored password: a PUT without one leaves it; null clears it.
    await api.put("/v1/outreach/settings", json={
        "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "username": "partnerships"},
        "from_address": "partnerships@brand.example"})
    assert (await api.get("/v1/outreach/settings")).json()["smtp"]["password_set"] is True
    await api.put("/v1/outreach/settings", json={"smtp": None})
    assert (await api.get("/v1/outreach/settings")).json()["email_delivery"] == "to_send"


async def test_a_retried_send_with_its_idempotency_key_sends_once(
    api: httpx.AsyncClient, smtp: tuple[Inbox, int],
) -> None:
    inbox, port = smtp
    await _smtp_settings(api, port)
    campaign = await _campaign(api)
    maya = await _creator(api, campaign, "Maya Chen")
    responses = [await api.post(f"/v1/collaborations/{maya['id']}/outreach",
                                json={"body": "Hi {{ first_name }}"},
                                headers={"Idempotency-Key": "send-maya-1"}) for _ in range(2)]
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert len(inbox.messages) == 1


async def test_the_offer_on_the_table_fills_the_offer_variable(api: httpx.AsyncClient) -> None:
    """S5: the renewable-energy company's message proposes its educational video series as offered."""
    campaign = await _campaign(api, brand="SunVolt")
    lena = await _creator(api, campaign, "Lena Berg")
    offered = await api.post(f"/v1/collaborations/{lena['id']}/offers", json={"made_by": "brand", "terms": {
        "compensation_model": "flat_fee", "currency": "EUR", "fee_minor": 450_000,
        "deliverables": [{"platform": "youtube", "format": "video", "count": 3}]}})
    assert offered.status_code == 201, offered.text
    preview = (await api.post(f"/v1/collaborations/{lena['id']}/outreach/preview",
                              json={"body": "We offer {{ offer }}."})).json()
    assert (preview["body"], preview["missing"]) == ("We offer 4,500.00 EUR for 3 youtube videos.", [])


async def test_a_slow_smtp_server_holds_no_lock_and_a_retry_meanwhile_sends_nothing(
    api: httpx.AsyncClient, slow_smtp: tuple[SlowInbox, int], clean_db: str,
    make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> None:
    """The email is recorded `sending` and committed before the SMTP exchange: while the server
    sits on it, the collaboration is not locked, the log shows it on its way, a retry with the
    same Idempotency-Key answers `sending` without a second email, and the creator leaving the
    shortlist does not take the collaboration and its log away."""
    inbox, port = slow_smtp
    await _smtp_settings(api, port)
    campaign = await _campaign(api)
    maya = await _creator(api, campaign, "Maya Chen")
    url, key = f"/v1/collaborations/{maya['id']}/outreach", {"Idempotency-Key": "slow-1"}
    sending = asyncio.create_task(api.post(url, json={"body": "Hi {{ first_name }}"}, headers=key))
    await eventually(inbox.entered.is_set)

    connection = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        async with connection.transaction():  # NOWAIT: a lock held by the send fails at once
            await connection.execute("SELECT 1 FROM campaigns.collaborations WHERE id = $1 "
                                     "FOR UPDATE NOWAIT", uuid.UUID(maya["id"]))
    finally:
        await connection.close()
    (logged,) = (await api.get(f"/v1/collaborations/{maya['id']}/outreach")).json()["items"]
    assert logged["status"] == "sending"
    retried = await api.post(url, json={"body": "Hi {{ first_name }}"}, headers=key)
    assert (retried.status_code, retried.json()["id"], retried.json()["status"]) == (
        201, logged["id"], "sending")
    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        async with runtime.sessions() as session, session.begin():
            await HANDLERS[InfluencerRemovedFromShortlist](session, wrap(
                InfluencerRemovedFromShortlist(
                    shortlist_id=uuid.uuid4(), campaign_id=uuid.UUID(campaign["id"]),
                    influencer_id=uuid.UUID(maya["influencer_id"]), removed_at=datetime.now(UTC)),
                workspace))
    finally:
        await runtime.close()

    inbox.gate.set()
    sent = await sending
    assert (sent.status_code, sent.json()["id"], sent.json()["status"]) == (201, logged["id"], "sent")
    assert sent.json()["follow_up_due_at"] is not None
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "contacted"
    again = await api.post(url, json={"body": "Hi {{ first_name }}"}, headers=key)
    assert again.json()["status"] == "sent"
    assert len(inbox.messages) == 1


async def test_an_email_the_service_stopped_sending_is_swept_failed_and_can_be_marked_sent(
    api: httpx.AsyncClient, slow_smtp: tuple[SlowInbox, int],
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    """The request dies while the SMTP server holds the email (as a killed process would): the
    message stays `sending`; the worker's sweep logs it failed, outcome unknown, once it is
    stale, and the team marks it sent."""
    inbox, port = slow_smtp
    await _smtp_settings(api, port)
    campaign = await _campaign(api)
    maya = await _creator(api, campaign, "Maya Chen")
    sending = asyncio.create_task(api.post(f"/v1/collaborations/{maya['id']}/outreach",
                                           json={"body": "Hi {{ first_name }}"}))
    await eventually(inbox.entered.is_set)
    sending.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sending
    log_url = f"/v1/collaborations/{maya['id']}/outreach"
    (stuck,) = (await api.get(log_url)).json()["items"]
    assert stuck["status"] == "sending"

    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        now, stale = datetime.now(UTC), timedelta(minutes=5)
        assert await fail_stale(runtime.sessions, now, stale) == 0  # not stale yet
        assert await fail_stale(runtime.sessions, now + stale + timedelta(seconds=1), stale) == 1
    finally:
        await runtime.close()
    (failed,) = (await api.get(log_url)).json()["items"]
    assert (failed["status"], failed["error"]) == ("failed", UNKNOWN_OUTCOME)
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "shortlisted"
    marked = await api.post(f"/v1/outreach/messages/{stuck['id']}/sent", json={})
    assert marked.json()["status"] == "sent"
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "contacted"


async def test_the_unsubscribe_link_of_an_email_sets_the_creator_do_not_contact(
    api: httpx.AsyncClient, smtp: tuple[Inbox, int], client_for: Callable[..., Any],
) -> None:
    """The email ends with a signed link, also in List-Unsubscribe (one-click). Following it asks
    to confirm and changes nothing (mail scanners follow links); confirming, without any token,
    makes the creator do-not-contact, and the next send is refused. A tampered link is a 404."""
    inbox, port = smtp
    await _smtp_settings(api, port)
    campaign = await _campaign(api)
    maya = await _creator(api, campaign, "Maya Chen")
    sent = await api.post(f"/v1/collaborations/{maya['id']}/outreach",
                          json={"subject": "Hi", "body": "Hi {{ first_name }}"})
    assert sent.json()["status"] == "sent", sent.text
    (email,) = inbox.messages
    link = email["List-Unsubscribe"].strip("<>")
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.get_content().replace("\r\n", "\n") == (
        f"Hi Maya\n\n--\nTo receive no more emails from us: {link}\n")
    path = link.removeprefix("http://localhost:8002")
    assert path.startswith("/v1/unsubscribe/")
    preferences = f"/v1/creators/{maya['influencer_id']}/contact-preferences"

    async with client_for("campaigns") as anyone:  # no Authorization header at all
        shown = await anyone.get(path)
        assert shown.status_code == 200, shown.text
        assert shown.headers["content-type"].startswith("text/html")
        assert "Dana from the brand" in shown.text and '<form method="post">' in shown.text
        assert (await api.get(preferences)).json()["do_not_contact"] is False
        done = await anyone.post(path, content=b"List-Unsubscribe=One-Click",
                                 headers={"content-type": "application/x-www-form-urlencoded"})
        assert done.status_code == 200, done.text
        assert "no more emails from Dana from the brand" in done.text
        assert (await anyone.post(path)).status_code == 200  # again: the same
        tampered = path[:-2] + ("AA" if not path.endswith("AA") else "BB")
        refused = await anyone.post(tampered)
        assert refused.status_code == 404
        assert refused.headers["content-type"] == "application/problem+json"

    flag = (await api.get(preferences)).json()
    assert (flag["do_not_contact"], flag["source"]) == (True, "unsubscribe")
    again = await api.post(f"/v1/collaborations/{maya['id']}/outreach", json={"body": "Hi again"})
    assert again.status_code == 409 and again.json()["type"].endswith("/do-not-contact")
    assert len(inbox.messages) == 1
