"""When two post URLs name the same post: the key a post is deduplicated on per platform.

Share links differ from the canonical address only in ways that do not change the post: the
scheme, the host's case and `www.`/`m.` prefix, a trailing slash, the fragment, and tracking
parameters the apps append (utm_*, igsh, si, fbclid …). Paths keep their case: Instagram and
YouTube ids are case-sensitive.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING_PARAMETERS = frozenset({
    "igsh", "igshid", "si", "fbclid", "gclid", "feature", "is_from_webapp", "sender_device",
    "ref", "ref_src", "s", "t", "_r", "_t", "share_id", "mibextid",
})
_HOST_PREFIXES = ("www.", "m.", "mobile.")
_SAME_HOSTS = {"twitter.com": "x.com"}


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a post's address, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as error:
        return f"not a URL: {error}"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "must be an http(s) URL with a host"
    return None


def url_key(url: str) -> str:
    """The URL as compared for duplicates (`url_problem` must have passed)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    host = _SAME_HOSTS.get(host, host)
    path = parts.path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in _TRACKING_PARAMETERS and not k.lower().startswith("utm_"))
    if host == "youtu.be" and path:  # YouTube's short links name the video in the path
        host, query, path = "youtube.com", sorted([*query, ("v", path.lstrip("/"))]), "/watch"
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")
