"""Dead-letter topics: `dlq.<consumer-service>.<source-topic>`, failure details in `x-dlq-*` headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiokafka.structs import ConsumerRecord

# Documented values of `x-dlq-failure-reason`.
FAILURE_REASONS = ("deserialization", "unknown_type", "validation", "handler_error")
DLQ_PREFIX = "x-dlq-"
_MAX_MESSAGE = 500
_SECRETS = re.compile(r"(password|secret|token|authorization)=\S+", re.IGNORECASE)


def dlq_topic(consumer_service: str, source_topic: str) -> str:
    return f"dlq.{consumer_service}.{source_topic}"


def redact(message: str) -> str:
    cleaned = _SECRETS.sub(r"\1=***", message)
    return cleaned if len(cleaned) <= _MAX_MESSAGE else cleaned[: _MAX_MESSAGE - 1] + "…"


def dlq_headers(
    record: ConsumerRecord[bytes, bytes], group: str, reason: str, error: BaseException
) -> list[tuple[str, bytes]]:
    original = [(k, v) for k, v in record.headers if not k.startswith(DLQ_PREFIX)]
    details = {
        "original-topic": record.topic,
        "original-partition": str(record.partition),
        "original-offset": str(record.offset),
        "consumer-group": group,
        "failure-reason": reason,
        "exception-class": type(error).__name__,
        "exception-message": redact(str(error)),
        "failed-at": datetime.now(UTC).isoformat(),
    }
    return original + [(DLQ_PREFIX + k, v.encode()) for k, v in details.items()]


def original_headers(headers: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    return [(k, v) for k, v in headers if not k.startswith(DLQ_PREFIX)]


def header(headers: list[tuple[str, bytes]], name: str) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode()
    return None
