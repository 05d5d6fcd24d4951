"""Every request gets an id (the caller's `X-Request-ID` or a new one), echoed and logged."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from shared.logs import request_id_var

HEADER = "X-Request-ID"


def install_request_id(app: FastAPI) -> None:
    @app.middleware("http")
    async def _request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_id = request.headers.get(HEADER) or uuid.uuid4().hex
        token = request_id_var.set(request_id[:100])
        try:
            response = await call_next(request)
        finally:
            request_id_var.reset(token)
        response.headers[HEADER] = request_id[:100]
        return response
