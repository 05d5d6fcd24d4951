"""Dead-letter topics: `dlq.<consumer-service>.<source-topic>`, failure details in `x-dlq-*` headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiokafka.structs import ConsumerRecord

# Documented values of `x-dlq-failure-reason` (a type unknown to the catalog is skipped, not
# dead-lettered: a producer may emit a newer version before its consumers know it).
FAILURE_REASONS = ("deserialization", "validation", "handler_error")
DLQ_PREFIX = "x-dlq-"
_MAX_MESSAGE = 500

# A dead letter's headers are read by people and indexed by tools that are not cleared for
# customers' data, so an exception's message loses, before it is bounded:
_REDACTIONS: list[tuple[re.Pattern[str], str]] = [
    # SQLAlchemy's "[parameters: (...)]": the values bound to a statement (names, emails, …).
    (re.compile(r"\[parameters: .*?\](?=\s*(?:\(Background on this error|\[SQL:|$))", re.DOTALL),
     "[parameters: ***]"),
    # PostgreSQL's DETAIL lines: "Key (email)=(ana@example.com)", "Failing row contains (...)".
    (re.compile(r"(Key \([^)]*\)=)\(.*?\)(?= already exists| is not present|\.|$)", re.MULTILINE),
     r"\1(***)"),
    (re.compile(r"(Failing row contains )\(.*\)", re.MULTILINE), r"\1(***)"),
    # Literals inlined into SQL text.
    (re.compile(r"'(?:[^']|'')*'"), "'***'"),
    # pydantic: "input_value='ana@example.com', input_type=str".
    (re.compile(r"input_value=.*?(?=, input_type=|\]|$)", re.MULTILINE), "input_value=***"),
    # Bearer tokens, key=value secrets, credentials in URLs and JWTs.
    (re.compile(r"\bBearer\s+\S+", re.IGNORECASE), "Bearer ***"),
    (re.compile(r"(password|passwd|secret|token|authorization|api[_-]?key)(\s*[=:]\s*)\S+", re.IGNORECASE),
     r"\1\2***"),
    (re.compile(r"(\w+://)[^/\s:@]+:[^/\s@]+@"), r"\1***@"),
    (re.compile(r"\beyJ[\w-]*\.[\w-]+\.[\w-]*"), "<jwt>"),
    # Personal data anywhere else in the text: emails, international phone numbers, IP addresses.
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "<email>"),
    (re.compile(r"\+\d[\d\s().-]{6,}\d"), "<phone>"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "<ip>"),
    (re.compile(r"\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b", re.IGNORECASE), "<ip>"),
]


def dlq_topic(consumer_service: str, source_topic: str) -> str:
    return f"dlq.{consumer_service}.{source_topic}"


def redact(message: str) -> str:
    for pattern, replacement in _REDACTIONS:
        message = pattern.sub(replacement, message)
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"


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
