"""HTTP models of `GET /v1/rules` and `GET /v1/rules/{jurisdiction}`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.compliance.rules.models import RuleSet


class CertaintySummary(BaseModel):
    """How many of a rule set's facts (labels, insufficient labels, placement, platform tool,
    plain language, special categories) are verified at the regulator's own source, rest on a
    secondary source only, or are unverified; findings resting on the last two only warn."""

    verified: int
    secondary: int
    unverified: int


class RuleSetSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "code": "DE", "name": "Germany", "version": "2026.11.1", "languages": ["de"],
        "preferred_label": "Anzeige", "certainty": {"verified": 9, "secondary": 0, "unverified": 1},
        "member_states": [], "sources": 4,
    }]})

    code: str
    name: str
    version: str
    languages: list[str]
    preferred_label: str
    certainty: CertaintySummary
    member_states: list[str] = Field(
        description="For the EU baseline: the member states without a rule set of their own"
    )
    sources: int = Field(description="How many sources the rule set cites (see the full rule set)")


class RuleSetList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [
        RuleSetSummary.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]
    ]}]})

    items: list[RuleSetSummary]


_DE_EXAMPLE: dict[str, Any] = {
    "code": "DE", "name": "Germany", "version": "2026.11.1", "languages": ["de"],
    "preferred_label": "Anzeige",
    "labels": [{"text": "Anzeige", "language": "de", "forms": "both", "brand_required": False,
                "standalone": False, "relationships": [], "companion_required": False,
                "certainty": "verified", "source": "Medienanstalten Leitfaden 2023"}],
    "insufficient": [{"text": "sponsored by", "forms": "both", "standalone": False,
                      "reason": "not recommended by the Medienanstalten: English and unclear",
                      "source": "Medienanstalten Leitfaden 2023", "certainty": "verified"}],
    "english_ad": "doubtful", "label_must_match_post_language": False,
    "plain_language": {"rule": "not_accepted", "certainty": "unverified",
                       "note": "the Medienanstalten expect the words 'Werbung' or 'Anzeige'"},
    "plain_patterns": [],
    "placement": {"position": "start", "start_window_chars": 40, "hashtag_block": "forbidden",
                  "first_hashtags": 0, "certainty": "verified",
                  "note": "at the beginning, recognisable at first glance"},
    "platform_tool": {"rule": "if_visible", "certainty": "verified",
                      "note": "'Bezahlte Werbepartnerschaft' counts when shown visibly in front"},
    "relationships": {"paid": "required", "gifted": "required", "affiliate": "required",
                      "employee": "required", "own_brand": "required", "none": "not_required"},
    "special": [], "member_states": {}, "notes": [],
    "sources": ["UWG §5a(4); MStV §22", "BGH I ZR 90/20 (srd-rechtsanwaelte.de)"],
}


class RuleSetRead(RuleSet):
    """A jurisdiction's full rule set, exactly as the checker applies it, with version and sources."""

    model_config = ConfigDict(json_schema_extra={"examples": [_DE_EXAMPLE]})
