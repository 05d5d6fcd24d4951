"""Every event the platform publishes, and the registry consumers decode with."""

from __future__ import annotations

from shared.events.catalog.campaigns import (
    BudgetThresholdReached,
    CampaignCreated,
    CampaignGuidelinesUpdated,
    CampaignStateChanged,
    CollaborationCreated,
    CollaborationEnded,
    CollaborationStageChanged,
    ContentApproved,
    ContentComplianceAlert,
    ContentSubmitted,
    ContractSigned,
    FxRatesUpdated,
    GoalAchieved,
    GoalAtRisk,
    PaymentRecorded,
    ProductSeeded,
)
from shared.events.catalog.compliance import DisclosureCheckCompleted, DisclosureViolationDetected
from shared.events.catalog.discovery import InfluencerRemovedFromShortlist, InfluencerShortlisted
from shared.events.catalog.tracking import (
    CampaignKpisUpdated,
    ConversionAttributed,
    ConversionReversed,
    LinkClicked,
    PostMetricsUpdated,
    PostPublished,
)
from shared.events.registry import EventRegistry

ALL_EVENTS = (
    InfluencerShortlisted,
    InfluencerRemovedFromShortlist,
    CampaignCreated,
    CampaignGuidelinesUpdated,
    CampaignStateChanged,
    GoalAchieved,
    GoalAtRisk,
    BudgetThresholdReached,
    FxRatesUpdated,
    CollaborationCreated,
    CollaborationStageChanged,
    ContentSubmitted,
    ContentApproved,
    ContentComplianceAlert,
    ContractSigned,
    PaymentRecorded,
    ProductSeeded,
    CollaborationEnded,
    PostPublished,
    PostMetricsUpdated,
    CampaignKpisUpdated,
    ConversionAttributed,
    ConversionReversed,
    LinkClicked,
    DisclosureCheckCompleted,
    DisclosureViolationDetected,
)

REGISTRY = EventRegistry(ALL_EVENTS)
