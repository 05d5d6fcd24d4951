"""Collaboration stages (DESIGN §7); a collaboration starts when its influencer is shortlisted."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    SHORTLISTED = "shortlisted"
    CONTACTED = "contacted"
    NEGOTIATING = "negotiating"
    CONTRACTED = "contracted"
    CONTENT_IN_PROGRESS = "content_in_progress"
    CONTENT_SUBMITTED = "content_submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    COMPLETED = "completed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
