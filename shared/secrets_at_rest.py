"""Secrets a service must read back (SMTP passwords, webhook signing secrets), stored encrypted
with Fernet (AES-128-CBC with HMAC-SHA256) under the keys of one setting: comma-separated, newest
first. The newest encrypts and every one decrypts, so keys rotate by prepending a new one and
keeping the old ones until each secret was written again.

Outside production an unset setting falls back to a development key published in this
repository; in production nothing can be encrypted without a key (each caller answers its own
problem). A leaked database dump then holds no usable secret without the key.
"""

from __future__ import annotations

import functools
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

log = logging.getLogger(__name__)

# Used only where no key is configured and the environment is not production.
DEVELOPMENT_KEY = "GZ7aGOLtrL8jFJTYPKI_yZPLo0ixCHTG2zLAEbzyCds="


@functools.lru_cache(maxsize=16)
def keyring(keys: str, is_production: bool) -> MultiFernet | None:
    """The setting's keys (built once: a webhook decrypts its endpoint's secret per delivery);
    None in production when the setting is empty."""
    found = [k.strip() for k in keys.split(",") if k.strip()]
    if not found:
        if is_production:
            return None
        found = [DEVELOPMENT_KEY]
    return MultiFernet([Fernet(k.encode()) for k in found])


def encrypt(ring: MultiFernet, secret: str) -> bytes:
    return ring.encrypt(secret.encode())


def decrypt(ring: MultiFernet | None, token: bytes, what: str) -> str | None:
    """The secret, or None when no configured key opens it (its key rotated away, or none
    configured: the secret must be set again); `what` names it in the warning logged then."""
    if ring is not None:
        try:
            return ring.decrypt(token).decode()
        except InvalidToken:
            pass
    log.warning("stored secret is not readable with the configured keys", extra={"secret": what})
    return None
