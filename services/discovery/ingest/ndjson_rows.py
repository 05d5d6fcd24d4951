"""NDJSON lines → import items: each non-blank line is one profile document."""

import json

from services.discovery.ingest.report import ImportItem, rejected
from services.discovery.ingest.validation import validate_document


def ndjson_item(number: int, text: str) -> ImportItem | None:
    """The line's item, or None for a blank line."""
    if not text.strip():
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return rejected(number, number, "row", f"invalid JSON at column {error.colno}: {error.msg}")
    if not isinstance(document, dict):
        return rejected(number, number, "row", "each line must be a JSON object")
    return validate_document(document, row=number, line=number)
