from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl

from shared.codes import CountryCode
from shared.http.pagination import Page
from shared.vocabulary import ContentFormat, Platform

_ID = "0190f5a2-8000-7000-8000-0000000000"
DraftStatus = Literal["submitted", "changes_requested", "approved", "superseded", "revoked"]


class DraftCreate(BaseModel):
    """A version of a deliverable's content. Platform and format default to the deliverable's
    (the old spellings `live` and `blog` are read as livestream and article)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Ad | Dinner from @dasheats in 20 minutes, my new Friday ritual #DashEatsAustin",
        "media_urls": ["https://cdn.example.com/maya/dasheats-reel.mp4"],
        "planned_publish_at": "2027-05-07T18:00:00Z", "paid_partnership_label": True,
    }]})

    text: str = Field(min_length=1, max_length=20_000)
    media_urls: list[HttpUrl] = Field(default_factory=list, max_length=50)
    platform: Platform | None = None
    format: ContentFormat | None = None
    planned_publish_at: AwareDatetime | None = None
    paid_partnership_label: bool = Field(default=False, description="The platform's own paid "
                                         "partnership label will be switched on")
    image_retouched: bool = False
    image_ai_generated: bool = False


_FINDING: dict[str, Any] = {"code": "missing_disclosure", "jurisdiction": "US", "severity": "error",
            "message": "no disclosure of the commercial relationship that US accepts",
            "suggestion": "put '#ad' at the start of the text"}
_CHECK: dict[str, Any] = {"check_id": _ID + "51", "verdict": "non_compliant", "markets": ["US"],
          "rule_set_version": "US@3", "findings": [_FINDING], "checked_at": "2027-05-01T09:00:02Z"}
_COMMENT: dict[str, Any] = {"item": "Show the delivery time", "comment": "Say the 20 minutes on screen too"}


class FindingRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_FINDING]})

    code: str
    jurisdiction: str = Field(description="The market it is for; empty for brand guidelines")
    severity: str
    message: str
    suggestion: str | None = Field(description="Compliance's suggested fix, when it has one")


class CheckRead(BaseModel):
    """The newest disclosure check of the draft (compliance's DisclosureCheckCompleted)."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_CHECK]})

    check_id: uuid.UUID
    verdict: Literal["compliant", "needs_review", "non_compliant"]
    markets: list[str]
    rule_set_version: str
    findings: list[FindingRead]
    checked_at: datetime


class GuidelineComment(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_COMMENT]})

    item: str | None = Field(default=None, max_length=2000, description="The guideline item "
                             "commented on, as the draft's `checklist` spells it; null for the "
                             "draft as a whole")
    comment: str = Field(min_length=1, max_length=5000)


class ChangesCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "comments": [_COMMENT, {"item": None, "comment": "Lovely shot; keep it."}],
        "note": "Round 2: only the caption."}]})

    comments: list[GuidelineComment] = Field(min_length=1, max_length=200)
    note: str | None = Field(default=None, max_length=5000)


class ApprovalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {}, {"override_reason": "Legal confirmed 'Werbung' at the start is enough for DE"}]})

    override_reason: str | None = Field(default=None, max_length=2000, description="Why a "
                                        "draft whose check needs review (or has not arrived) "
                                        "is approved anyway; a non-compliant one is never")
    note: str | None = Field(default=None, max_length=5000)


class ReviewRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "round": 1, "draft_id": _ID + "31", "decision": "changes_requested",
        "comments": [_COMMENT], "note": "Round 1", "override_reason": None, "auto": False,
        "actor": "user-7", "decided_at": "2027-05-02T10:00:00Z"}]})

    round: int = Field(description="Per deliverable, across its versions: 1, 2, …")
    draft_id: uuid.UUID
    decision: Literal["changes_requested", "approved", "approval_revoked"]
    comments: list[GuidelineComment]
    note: str | None
    override_reason: str | None
    auto: bool = Field(description="Approved by the brand's silence (the campaign's review "
                       "policy)")
    actor: str | None
    decided_at: datetime


class ChecklistItem(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"kind": "do", "item": "Show the delivery time", "market": None}]})

    kind: Literal["required_hashtag", "required_mention", "banned_term", "do", "dont"]
    item: str
    market: CountryCode | None = Field(description="Set for a market variant's own do or don't")


class DraftRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": _ID + "31", "deliverable_id": _ID + "21", "collaboration_id": _ID + "11",
        "campaign_id": _ID + "01", "influencer_id": _ID + "41", "version": 2,
        "platform": "instagram", "format": "reel",
        "text": "Ad | Dinner from @dasheats #DashEatsAustin", "media_urls": [],
        "planned_publish_at": "2027-05-07T18:00:00Z", "paid_partnership_label": True,
        "image_retouched": False, "image_ai_generated": False, "relationship": "paid",
        "status": "submitted", "submitted_at": "2027-05-01T09:00:00Z", "submitted_by": "user-7",
        "auto_approve_at": "2027-05-06T00:00:00Z", "decided_at": None,
        "check": {"check_id": _ID + "51", "verdict": "compliant", "markets": ["US"],
                  "rule_set_version": "US@3", "findings": [],
                  "checked_at": "2027-05-01T09:00:02Z"},
        "approvable": True, "refusal": None, "compliance_alert": False, "reviews": [],
        "checklist": [
            {"kind": "required_hashtag", "item": "#DashEatsAustin", "market": None}],
    }]})

    id: uuid.UUID = Field(description="The submission id (compliance's subject_id)")
    deliverable_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    version: int
    platform: str
    format: str
    text: str
    media_urls: list[str]
    planned_publish_at: datetime | None
    paid_partnership_label: bool
    image_retouched: bool
    image_ai_generated: bool
    relationship: str = Field(description="From the contract's compensation model; compliance "
                              "judges the disclosure by it")
    status: DraftStatus = Field(description="submitted (awaiting review), changes_requested, "
                                "approved, superseded (a newer version came), revoked (approved, "
                                "then a later disclosure check found it non-compliant before it "
                                "was published: a new version is due)")
    submitted_at: datetime
    submitted_by: str | None
    auto_approve_at: datetime | None = Field(description="When silence approves it (review "
                                             "policy), if its check passed")
    decided_at: datetime | None
    check: CheckRead | None = Field(description="Null until compliance's result arrives")
    approvable: bool
    refusal: str | None = Field(description="Why approving it now would be refused")
    compliance_alert: bool = Field(description="Approved, but its newest disclosure check is "
                                   "non-compliant: compliance changed its verdict after the post "
                                   "went live (an unpublished one is revoked instead)")
    reviews: list[ReviewRead]
    checklist: list[ChecklistItem] = Field(description="The campaign's guidelines, item by item, "
                                           "that review comments refer to")


DraftPage = Page[DraftRead]


class ReviewPolicyWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"auto_approve_after_business_days": 3, "holiday_market": "US"},
        {"auto_approve_after_business_days": None}]})

    auto_approve_after_business_days: int | None = Field(
        default=None, ge=1, le=60, description="Silence for this many business days approves a "
        "draft whose disclosure check passed; null: never")
    holiday_market: CountryCode | None = Field(default=None, description="Whose weekend and "
                                               "public holidays count; default the campaign's "
                                               "first market")


class ReviewPolicyRead(ReviewPolicyWrite):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "campaign_id": _ID + "01", "auto_approve_after_business_days": 3,
        "holiday_market": "US", "updated_at": "2027-04-20T09:00:00Z"}]})

    campaign_id: uuid.UUID
    updated_at: datetime | None
