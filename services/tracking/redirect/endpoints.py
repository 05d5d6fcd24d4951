"""`GET /r/{code}`: public, no token (listed among the public routes of the HTTP contract).

Served by a plain ASGI app mounted at `/r`, not a FastAPI route: request parsing, dependency
solving and response classes cost more than the redirect itself, and the redirect has to keep up
with a plain FastAPI route (docs/tracking.md, bench/tracking_links.py). The OpenAPI document still
describes it (`document`). The request id and metrics middlewares still see every redirect.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from services.tracking.redirect.service import Redirects, Visit
from shared.http.rate_limit import over_public_limit

PATH = "/r/{code}"
_MAX_CODE = 64
_NOT_ALLOWED = b'{"type":"https://icp.dev/problems/method-not-allowed","title":"Method not allowed",' \
               b'"status":405,"detail":"a tracked link is followed with GET (or checked with HEAD)"}'


class RedirectApp:
    path = PATH  # the route label the metrics middleware reads from scope["route"]

    def __init__(self, redirects: Redirects) -> None:
        self.redirects = redirects

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = self
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await _send(send, 405, [(b"content-type", b"application/problem+json"),
                                    (b"allow", b"GET, HEAD")], _NOT_ALLOWED)
            return
        code = scope["path"].rpartition("/r/")[2]
        if not code or "/" in code or len(code) > _MAX_CODE:
            code = ""  # no link has it: the 404 page
        visit = self._visit(scope, code)
        if (refused := over_public_limit(scope, visit.address)) is not None:
            await _send(send, 429, *refused)
            return
        answer = self.redirects.follow(visit, record=method == "GET")
        await _send(send, answer.status, answer.headers, b"" if method == "HEAD" else answer.body)

    def _visit(self, scope: Scope, code: str) -> Visit:
        user_agent = referrer = country = forwarded = None
        country_header, ip_header = self.redirects.country_header, self.redirects.ip_header
        for name, value in scope["headers"]:
            if name == b"user-agent":
                user_agent = value.decode("latin-1")
            elif name == b"referer":
                referrer = value.decode("latin-1")
            elif name == country_header:
                country = value.decode("latin-1")
            elif ip_header and name == ip_header:
                forwarded = value.decode("latin-1")
        client = scope.get("client")
        return Visit(code, user_agent or "", referrer, country, forwarded, client[0] if client else "")


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _path_item() -> dict[str, Any]:
    code = {"name": "code", "in": "path", "required": True, "description": "The link's short code",
            "schema": {"type": "string", "maxLength": _MAX_CODE}}
    responses = {
        "302": {"description": "To the link's destination with its UTM parameters and a new "
                               "`icp_click_id`; `Location` holds it"},
        "404": {"description": "Unknown or expired code: an HTML page, not a redirect",
                "content": {"text/html": {}}},
        "503": {"description": "The process is starting and has not loaded its links yet "
                               "(`Retry-After: 1`)", "content": {"text/html": {}}},
    }
    return {
        "get": {"tags": ["redirect"], "summary": "Follow a tracked link (public)",
                "operationId": "follow_link", "parameters": [code], "responses": responses,
                "security": [],
                "description": "Public, no token. Answers at once from memory (never waits on the "
                "database or the broker). The click — its time, referrer without query, country "
                "from the configured header, user-agent class and bot flag, and a visitor hash "
                "salted per UTC day (no address is stored) — is published as `LinkClicked` "
                "straight to the broker, or spooled to local disk while the broker is away."},
        "head": {"tags": ["redirect"], "summary": "Check a tracked link (public; records no click)",
                 "operationId": "check_link", "parameters": [code], "responses": responses,
                 "security": [],
                 "description": "Link checkers and previews ask with HEAD: the same answer as "
                 "GET, no body, and no click recorded."},
    }


def document(app: FastAPI) -> None:
    """Adds the mounted redirect to the app's OpenAPI document."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            generate()["paths"][PATH] = _path_item()
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
