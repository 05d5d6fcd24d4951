"""Every request gets an id (the caller's `X-Request-ID` or a new one), echoed and logged.

Plain ASGI middleware, for the reason given in `shared.http.metrics`.
"""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.logs import request_id_var

HEADER = "X-Request-ID"


class _RequestId:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = (Headers(scope=scope).get(HEADER) or uuid.uuid4().hex)[:100]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


def install_request_id(app: FastAPI) -> None:
    app.add_middleware(_RequestId)
