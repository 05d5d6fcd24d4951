"""HTTP models of `/v1/checks`: what a client sends, and a stored check as it is read back."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from services.compliance.check.examples import (
    CHECK_CREATE,
    CHECK_READ,
    EVIDENCE,
    FINDING,
    GUIDELINES,
    IMAGE_EDITED,
    LANGUAGE,
    MARKET_VERDICT,
)
from services.compliance.disclosure_engine.language import DETECTOR
from services.compliance.disclosure_engine.models import Severity, Verdict
from services.compliance.markets import market_code
from services.compliance.models import Check
from shared.http.pagination import Page
from shared.vocabulary import ContentFormat, Platform, Relationship

MAX_MARKETS = 50
MarketCode = Annotated[str, AfterValidator(market_code)]
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class ImageEdited(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [IMAGE_EDITED]})

    retouched: bool = Field(default=False, description="Body or face retouched or filtered")
    ai_generated: bool = Field(default=False, description="Image made or altered by AI")


class CheckCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [CHECK_CREATE]})

    text: str = Field(max_length=20_000, description="Caption, description or transcript")
    platform: Platform
    format: ContentFormat = ContentFormat.POST
    markets: list[MarketCode] | None = Field(
        default=None, min_length=1, max_length=MAX_MARKETS,
        description="ISO 3166-1 alpha-2 codes; when absent, the markets of `campaign_id`",
    )
    language: str | None = Field(
        default=None, pattern=LANGUAGE_TAG,
        description=f"BCP 47 language of the text; detected ({DETECTOR}) when absent",
    )
    paid_partnership_label: bool = Field(
        default=False, description="The platform's own paid-partnership tag is switched on"
    )
    relationship: Relationship = Relationship.PAID
    image_edited: ImageEdited | None = None
    campaign_id: uuid.UUID | None = Field(
        default=None, description="Apply this campaign's brand guidelines (and default markets)"
    )
    influencer_id: uuid.UUID | None = Field(default=None, description="Whose content this is")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("the text to check is empty")
        return text


class Evidence(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVIDENCE]})

    text: str | None = Field(default=None, description="The span as written in the text")
    start: int | None = Field(default=None, description="Offset of the span in `input.text`")
    end: int | None = None
    missing: str | None = Field(default=None, description="What is missing, when nothing matched")


class FindingRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [FINDING]})

    code: str
    jurisdiction: str | None = Field(description="The market it is for; null for brand guidelines")
    severity: Severity = Field(description="error → non_compliant; warning → needs_review")
    message: str
    evidence: Evidence
    suggestion: str | None = None
    source: str | None = None


class LanguageRead(BaseModel):
    """The text's language. `detector` is `given` when the request named it; otherwise
    `stopword-profile-v1`, a stopword and letter profile of the rule languages: short or
    hashtag-only texts give `und` (undetermined), close pairs (da/nb, sv/nb, es/pt, lv/lt) are
    told apart by few words, and kanji-only Japanese reads as Chinese."""

    model_config = ConfigDict(json_schema_extra={"examples": [LANGUAGE]})

    code: str
    detector: str
    confidence: float


class MarketVerdict(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [MARKET_VERDICT]})

    market: str
    rule_set: str | None = Field(description="The rule set applied (EU for a member without its own)")
    rule_set_version: str | None
    verdict: Verdict


class GuidelinesRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [GUIDELINES]})

    required_hashtags: list[str]
    required_mentions: list[str]
    banned_terms: list[str]


class CheckInput(BaseModel):
    """The checker's input as it was applied (campaign markets and guidelines filled in)."""

    model_config = ConfigDict(json_schema_extra={"examples": [CHECK_READ["input"]]})

    text: str
    platform: Platform
    format: ContentFormat
    markets: list[str]
    language: str | None
    paid_partnership_label: bool
    relationship: Relationship
    image_edited: ImageEdited | None
    guidelines: GuidelinesRead | None


class CheckRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [CHECK_READ]})

    id: uuid.UUID
    subject_type: str = Field(description="`adhoc` (this API), `draft` or `post` (from events)")
    subject_id: uuid.UUID | None = Field(description="The submission or post id")
    campaign_id: uuid.UUID | None
    influencer_id: uuid.UUID | None
    verdict: Verdict = Field(description="The strictest verdict across the markets")
    rule_set_version: str = Field(description="`CODE@version` of every rule set applied, joined by +")
    language: LanguageRead
    markets: list[MarketVerdict]
    findings: list[FindingRead]
    input: CheckInput
    checked_at: datetime = Field(description="When the current verdict was reached (recheck moves it)")
    created_at: datetime

    @classmethod
    def of(cls, check: Check) -> CheckRead:
        """From a stored `Check` row: its JSON columns already hold the checker's shapes."""
        result = check.result
        return cls(
            id=check.id, subject_type=check.subject_type, subject_id=check.subject_id,
            campaign_id=check.campaign_id, influencer_id=check.influencer_id,
            verdict=check.verdict, rule_set_version=check.rule_set_version,
            language=result["language"], markets=result["markets"], findings=result["findings"],
            input=check.request, checked_at=check.checked_at, created_at=check.created_at,
        )


CheckPage = Page[CheckRead]
