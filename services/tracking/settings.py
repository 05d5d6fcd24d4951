from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from shared.settings import BaseServiceSettings


class TrackingSettings(BaseServiceSettings):
    service_name: ClassVar[str] = "tracking"
    http_port: int = 8003

    # Redirects (`GET /r/{code}`), answered from memory: see docs/tracking.md.
    # Where the public redirect is reached: a link's shareable URL is this + /r/{code}.
    link_base_url: str = "http://localhost:8003"
    # Where a click's country comes from: a header the CDN or load balancer in front sets (an ISO
    # 3166-1 alpha-2 code; anything else is stored as unknown).
    click_country_header: str = "CF-IPCountry"
    # The header carrying the visitor's address when a proxy sits in front (its first entry is
    # used); empty: the TCP peer. The address is only hashed, never stored.
    click_client_ip_header: str = ""
    # Clicks not acknowledged by the broker within this go to the disk spool.
    click_send_timeout_s: float = 2.0
    # One directory per API process below this; a dead process's spool is replayed by another.
    click_spool_dir: Path = Path(".devstack/click-spool")
    # How often the spool is retried while the broker is away, and orphaned spools looked for.
    click_spool_retry_s: float = 1.0
    # The link cache follows changes through LISTEN/NOTIFY; a full reload also runs this often,
    # in case a notification was lost.
    link_cache_reload_s: float = 300.0

    # Generic order webhooks: a signed timestamp further than this from now is refused (replays).
    webhook_tolerance_s: float = 300.0
    # Fernet keys (comma-separated, newest first: older ones still decrypt during a rotation)
    # that encrypt the webhook endpoints' signing secrets at rest. Empty: a development key
    # published in this repository, which production refuses (no endpoint can be added or
    # rotated until one is set).
    webhook_secret_keys: str = ""

    # Metrics snapshots: partitions (one per month) the worker keeps ahead of the current month,
    # and how often it checks.
    metric_partitions_ahead: int = 3
    metric_partitions_check_s: float = 6 * 3600.0
    # How often the worker looks for posts whose latest figures changed (PostMetricsUpdated).
    metrics_announce_poll_s: float = 0.5
    # CampaignKpisUpdated: a changed campaign is announced at once, then at most once per
    # interval while changes keep coming; how often the worker looks for changed campaigns.
    kpi_min_interval_s: float = 3.0
    kpi_poll_s: float = 0.2
