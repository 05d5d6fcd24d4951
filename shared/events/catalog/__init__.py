"""Every event the platform publishes, and the registry consumers decode with."""

from __future__ import annotations

from shared.events.catalog.campaigns import CampaignCreated, CollaborationCreated
from shared.events.catalog.discovery import InfluencerRemovedFromShortlist, InfluencerShortlisted
from shared.events.registry import EventRegistry

ALL_EVENTS = (
    InfluencerShortlisted,
    InfluencerRemovedFromShortlist,
    CampaignCreated,
    CollaborationCreated,
)

REGISTRY = EventRegistry(ALL_EVENTS)
