"""Every event the platform publishes, and the registry consumers decode with."""

from __future__ import annotations

from shared.events.catalog.campaigns import (
    CampaignCreated,
    CampaignGuidelinesUpdated,
    CollaborationCreated,
    CollaborationEnded,
    ContentSubmitted,
)
from shared.events.catalog.compliance import DisclosureCheckCompleted, DisclosureViolationDetected
from shared.events.catalog.discovery import InfluencerRemovedFromShortlist, InfluencerShortlisted
from shared.events.catalog.tracking import PostPublished
from shared.events.registry import EventRegistry

ALL_EVENTS = (
    InfluencerShortlisted,
    InfluencerRemovedFromShortlist,
    CampaignCreated,
    CampaignGuidelinesUpdated,
    CollaborationCreated,
    CollaborationEnded,
    ContentSubmitted,
    PostPublished,
    DisclosureCheckCompleted,
    DisclosureViolationDetected,
)

REGISTRY = EventRegistry(ALL_EVENTS)
