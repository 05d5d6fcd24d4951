"""HTTP bodies → the domain's profile document (pure), and its validation as 422 problems."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from services.discovery.domain.profile import InfluencerProfile, account_limit_problem
from services.discovery.influencer.schemas import AccountIn, ProfileFields
from shared.http.problems import FieldError, ProblemError

_ENGAGEMENT = ("avg_likes", "avg_comments", "avg_shares", "avg_saves", "avg_views",
               "avg_engagements", "posts_per_week", "window_posts")


def account_document(account: AccountIn, now: datetime) -> dict[str, Any]:
    provenance: dict[str, Any] = {"observed_at": (account.observed_at or now).isoformat(),
                                  "source": account.source.value, "confidence": account.confidence}
    doc: dict[str, Any] = account.model_dump(
        mode="json", exclude_none=True,
        include={"platform", "handle", "url", "account_type", "last_posted_at"})
    doc["stats"] = {"provenance": provenance, **account.model_dump(
        exclude_none=True, include={"followers", "following", "posts_count"})}
    engagement = account.model_dump(exclude_none=True, include=set(_ENGAGEMENT))
    if engagement:
        doc["engagement"] = {"provenance": provenance, **engagement}
    if account.audience is not None:
        audience = account.audience.model_dump(mode="json", exclude_none=True, exclude={"observed_at"})
        observed = account.audience.observed_at
        doc["audience"] = {**audience, "provenance": {
            **provenance, **({"observed_at": observed.isoformat()} if observed else {})}}
    return doc


def profile_changes(body: ProfileFields, now: datetime) -> dict[str, Any]:
    """The fields the client sent, accounts as domain documents."""
    changes = body.model_dump(mode="json", exclude_unset=True, exclude={"accounts"})
    accounts: list[AccountIn] | None = getattr(body, "accounts", None)
    if accounts is not None:
        changes["accounts"] = [account_document(a, now) for a in accounts]
    return changes


def validated_profile(document: dict[str, Any]) -> InfluencerProfile:
    """The profile, or a 422 problem whose field paths match the request body."""
    try:
        return InfluencerProfile.model_validate(document)
    except ValidationError as error:
        errors = [
            FieldError(field=".".join(["body", *(str(p) for p in e["loc"])]),
                       message=e["msg"].removeprefix("Value error, "), type=e["type"])
            for e in error.errors(include_url=False)
        ]
        raise ProblemError(422, "Request validation failed",
                           f"{len(errors)} field(s) are invalid", "validation-error", errors) from error


def check_account_limit(accounts: int, stored: int) -> None:
    """A PATCH's accounts are added to the stored ones (domain.profile.account_limit_problem)."""
    if (message := account_limit_problem(accounts, stored)) is not None:
        raise ProblemError(422, "Request validation failed", "1 field is invalid", "validation-error",
                           [FieldError(field="body.accounts", message=message, type="too_long")])
