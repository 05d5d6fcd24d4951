"""What a click says about its visitor, without keeping who they are.

The address is never stored: a keyed BLAKE2b hash of address and user agent, keyed by a salt that
changes every UTC day, tells repeat clicks of one visitor apart on that day and cannot be linked
to the same visitor on another day (nor reversed once the day's salt is deleted).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from crawlerdetect import CrawlerDetect

from shared.codes import ISO_3166_ALPHA2

_crawlers = CrawlerDetect()
# In-app browsers name their app in the user agent: a click from inside Instagram, TikTok …
_IN_APP_MARKERS = ("Instagram", "FBAN/", "FBAV/", "FB_IAB", "musical_ly", "BytedanceWebview",
                   "TikTok", "Snapchat", "Pinterest", "LinkedInApp", "Twitter for", "Line/",
                   "KAKAOTALK", "MicroMessenger", "GSA/")
_MAX_REFERRER = 500


@lru_cache(maxsize=4096)
def classify_user_agent(user_agent: str) -> tuple[str, bool]:
    """(class, is_bot): class is browser, mobile_app, bot or other. Link-preview fetchers, crawlers
    and HTTP libraries are bots (CrawlerDetect's list), as is a request without a user agent."""
    if not user_agent.strip() or _crawlers.isCrawler(user_agent):
        return "bot", True
    if any(marker in user_agent for marker in _IN_APP_MARKERS):
        return "mobile_app", False
    if user_agent.startswith(("Mozilla/", "Opera/")):
        return "browser", False
    return "other", False


def visitor_hash(salt: bytes, address: str, user_agent: str) -> str:
    digest = hashlib.blake2b(f"{address}\n{user_agent}".encode(), key=salt[:64], digest_size=16)
    return digest.hexdigest()


def country(header_value: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code from the country header; unknown (None) for anything else (CDNs
    send XX or T1 for unknown places and Tor)."""
    if not header_value:
        return None
    code = header_value.strip().upper()
    return code if code in ISO_3166_ALPHA2 else None


def referrer(header_value: str | None) -> str | None:
    """The referring page without its query and fragment, which may carry personal tokens
    (browsers send no credentials in it)."""
    if not header_value:
        return None
    page = header_value.strip().split("#", 1)[0].split("?", 1)[0]
    scheme, _, rest = page.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or rest.startswith("/"):
        return None
    return page[:_MAX_REFERRER]
