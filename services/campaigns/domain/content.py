"""Content approval rules (guide step 6): which disclosure check a draft stands on, whether it may
be approved, and when a collaboration's content is done. Pure: callers pass what they read."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    """Compliance's verdict on a draft (DisclosureCheckCompleted.verdict)."""

    COMPLIANT = "compliant"
    NEEDS_REVIEW = "needs_review"
    NON_COMPLIANT = "non_compliant"


@dataclass(frozen=True)
class CheckResult:
    check_id: uuid.UUID
    verdict: str
    checked_at: datetime


def newest_check(checks: Iterable[CheckResult]) -> CheckResult | None:
    """The check a draft stands on: the newest by `checked_at`. Events may arrive twice or out of
    order, and compliance re-checks under the same id with a later `checked_at`, so the arrival
    order means nothing. Equal times fall to the larger id, so every reader picks the same one."""
    return max(checks, key=lambda c: (c.checked_at, c.check_id), default=None)


def supersedes(incoming: datetime, stored: datetime | None) -> bool:
    """Whether a result of a check replaces the one kept for that check (strictly newer only: a
    redelivered event changes nothing)."""
    return stored is None or incoming > stored


@dataclass(frozen=True)
class Refusal:
    """Why a draft cannot be approved: `code` is the problem type's slug."""

    code: str
    detail: str


def approval_refusal(check: CheckResult | None, override_reason: str | None) -> Refusal | None:
    """None when the draft may be approved. A non-compliant check refuses it outright (the
    findings say what to fix; the creator submits a new version). A check that needs review, or
    none received yet, refuses it unless the brand gives the reason it approves anyway."""
    overridden = bool(override_reason and override_reason.strip())
    if check is None:
        if overridden:
            return None
        return Refusal("disclosure-check-pending", "the disclosure check of this draft has not "
                       "arrived yet; approve it with an override_reason to go ahead without it")
    if check.verdict == Verdict.NON_COMPLIANT:
        return Refusal("draft-non-compliant", f"the newest disclosure check ({check.check_id}, "
                       f"{check.checked_at.isoformat()}) found this draft non-compliant; fix its "
                       "findings and submit a new version")
    if check.verdict == Verdict.NEEDS_REVIEW and not overridden:
        return Refusal("draft-needs-review", f"the newest disclosure check ({check.check_id}) "
                       "says this draft needs review; approve it with an override_reason saying "
                       "why it is fine")
    return None


def raises_compliance_alert(approved: bool, before: CheckResult | None,
                            after: CheckResult | None) -> bool:
    """Whether a check result raises an alert on a draft: the draft's approval stands (given over
    a pending check or a needs-review one, or on a compliant check that compliance re-judged) and
    its newest check has just become non-compliant. Once per change: a re-check that keeps it
    non-compliant raises nothing new; one that clears it and a later one that fails it again do."""
    return (approved and after is not None and after.verdict == Verdict.NON_COMPLIANT
            and (before is None or before.verdict != Verdict.NON_COMPLIANT))


def may_auto_approve(check: CheckResult | None) -> bool:
    """Silence approves only what compliance passed: no one is there to give an override reason."""
    return check is not None and check.verdict == Verdict.COMPLIANT


@dataclass(frozen=True)
class DeliverableState:
    deliverable_id: uuid.UUID
    published: bool
    paid: bool


def completion_blockers(deliverables: Iterable[DeliverableState]) -> list[str]:
    """What keeps a collaboration from completing: each deliverable not yet published or not yet
    paid. Empty when it may complete."""
    blockers = []
    for d in deliverables:
        missing = [what for what, done in (("published", d.published), ("paid", d.paid)) if not done]
        if missing:
            blockers.append(f"deliverable {d.deliverable_id} is not {' or '.join(missing)}")
    return blockers


@dataclass(frozen=True)
class ChecklistEntry:
    kind: str
    item: str
    market: str | None = None


_KINDS = (("required_hashtags", "required_hashtag"), ("required_mentions", "required_mention"),
          ("banned_terms", "banned_term"), ("dos", "do"), ("donts", "dont"))


def checklist(guidelines: Mapping[str, Any],
              variants: Sequence[Mapping[str, Any]] = ()) -> list[ChecklistEntry]:
    """The campaign's guidelines item by item, as review comments name them: the campaign's own,
    then each market variant's do's and don'ts."""
    entries = [ChecklistEntry(kind, item) for key, kind in _KINDS for item in guidelines.get(key) or []]
    for variant in variants:
        entries += [ChecklistEntry(kind, item, variant["market"])
                    for key, kind in _KINDS[3:] for item in variant.get(key) or []]
    return entries


def unknown_items(items: Iterable[str | None], entries: Sequence[ChecklistEntry]) -> list[str]:
    """Commented items that are not on the checklist (None is a comment on the whole draft)."""
    known = {entry.item for entry in entries}
    return [item for item in items if item is not None and item not in known]
