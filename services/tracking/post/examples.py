"""OpenAPI examples of the post models: a skincare reel registered under its contract."""

from __future__ import annotations

from typing import Any

_CAMPAIGN = "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0a01"
_COLLABORATION = "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0b02"
_INFLUENCER = "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0c03"
POST_CREATE: dict[str, Any] = {
    "campaign_id": _CAMPAIGN, "collaboration_id": _COLLABORATION,
    "deliverable_id": "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0d04", "influencer_id": _INFLUENCER,
    "platform": "instagram", "format": "reel", "url": "https://www.instagram.com/reel/C7xYz12AbCd/",
    "text": "Ad | My evening routine with the new @glowlab serum #glowlab #ad",
    "published_at": "2026-05-04T18:30:00Z", "paid_partnership_label": True, "market": "US",
}
POST_READ: dict[str, Any] = {
    **POST_CREATE, "id": "0193f1e0-5d3b-7c6f-8b52-4d6e3f2a1b05", "relationship": "paid",
    "relationship_source": "contract", "image_retouched": False, "image_ai_generated": False,
    "followers": 48200, "created_at": "2026-05-04T18:31:00Z",
    "disclosure": {"verdict": "compliant", "check_id": "0193f1e0-6e4c-7d70-9c63-5e7f4a3b2c06",
                   "rule_set_version": "US:2025-06", "checked_at": "2026-05-04T18:30:02Z"},
}
