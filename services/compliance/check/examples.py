"""OpenAPI examples of the check models: one German-market caption, checked and found wanting."""

from __future__ import annotations

from typing import Any

IMAGE_EDITED: dict[str, Any] = {"retouched": True, "ai_generated": False}
GUIDELINES: dict[str, Any] = {
    "required_hashtags": ["#glowweek"], "required_mentions": ["@acme"], "banned_terms": ["cure"],
}
_TEXT = "Meine neue Lieblingscreme von @acme ✨ so ein Glow! #skincare #glowweek #ad"

CHECK_CREATE: dict[str, Any] = {
    "text": _TEXT,
    "platform": "instagram",
    "format": "post",
    "markets": ["DE", "AT"],
    "paid_partnership_label": False,
    "relationship": "paid",
    "image_edited": IMAGE_EDITED,
    "campaign_id": "0190c2a4-6a4e-7b1c-9d2e-3f4a5b6c7d8e",
}
EVIDENCE: dict[str, Any] = {"text": "#ad", "start": 72, "end": 75, "missing": None}
FINDING: dict[str, Any] = {
    "code": "english_label_doubtful",
    "jurisdiction": "DE",
    "severity": "warning",
    "message": "'#ad' is not enough on its own in DE: not recommended by the Medienanstalten",
    "evidence": EVIDENCE,
    "suggestion": "put 'Anzeige' at the start of the text",
    "source": "Medienanstalten Leitfaden 2023",
}
LANGUAGE: dict[str, Any] = {"code": "de", "detector": "stopword-profile-v1", "confidence": 0.667}
MARKET_VERDICT: dict[str, Any] = {
    "market": "DE", "rule_set": "DE", "rule_set_version": "2026.11.1", "verdict": "non_compliant",
}
CHECK_READ: dict[str, Any] = {
    "id": "0190c2a5-0b1c-7d2e-8f3a-4b5c6d7e8f90",
    "subject_type": "adhoc",
    "subject_id": None,
    "campaign_id": CHECK_CREATE["campaign_id"],
    "influencer_id": None,
    "verdict": "non_compliant",
    "rule_set_version": "DE@2026.11.1+EU@2026.11.1",
    "language": LANGUAGE,
    "markets": [
        MARKET_VERDICT,
        {"market": "AT", "rule_set": "EU", "rule_set_version": "2026.11.1", "verdict": "needs_review"},
    ],
    "findings": [
        FINDING,
        {
            "code": "missing_disclosure", "jurisdiction": "DE", "severity": "error",
            "message": "no disclosure of the commercial relationship that DE accepts",
            "evidence": {"text": None, "start": None, "end": None,
                         "missing": "a disclosure label such as 'Anzeige'"},
            "suggestion": "put 'Anzeige' at the start of the text", "source": None,
        },
    ],
    "input": {
        **{k: v for k, v in CHECK_CREATE.items() if k != "campaign_id"},
        "language": None,
        "guidelines": GUIDELINES,
    },
    "checked_at": "2027-03-02T10:15:00Z",
    "created_at": "2027-03-02T10:15:00Z",
}
