"""Child-process helpers shared by the embedded PostgreSQL and broker launchers."""

from __future__ import annotations

import ctypes
import signal
import socket
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int) -> Callable[[], None]:
    """A `preexec_fn` that makes the child receive `sig` when its parent dies.

    Servers we start must never outlive the process that started them, even when that
    process is killed with SIGKILL, so no test run or dev session leaves anything behind.
    """

    def _set() -> None:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)

    return _set


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def refuse_taken_port(port: int, what: str) -> None:
    """Whatever already listens there would pass our readiness check, so it is refused first."""
    if port_open(port):
        raise RuntimeError(f"port {port} is already in use, so {what} cannot start there "
                           "(another `icp dev`? stop it, or free the port)")


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not become ready within {timeout:.0f}s")


SIGINT = signal.SIGINT
SIGTERM = signal.SIGTERM
