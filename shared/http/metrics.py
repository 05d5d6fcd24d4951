"""Per-app Prometheus registry (four apps may share one process in `make dev`).

The middleware is plain ASGI: Starlette's BaseHTTPMiddleware runs every request in an extra task
with memory streams, which cost more than the short routes themselves (tracking's redirect).
"""

from __future__ import annotations

import time

from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpMetrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency", ["service", "method", "route"],
            registry=self.registry,
        )
        self.service = service


class _Measure:
    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless the app starts a response

        async def send_seeing_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_seeing_status)
        finally:
            # The router sets the matched route on the shared scope.
            route = getattr(scope.get("route"), "path", "unmatched")
            metrics = self.metrics
            metrics.requests.labels(metrics.service, scope["method"], route, str(status)).inc()
            metrics.latency.labels(metrics.service, scope["method"], route).observe(
                time.perf_counter() - started)


def install_metrics(app: FastAPI, metrics: HttpMetrics) -> None:
    app.add_middleware(_Measure, metrics=metrics)
