"""The unsubscribe link of outreach emails: a token that names the workspace and the creator,
signed with HMAC-SHA256 under `CAMPAIGNS_UNSUBSCRIBE_KEYS` (comma-separated, newest first: links
signed with an older key keep working while it is listed), so the public route needs no login and
no stored state, and cannot be pointed at another workspace or creator."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid
from html import escape

from services.campaigns.settings import CampaignsSettings
from shared.http.problems import ProblemError

# Signs links only where no key is configured and the environment is not production.
_DEVELOPMENT_KEY = "development-unsubscribe-key-published-in-the-repository"
_MAC_BYTES = 16  # 128 bits of HMAC-SHA256: what a forger must guess


def _keys(settings: CampaignsSettings) -> list[bytes]:
    keys = [k.strip() for k in settings.unsubscribe_keys.split(",") if k.strip()]
    if not keys and not settings.is_production:
        keys = [_DEVELOPMENT_KEY]
    return [k.encode() for k in keys]


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()[:_MAC_BYTES]


def token(settings: CampaignsSettings, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> str:
    """The creator's token (the same for every email: any of them unsubscribes)."""
    keys = _keys(settings)
    if not keys:
        raise ProblemError(409, "Unsubscribe links cannot be signed",
                           "this deployment has no key to sign the unsubscribe links of emails "
                           "with (CAMPAIGNS_UNSUBSCRIBE_KEYS); no email goes out without one",
                           "unsubscribe-key-missing")
    payload = workspace_id.bytes + influencer_id.bytes
    return base64.urlsafe_b64encode(payload + _mac(keys[0], payload)).rstrip(b"=").decode()


def read(settings: CampaignsSettings, value: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(workspace, creator) of a token one of the keys signed; None for anything else."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 32 + _MAC_BYTES:
        return None
    payload, mac = raw[:32], raw[32:]
    if not any(hmac.compare_digest(mac, _mac(key, payload)) for key in _keys(settings)):
        return None
    return uuid.UUID(bytes=payload[:16]), uuid.UUID(bytes=payload[16:])


def url(settings: CampaignsSettings, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> str:
    return (f"{settings.unsubscribe_base_url.rstrip('/')}/v1/unsubscribe/"
            f"{token(settings, workspace_id, influencer_id)}")


def page(title: str, text: str, form: bool = False) -> str:
    """A small page for a person (the link is followed in a browser); `form` asks to confirm,
    since mail scanners follow links: only the POST unsubscribes."""
    button = ('<form method="post"><button type="submit">Unsubscribe</button></form>'
              if form else "")
    return (f'<!doctype html><html lang="en"><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width">'
            f"<title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(text)}</p>"
            f"{button}</html>")
