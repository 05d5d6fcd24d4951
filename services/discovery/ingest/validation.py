"""Turn a row's document into a validated profile or a list of field-level issues."""

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from services.discovery.domain.profile import MAX_TAGS, InfluencerProfile
from services.discovery.ingest.report import AcceptedRow, ImportItem, RejectedRow, RowIssue, rejected

# Maps a pydantic error location onto the name the user's file uses for that field.
FieldNamer = Callable[[tuple[int | str, ...]], str]


def dotted(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "row"


def validation_issues(error: ValidationError, name_field: FieldNamer) -> list[RowIssue]:
    issues = []
    for detail in error.errors(include_url=False):
        reason = detail["msg"].removeprefix("Value error, ")
        issues.append(RowIssue(name_field(tuple(detail["loc"])), reason))
    return issues


def validate_document(
    document: dict[str, Any],
    *,
    row: int,
    line: int,
    issues: Sequence[RowIssue] = (),
    name_field: FieldNamer = dotted,
) -> ImportItem:
    """Validate; issues found while building the document are reported with the model's."""
    try:
        profile = InfluencerProfile.model_validate(document)
    except ValidationError as error:
        # A field the build could not read is refused by the model too, for a value the row
        # never held: the build's reason is the one to fix.
        built = {issue.field for issue in issues}
        found = [i for i in validation_issues(error, name_field) if i.field not in built]
        return RejectedRow(row, line, (*issues, *found))
    if issues:
        return RejectedRow(row, line, tuple(issues))
    return accepted(row, line, profile, name_field)


def accepted(row: int, line: int, profile: InfluencerProfile, name_field: FieldNamer = dotted
             ) -> ImportItem:
    """The row's valid profile, unless it holds more tags than a profile is given: its search
    row could not be written, and with it the rows of its batch."""
    if len(profile.tags) > MAX_TAGS:
        return rejected(row, line, name_field(("tags",)), f"at most {MAX_TAGS} tags, got {len(profile.tags)}")
    return AcceptedRow(row, line, profile)
