"""What the campaigns benchmark's sections share: the settings of the run, its options, and the
campaigns worker started as deployed (`icp worker campaigns`, its own process)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from services.campaigns.settings import CampaignsSettings
from shared.devstack.processes import free_port


@dataclass(frozen=True)
class Bench:
    settings: CampaignsSettings
    options: dict[str, Any]

    @property
    def dsn(self) -> str:
        return self.settings.database_url.replace("postgresql+asyncpg://", "postgresql://")

    @contextlib.contextmanager
    def worker(self) -> Iterator[subprocess.Popen[bytes]]:
        """The campaigns worker (relay and consumers) with its production settings."""
        env = {**os.environ, "DATABASE_URL": self.settings.database_url,
               "KAFKA_BOOTSTRAP_SERVERS": self.settings.kafka_bootstrap_servers,
               "KAFKA_TOPIC_PREFIX": self.settings.kafka_topic_prefix, "LOG_LEVEL": "WARNING",
               # /metrics and /healthz as deployed, on a port no other run on this machine has.
               "WORKER_HTTP_PORT": str(free_port())}
        process = subprocess.Popen([sys.executable, "-m", "shared.cli.main", "worker", "campaigns"],
                                   env=env, stdout=subprocess.DEVNULL)
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
