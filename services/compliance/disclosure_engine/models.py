"""The checker's input and output: `CheckRequest` → `check()` → `CheckResult` with `Finding`s."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.vocabulary import ContentFormat, Platform, Relationship


class Verdict(StrEnum):
    COMPLIANT = "compliant"
    NEEDS_REVIEW = "needs_review"
    NON_COMPLIANT = "non_compliant"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class ImageEdits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    retouched: bool = False
    ai_generated: bool = False


class BrandGuidelines(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    required_hashtags: tuple[str, ...] = ()
    required_mentions: tuple[str, ...] = ()
    banned_terms: tuple[str, ...] = ()


class CheckRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(max_length=20_000)
    platform: Platform
    format: ContentFormat = ContentFormat.POST
    # Empty when the markets are not known (a campaign compliance has not heard of yet): the
    # check then says so and needs review, instead of passing on no rules at all.
    markets: tuple[str, ...] = Field(max_length=50)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    paid_partnership_label: bool = False
    relationship: Relationship = Relationship.PAID
    image_edited: ImageEdits | None = None
    guidelines: BrandGuidelines | None = None

    @field_validator("markets")
    @classmethod
    def _iso_codes(cls, markets: tuple[str, ...]) -> tuple[str, ...]:
        codes = tuple(dict.fromkeys(m.strip().upper() for m in markets))
        for code in codes:
            if len(code) != 2 or not code.isalpha() or not code.isascii():
                raise ValueError(f"market {code!r} is not an ISO 3166-1 alpha-2 code")
        return codes


class Evidence(BaseModel):
    """The matched span (offsets into the original text) or a description of what is missing."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    missing: str | None = None


class Finding(BaseModel):
    code: str
    jurisdiction: str | None  # None: not tied to a market (brand guidelines)
    severity: Severity
    message: str
    evidence: Evidence
    suggestion: str | None = None
    source: str | None = None


class DetectedLanguageInfo(BaseModel):
    code: str
    detector: str  # "given" when the request named the language
    confidence: float


class MarketVerdict(BaseModel):
    market: str
    rule_set: str | None  # the rule set applied (EU for a member without its own), None if none
    rule_set_version: str | None
    verdict: Verdict


class CheckResult(BaseModel):
    verdict: Verdict
    rule_set_version: str
    language: DetectedLanguageInfo
    markets: list[MarketVerdict]
    findings: list[Finding]
