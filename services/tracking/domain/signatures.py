"""Webhook signatures (pure). Both are HMAC-SHA256 over the raw request body, compared in
constant time.

- Generic (ours): header `ICP-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<raw body>">`.
  The timestamp is signed with the body, so a captured request replayed after `tolerance_s` is
  refused; within it, the order id dedupes. Several `v1=` may be sent (a secret being rotated).
- Shopify: header `X-Shopify-Hmac-Sha256: <base64 HMAC of the raw body>`, keyed by the app's
  secret (Shopify signs no timestamp; its order and refund ids dedupe a replay).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SIGNATURE_HEADER = "ICP-Signature"
SHOPIFY_HMAC_HEADER = "X-Shopify-Hmac-Sha256"


def generic_signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={generic_signature(secret, timestamp, body)}"


def generic_problem(secret: str, header: str | None, body: bytes, now: float, tolerance_s: float
                    ) -> str | None:
    """None when `header` signs `body` with `secret` within the tolerance, else why not."""
    if not header:
        return f"the {SIGNATURE_HEADER} header is missing"
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif name == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        return f"the {SIGNATURE_HEADER} header is not t=<unix seconds>,v1=<hex signature>"
    expected = generic_signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        return "the signature does not match the body"
    if abs(now - timestamp) > tolerance_s:
        return f"the signed timestamp is more than {tolerance_s:.0f} s away from now (a replay?)"
    return None


def shopify_signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def shopify_problem(secret: str, header: str | None, body: bytes) -> str | None:
    if not header:
        return f"the {SHOPIFY_HMAC_HEADER} header is missing"
    if not hmac.compare_digest(shopify_signature(secret, body), header.strip()):
        return "the signature does not match the body"
    return None
