"""Where a tracked link may send people, and the URL it sends them to.

A destination is an absolute http(s) URL without credentials whose host is one of the workspace's
allowed domains or a subdomain of one: the redirect never sends anyone to a place the brand did
not name (no open redirect). The link's UTM parameters replace any the destination carried; the
click id is added by the redirect, per click.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

CLICK_ID_PARAM = "icp_click_id"
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")
_MAX_DOMAIN = 253


def normalise_domain(value: str) -> str:
    """The ASCII (IDNA) lower-case form of a host name; ValueError when it is not one."""
    name = value.strip().rstrip(".").lower()
    if not name or len(name) > _MAX_DOMAIN or "." not in name:
        raise ValueError("a domain is a host name with at least one dot, such as shop.example.com")
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"{value!r} is not a valid host name") from exc
    labels = ascii_name.split(".")
    if any(not label or len(label) > 63 or not _label_ok(label) for label in labels):
        raise ValueError(f"{value!r} is not a valid host name")
    return ascii_name


def _label_ok(label: str) -> bool:
    return all(c.isalnum() or c == "-" for c in label) and not label.startswith("-") \
        and not label.endswith("-")


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """Whether `host` is an allowed domain or a subdomain of one."""
    parts = host.split(".")
    return any(".".join(parts[i:]) in allowed for i in range(len(parts) - 1))


def destination_problem(url: str, allowed: frozenset[str]) -> str | None:
    """Why `url` may not be a link's destination, or None when it may."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return "the destination is not a valid URL"
    if parts.scheme not in ("http", "https"):
        return "the destination must be an http or https URL"
    if not host:
        return "the destination must name a host"
    if parts.username is not None or parts.password is not None:
        return "the destination must not carry a user name or password"
    try:
        host = normalise_domain(host)
    except ValueError:
        return f"the destination's host {parts.hostname!r} is not a valid host name"
    if not host_allowed(host, allowed):
        return (f"{host} is not among the workspace's allowed domains; add it (or a parent "
                "domain) with PUT /v1/allowed-domains/{domain} first")
    return None


@dataclass(frozen=True)
class Utm:
    utm_source: str
    utm_medium: str
    utm_campaign: str
    utm_content: str


def tracked_url(destination: str, utm: Utm) -> str:
    """The destination with the link's UTM parameters (replacing any it had)."""
    parts = urlsplit(destination.strip())
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in UTM_FIELDS and k != CLICK_ID_PARAM]
    query = urlencode([*kept, *((name, getattr(utm, name)) for name in UTM_FIELDS)])
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, parts.fragment))


def click_id_template(target_url: str) -> tuple[str, str]:
    """(head, tail) such that head + click id + tail is where a click is sent: precomputed per
    link, so a redirect only joins three strings."""
    parts = urlsplit(target_url)
    separator = "&" if parts.query else ""
    base = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    head = f"{base}{'?' if not parts.query else ''}{separator}{CLICK_ID_PARAM}="
    tail = f"#{parts.fragment}" if parts.fragment else ""
    return head, tail
