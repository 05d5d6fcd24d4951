"""Trace context across services: a request's W3C `traceparent` goes into the events it causes
(the CloudEvents distributed-tracing extension, `ce_traceparent`), and each consumer continues
that trace while it handles the event, so every log line of one request, in any service,
carries the same `trace_id` (shared.logs).

OpenTelemetry's SDK makes the spans (ids, parentage). Nothing is exported unless
OTEL_EXPORTER_OTLP_ENDPOINT is set and the OTLP exporter package is installed in the image:
the logs are where traces are followed by default.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager

from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

log = logging.getLogger(__name__)

_PROPAGATOR = TraceContextTextMapPropagator()
_tracer = trace.get_tracer("icp")
# Whether spans go anywhere. When they do not, a consumer only continues the event's trace
# (its id in the logs and in the events the handler writes) without a span of its own: an SDK
# span per event cost a seventh of the compliance handler's time, for nothing anyone would see.
_exporting = False


def install_tracing(service: str) -> None:
    """Installs the SDK's tracer provider once per process (the first service names it: in
    `make dev` four share one process; deployed, each process runs one)."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        try:
            otlp = importlib.import_module("opentelemetry.exporter.otlp.proto.http.trace_exporter")
            provider.add_span_processor(BatchSpanProcessor(otlp.OTLPSpanExporter()))
            global _exporting
            _exporting = True
        except ImportError:
            log.warning("OTEL_EXPORTER_OTLP_ENDPOINT is set but the OTLP exporter is not installed")
    trace.set_tracer_provider(provider)


def current_traceparent() -> str | None:
    """The W3C traceparent of the span in progress (the request's, the handler's), if any."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None
    return f"00-{ctx.trace_id:032x}-{ctx.span_id:016x}-{int(ctx.trace_flags):02x}"


def current_trace_ids() -> tuple[str, str] | None:
    """(trace_id, span_id) in hex of the span in progress, for log lines."""
    ctx = trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None
    return f"{ctx.trace_id:032x}", f"{ctx.span_id:016x}"


def server_span(name: str, traceparent: str | None) -> AbstractContextManager[Span]:
    """A request's span: continues the caller's trace when it sent a traceparent."""
    return _span(name, traceparent, SpanKind.SERVER)


def consumer_span(name: str, traceparent: str | None) -> AbstractContextManager[object]:
    """An event's handling: continues the trace of whatever published the event (in a span of
    its own when spans are exported)."""
    if _exporting:
        return _span(name, traceparent, SpanKind.CONSUMER)
    return _within(traceparent)


@contextmanager
def _within(traceparent: str | None) -> Iterator[None]:
    if not traceparent:
        yield
        return
    token = context.attach(_PROPAGATOR.extract({"traceparent": traceparent}))
    try:
        yield
    finally:
        context.detach(token)


def _span(name: str, traceparent: str | None, kind: SpanKind) -> AbstractContextManager[Span]:
    parent = _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else None
    return _tracer.start_as_current_span(name, context=parent, kind=kind)


def traceparent_of(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The `traceparent` among raw ASGI headers."""
    for name, value in headers:
        if name == b"traceparent":
            return value.decode("latin-1")
    return None
