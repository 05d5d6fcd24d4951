"""The shape every CSV preset has: a header test and a record → document mapping."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from shared.ingest.report import RowIssue


@dataclass(slots=True)
class RowDocument:
    """The profile document built from one record, and what could not be read from it."""

    document: dict[str, Any]
    issues: list[RowIssue] = field(default_factory=list)


class CsvPreset(Protocol):
    name: str
    required_columns: frozenset[str]
    known_columns: frozenset[str]

    def matches(self, header: Sequence[str]) -> bool:
        """True when the header unambiguously belongs to this preset."""
        ...

    def build(self, record: Mapping[str, str], received_at: datetime) -> RowDocument: ...

    def column_for(self, loc: tuple[int | str, ...]) -> str:
        """The column the user should fix for a model error at `loc`."""
        ...
