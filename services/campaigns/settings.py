from __future__ import annotations

from typing import ClassVar

from shared.settings import BaseServiceSettings


class CampaignsSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "campaigns"
    http_port: int = 8002
    # Fernet keys (comma-separated, newest first: older ones still decrypt during a rotation) that
    # encrypt the workspaces' SMTP passwords at rest. Empty: a development key published in this
    # repository, which production refuses (a password cannot be stored until one is set).
    smtp_credentials_keys: str = ""
    # Keys (comma-separated, newest first) that sign the unsubscribe links of outreach emails
    # (outreach/unsubscribe.py). Empty: a development key published in this repository, which
    # production refuses (no email goes out until one is set).
    unsubscribe_keys: str = ""
    # Where the public unsubscribe route is reached: a link is this + /v1/unsubscribe/{token}.
    unsubscribe_base_url: str = "http://localhost:8002"
    # How long the service waits for a workspace's SMTP server before the send is logged failed.
    smtp_timeout_s: float = 15.0
    # An email still `sending` after this long was never sent to its end (the API stopped between
    # recording it and recording the outcome): the worker logs it failed, its outcome unknown.
    outreach_sending_stale_s: float = 300.0
    # How often the worker looks for such emails.
    outreach_sweep_poll_s: float = 60.0
    # How often the worker looks for drafts the brand left unanswered past their review policy.
    auto_approval_poll_s: float = 60.0
