"""NDJSON lines → import items: each non-blank line is one profile document."""

import json

from pydantic import ValidationError

from services.discovery.domain.profile import InfluencerProfile
from services.discovery.ingest.report import AcceptedRow, ImportItem, rejected
from services.discovery.ingest.validation import validate_document


def ndjson_item(number: int, text: str) -> ImportItem | None:
    """The line's item, or None for a blank line."""
    if not text.strip():
        return None
    try:
        # One pass instead of json.loads then validation; it accepts the same lines as the same
        # profiles (duplicate keys, number forms and escapes agree), and a line it refuses
        # takes the path below, which words the report.
        return AcceptedRow(number, number, InfluencerProfile.model_validate_json(text))
    except ValidationError:
        pass
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return rejected(number, number, "row", f"invalid JSON at column {error.colno}: {error.msg}")
    if not isinstance(document, dict):
        return rejected(number, number, "row", "each line must be a JSON object")
    return validate_document(document, row=number, line=number)
