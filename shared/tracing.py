"""Trace context across services: a request's W3C `traceparent` goes into the events it causes
(the CloudEvents distributed-tracing extension, `ce_traceparent`), and each consumer continues
that trace while it handles the event, so every log line of one request, in any service,
carries the same `trace_id` (shared.logs).

OpenTelemetry's SDK makes the spans when they are exported: OTEL_EXPORTER_OTLP_ENDPOINT set and
the OTLP exporter package installed in the image. Otherwise (the default: the logs are where
traces are followed) no SDK tracer provider is installed, and a request or an event only carries
the trace on in a non-recording span: FastAPI records spans of its own (dependencies, endpoint,
serialization) as soon as an SDK provider exists, which doubled the cost of a plain request
(/healthz 0.74 → 1.39 ms in-process) for spans nobody would see.
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
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import NonRecordingSpan, Span, SpanContext, SpanKind, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

log = logging.getLogger(__name__)

_PROPAGATOR = TraceContextTextMapPropagator()
_tracer = trace.get_tracer("icp")
_ids = RandomIdGenerator()
# Whether spans go anywhere. When they do not, requests and events only continue the trace (its
# id in the logs and in the events they write) without SDK spans: a span per event cost a
# seventh of the compliance handler's time, for nothing anyone would see.
_exporting = False


def install_tracing(service: str) -> None:
    """Installs the SDK's tracer provider with its OTLP exporter once per process, when spans are
    to be exported (the first service names it: in `make dev` four share one process)."""
    global _exporting
    if _exporting or not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return
    try:
        otlp = importlib.import_module("opentelemetry.exporter.otlp.proto.http.trace_exporter")
    except ImportError:
        log.warning("OTEL_EXPORTER_OTLP_ENDPOINT is set but the OTLP exporter is not installed")
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(BatchSpanProcessor(otlp.OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _exporting = True


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
    """A request's span: a child of the caller's when it sent a traceparent, else a new trace."""
    if _exporting:
        return _span(name, traceparent, SpanKind.SERVER)
    return _unrecorded_child(traceparent)


@contextmanager
def _unrecorded_child(traceparent: str | None) -> Iterator[Span]:
    """A span id of its own under the caller's trace (or a new trace), recorded nowhere."""
    parent = trace.get_current_span(_PROPAGATOR.extract({"traceparent": traceparent})) \
        if traceparent else None
    caller = parent.get_span_context() if parent else None
    if caller is not None and caller.is_valid:
        trace_id, flags = caller.trace_id, caller.trace_flags
    else:
        trace_id, flags = _ids.generate_trace_id(), TraceFlags(TraceFlags.SAMPLED)
    span = NonRecordingSpan(SpanContext(trace_id, _ids.generate_span_id(), is_remote=False,
                                        trace_flags=flags))
    token = context.attach(trace.set_span_in_context(span))
    try:
        yield span
    finally:
        context.detach(token)


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
