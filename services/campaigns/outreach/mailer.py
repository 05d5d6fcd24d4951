"""Email through the workspace's own SMTP server (aiosmtplib), and its password at rest."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import aiosmtplib
from cryptography.fernet import MultiFernet

from services.campaigns.models.outreach import OutreachSettings
from services.campaigns.settings import CampaignsSettings
from shared import secrets_at_rest
from shared.http.problems import ProblemError


def _fernet(settings: CampaignsSettings) -> MultiFernet:
    ring = secrets_at_rest.keyring(settings.smtp_credentials_keys, settings.is_production)
    if ring is None:
        raise ProblemError(409, "SMTP password cannot be stored",
                           "this deployment has no key to encrypt SMTP passwords with "
                           "(CAMPAIGNS_SMTP_CREDENTIALS_KEYS)", "smtp-credentials-key-missing")
    return ring


def encrypt(settings: CampaignsSettings, password: str) -> bytes:
    return secrets_at_rest.encrypt(_fernet(settings), password)


def decrypt(settings: CampaignsSettings, token: bytes) -> str | None:
    """The password, or None when no configured key opens it (rotated away: set it again)."""
    return secrets_at_rest.decrypt(_fernet(settings), token, "SMTP password")


@dataclass(frozen=True)
class Delivery:
    message_id: str | None
    error: str | None


def with_unsubscribe_footer(body: str, unsubscribe_url: str) -> str:
    return f"{body}\n\n--\nTo receive no more emails from us: {unsubscribe_url}\n"


async def send(
    settings: CampaignsSettings, server: OutreachSettings, recipient: str, subject: str, body: str,
    unsubscribe_url: str | None = None,
) -> Delivery:
    """One plain-text email; a refusal or an unreachable server is a failed delivery, not an
    exception (the outreach log keeps it, with the server's answer). With `unsubscribe_url` it
    ends with the link and carries it in `List-Unsubscribe`, one-click (RFC 8058: mail clients
    POST to it)."""
    assert server.smtp_host is not None and server.from_address is not None
    password = decrypt(settings, server.smtp_password_encrypted) \
        if server.smtp_password_encrypted else None
    if server.smtp_password_encrypted and password is None:
        return Delivery(None, "the stored SMTP password cannot be decrypted; set it again")
    message = EmailMessage()
    message["From"] = formataddr((server.from_name or "", server.from_address))
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=server.from_address.rsplit("@", 1)[-1])
    if unsubscribe_url is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body = with_unsubscribe_footer(body, unsubscribe_url)
    message.set_content(body)
    try:
        await aiosmtplib.send(
            message, hostname=server.smtp_host, port=server.smtp_port,
            username=server.smtp_username, password=password,
            use_tls=server.smtp_security == "tls", start_tls=server.smtp_security == "starttls",
            timeout=settings.smtp_timeout_s)
    except (aiosmtplib.SMTPException, OSError) as exc:
        return Delivery(None, f"{type(exc).__name__}: {exc}"[:2000])
    return Delivery(message["Message-ID"], None)
