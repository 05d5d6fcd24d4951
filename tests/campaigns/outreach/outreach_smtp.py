"""A real SMTP server's handler (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import asyncio
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


class Inbox:
    """What the server accepted; it takes the login `partnerships` / `s3cret` only."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        parsed = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                     data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"partnerships", b"s3cret")
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok)


class SlowInbox(Inbox):
    """An inbox whose server holds each message at DATA until `gate` opens (a slow server);
    `entered` tells that one is held."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.gate = threading.Event(), threading.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.entered.set()
        await asyncio.to_thread(self.gate.wait)  # the gate is a thread's: the test's loop opens it
        return await super().handle_DATA(server, session, envelope)
