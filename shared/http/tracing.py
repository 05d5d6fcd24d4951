"""Each request runs in a span that continues the caller's W3C trace (shared.tracing): the events
it writes to the outbox carry the trace on, and its log lines carry the trace id.

Plain ASGI middleware, for the reason given in `shared.http.metrics`.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.tracing import install_tracing, server_span, traceparent_of


class _Traced:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with server_span(scope["method"], traceparent_of(scope["headers"])) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                # The router sets the matched route on the shared scope.
                route = getattr(scope.get("route"), "path", None)
                if route:
                    span.update_name(f"{scope['method']} {route}")


def install_tracing_middleware(app: FastAPI, service: str) -> None:
    install_tracing(service)
    app.add_middleware(_Traced)
