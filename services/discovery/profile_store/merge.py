"""Upsert semantics of a profile written over a stored one (pure)."""

from __future__ import annotations

from typing import Any

from services.discovery.domain.profile import InfluencerProfile


def merge_profile(stored: dict[str, Any], incoming: InfluencerProfile) -> InfluencerProfile:
    """The incoming fields replace the stored ones; its accounts replace the stored accounts
    with the same (platform, handle), and the stored profile's other accounts are kept."""
    given = incoming.model_dump(mode="json", exclude_unset=True)
    merged = {**stored, **{k: v for k, v in given.items() if k != "accounts"}}
    accounts = {(a["platform"], a["handle"]): a for a in stored.get("accounts", [])}
    for account in given["accounts"]:
        accounts[(account["platform"], account["handle"])] = account
    merged["accounts"] = list(accounts.values())
    return InfluencerProfile.model_validate(merged)
