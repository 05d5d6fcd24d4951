"""Import routes: which format a streamed upload is in, from `?format=` or its Content-Type."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from shared.http.problems import PROBLEM_RESPONSES, ProblemError
from shared.ingest.parser import ImportFormat

MEDIA_TYPES = {
    "text/csv": ImportFormat.CSV,
    "application/csv": ImportFormat.CSV,
    "application/x-ndjson": ImportFormat.NDJSON,
    "application/ndjson": ImportFormat.NDJSON,
    "application/jsonl": ImportFormat.NDJSON,
    "application/x-jsonlines": ImportFormat.NDJSON,
}
UNSUPPORTED: dict[int | str, dict[str, Any]] = {
    415: PROBLEM_RESPONSES[422] | {"description": "Neither Content-Type nor `format` names CSV or NDJSON"}}


def import_format(request: Request, fmt: ImportFormat | None) -> ImportFormat:
    """`fmt` when given, else the one the Content-Type names; a 415 problem otherwise."""
    if fmt is not None:
        return fmt
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type in MEDIA_TYPES:
        return MEDIA_TYPES[media_type]
    raise ProblemError(415, "Unsupported media type",
                       f"send text/csv or application/x-ndjson, or pass format=csv|ndjson "
                       f"(got {media_type or 'no Content-Type'!r})", "unsupported-media-type")
