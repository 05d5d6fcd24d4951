"""Pydantic models of a jurisdiction's disclosure rule set, as kept in `rules/data/<CODE>.toml`.

The models are frozen: a loaded catalog is shared by every check and must not drift. They also
render themselves for `GET /v1/rules/{jurisdiction}` (`model_dump(mode="json")`).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.vocabulary import Relationship


class Certainty(StrEnum):
    """How sure a fact is: `secondary` = law firm or press only, `unverified` = not checked at source.

    Findings resting on a fact that is not `verified` are downgraded to warnings (needs_review).
    """

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class Requirement(StrEnum):
    REQUIRED = "required"
    NOT_REQUIRED = "not_required"
    UNKNOWN = "unknown"


class LabelForm(StrEnum):
    HASHTAG = "hashtag"
    PLAIN = "plain"
    BOTH = "both"


class PlatformToolRule(StrEnum):
    YES = "yes"
    NO = "no"
    IF_VISIBLE = "if_visible"
    UNKNOWN = "unknown"


class Position(StrEnum):
    FIRST_WORD = "first_word"
    START = "start"
    ABOVE_FOLD = "above_fold"
    ANYWHERE = "anywhere"


class HashtagBlockRule(StrEnum):
    """Where a label may sit inside a cluster of hashtags."""

    FORBIDDEN = "forbidden"
    FIRST_N = "first_n"
    START_OR_END = "start_or_end"
    ALLOWED = "allowed"


class EnglishAdRule(StrEnum):
    ACCEPTED = "accepted"
    DOUBTFUL = "doubtful"


class PlainLanguageRule(StrEnum):
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    UNKNOWN = "unknown"


class SpecialKind(StrEnum):
    RETOUCHED = "retouched"
    AI_GENERATED = "ai_generated"


class SpecialMode(StrEnum):
    """`text_label`: a caption label is checkable; `image_mark`/`review`: a person must look."""

    TEXT_LABEL = "text_label"
    IMAGE_MARK = "image_mark"
    REVIEW = "review"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Label(_Frozen):
    """A disclosure label. `text` may hold `{brand}` at its start (hashtag `#{brand}partner`) or
    end (`Promosso da {brand}`), meaning a brand name must fill that slot."""

    text: str = Field(min_length=1)
    language: str
    forms: LabelForm = LabelForm.BOTH
    brand_required: bool = False
    standalone: bool = False
    relationships: tuple[Relationship, ...] = ()
    companion_required: bool = False
    certainty: Certainty = Certainty.VERIFIED
    source: str | None = None

    @field_validator("text")
    @classmethod
    def _brand_slot_at_an_end(cls, value: str) -> str:
        inner = value.removeprefix("{brand}").removesuffix("{brand}")
        if "{" in inner or "}" in inner:
            raise ValueError("'{brand}' may only appear at the start or the end of a label")
        return value


class InsufficientLabel(_Frozen):
    text: str = Field(min_length=1)
    forms: LabelForm = LabelForm.BOTH
    standalone: bool = False
    reason: str
    source: str | None = None
    certainty: Certainty = Certainty.VERIFIED


class Placement(_Frozen):
    position: Position
    start_window_chars: int = Field(default=40, ge=0)
    hashtag_block: HashtagBlockRule = HashtagBlockRule.FORBIDDEN
    first_hashtags: int = Field(default=0, ge=0)
    certainty: Certainty = Certainty.VERIFIED
    note: str


class PlatformTool(_Frozen):
    rule: PlatformToolRule
    certainty: Certainty = Certainty.VERIFIED
    note: str


class PlainLanguage(_Frozen):
    rule: PlainLanguageRule
    certainty: Certainty = Certainty.VERIFIED
    note: str


class PlainPattern(_Frozen):
    """A regular expression over normalised text (lower case, diacritics removed)."""

    language: str
    keywords: tuple[str, ...] = Field(min_length=1)  # substrings, one of which the text must hold
    pattern: str
    relationships: tuple[Relationship, ...]
    example: str


class SpecialCategory(_Frozen):
    kind: SpecialKind
    mode: SpecialMode
    labels: tuple[str, ...] = ()
    certainty: Certainty = Certainty.VERIFIED
    source: str


class Relationships(_Frozen):
    paid: Requirement = Requirement.REQUIRED
    gifted: Requirement = Requirement.REQUIRED
    affiliate: Requirement = Requirement.REQUIRED
    employee: Requirement = Requirement.REQUIRED
    own_brand: Requirement = Requirement.UNKNOWN
    none: Requirement = Requirement.NOT_REQUIRED

    def requirement(self, relationship: Relationship) -> Requirement:
        return Requirement(getattr(self, relationship.value))


class RuleSet(_Frozen):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    version: str = Field(pattern=r"^\d{4}\.\d{1,2}\.\d+$")
    languages: tuple[str, ...] = Field(min_length=1)
    preferred_label: str
    labels: tuple[Label, ...] = Field(min_length=1)
    insufficient: tuple[InsufficientLabel, ...] = ()
    english_ad: EnglishAdRule
    label_must_match_post_language: bool = False
    plain_language: PlainLanguage
    plain_patterns: tuple[PlainPattern, ...] = ()
    placement: Placement
    platform_tool: PlatformTool
    relationships: Relationships = Relationships()
    special: tuple[SpecialCategory, ...] = ()
    member_states: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)
