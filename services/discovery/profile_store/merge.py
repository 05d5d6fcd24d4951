"""Upsert semantics of a profile written over a stored one (pure)."""

from __future__ import annotations

from typing import Any

from services.discovery.domain.profile import InfluencerProfile


def merge_profile(stored: dict[str, Any], incoming: InfluencerProfile) -> InfluencerProfile:
    """The incoming fields replace the stored ones, in the profile and in each of its accounts
    (matched by (platform, handle)); the stored profile's other accounts are kept.

    An account's metric groups (stats, engagement, audience) are each observed together, so a
    given group replaces the stored one whole; a group the row does not give is kept with its
    own provenance, as a connector refresh keeps the audience it does not fetch. Likewise a
    given rate card replaces only the prices on the platforms of the row's accounts and
    entries; those on the stored profile's other platforms are kept."""
    given = incoming.model_dump(mode="json", exclude_unset=True)
    merged = {**stored, **{k: v for k, v in given.items() if k != "accounts"}}
    if "rate_card" in given:
        merged["rate_card"] = _merged_rate_card(stored.get("rate_card", []), given)
    accounts = {(a["platform"], a["handle"]): a for a in stored.get("accounts", [])}
    for account in given["accounts"]:
        key = (account["platform"], account["handle"])
        accounts[key] = {**accounts.get(key, {}), **account}
    merged["accounts"] = list(accounts.values())
    return InfluencerProfile.model_validate(merged)


def _merged_rate_card(stored: list[dict[str, Any]], given: dict[str, Any]) -> list[dict[str, Any]]:
    """A canonical CSV row prices its own platform, one account per row: replacing the whole
    card would drop the prices of the influencer's other platforms."""
    platforms = {a["platform"] for a in given["accounts"]} | {e["platform"] for e in given["rate_card"]}
    return [e for e in stored if e["platform"] not in platforms] + given["rate_card"]
