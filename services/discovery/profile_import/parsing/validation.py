"""Turn a row's document into a validated profile or a list of field-level issues."""

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from services.discovery.domain.profile import MAX_ACCOUNTS, MAX_TAGS, InfluencerProfile
from services.discovery.profile_import.parsing.report import AcceptedRow, ImportItem
from shared.ingest.report import RejectedRow, RowIssue
from shared.provenance import ahead_of

# Maps a pydantic error location onto the name the user's file uses for that field.
Loc = tuple[int | str, ...]
FieldNamer = Callable[[Loc], str]


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
    received_at: datetime,
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
    return accepted(row, line, profile, received_at, name_field)


def accepted(row: int, line: int, profile: InfluencerProfile, received_at: datetime,
             name_field: FieldNamer = dotted) -> ImportItem:
    """The row's valid profile, unless it holds more than a profile is given (as over HTTP):
    more tags than its search row can index, which would fail its whole batch, more accounts
    than one creator has, or a figure observed after the file was received."""
    problems = tuple(RowIssue(name_field(loc), why) for loc, why in _beyond_given(profile, received_at))
    return RejectedRow(row, line, problems) if problems else AcceptedRow(row, line, profile)


def _beyond_given(profile: InfluencerProfile, received_at: datetime) -> Iterator[tuple[Loc, str]]:
    if len(profile.tags) > MAX_TAGS:
        yield ("tags",), f"at most {MAX_TAGS} tags, got {len(profile.tags)}"
    if len(profile.accounts) > MAX_ACCOUNTS:
        yield ("accounts",), f"at most {MAX_ACCOUNTS} accounts, got {len(profile.accounts)}"
    for loc, observed_at in _timestamps(profile):
        if (why := ahead_of(observed_at, received_at)) is not None:
            yield loc, why


def _timestamps(profile: InfluencerProfile) -> Iterator[tuple[Loc, datetime]]:
    """Each account's observation times, each once: where its figures share one (a CSV's one
    observed_at dates counts, engagement and audience), it is reported where it was given."""
    for n, account in enumerate(profile.accounts):
        held = {"stats": account.stats, "engagement": account.engagement, "audience": account.audience}
        seen: set[datetime] = set()
        for name, group in held.items():
            if group is not None and group.provenance.observed_at not in seen:
                seen.add(group.provenance.observed_at)
                yield ("accounts", n, name, "provenance", "observed_at"), group.provenance.observed_at
        if account.last_posted_at is not None:
            yield ("accounts", n, "last_posted_at"), account.last_posted_at
