"""`make dev` runs `icp dev`: everything up on its ports, and nothing left behind on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from shared.cli.registry import PORTS, WORKER_PORTS
from shared.devstack.processes import port_open
from shared.devstack.stack import DEV_BROKER_PORT, DEV_PG_PORT

ALL_PORTS = [*PORTS.values(), *WORKER_PORTS.values(), DEV_PG_PORT, DEV_BROKER_PORT]


def _wait_healthy(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if all(httpx.get(f"http://127.0.0.1:{p}/healthz", timeout=1).status_code == 200
                   for p in [*PORTS.values(), *WORKER_PORTS.values()]):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the four services and their workers did not answer /healthz in time")


def test_dev_stack_serves_all_four_services_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    if any(port_open(p) for p in ALL_PORTS):
        pytest.skip("a dev stack (or something else) already uses the dev ports")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.cli.main", "dev", "--state-dir", str(tmp_path)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        _wait_healthy(time.monotonic() + 90)
        ready = httpx.get(f"http://127.0.0.1:{PORTS['discovery']}/readyz", timeout=5)
        assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}
        children = psutil.Process(proc.pid).children(recursive=True)
        assert children, "the stack should run PostgreSQL and the broker as children"
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output[-2000:]
    assert "stopped: services, broker and database are down" in output
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert not any(port_open(p) for p in ALL_PORTS)
