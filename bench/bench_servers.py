"""What every benchmark needs: a database and a broker (the environment's, or embedded ones), and a
description of the machine it ran on."""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from shared.devstack.broker import EmbeddedBroker
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.processes import free_port


@contextlib.contextmanager
def servers() -> Iterator[tuple[str, str, str]]:
    """(database URL, bootstrap servers, where they come from): the env's, or embedded ones."""
    database, broker = os.environ.get("DATABASE_URL"), os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    started: list[EmbeddedPostgres | EmbeddedBroker] = []
    data_dir = Path(tempfile.mkdtemp(prefix="icp-bench-pg-"))
    try:
        if not database:
            pg = EmbeddedPostgres(data_dir, free_port(), durable=False)
            started.append(pg)
            database = pg.start()
        if not broker:
            tansu = EmbeddedBroker(free_port())
            started.append(tansu)
            broker = tansu.start()
        yield database, broker, "embedded" if len(started) == 2 else "environment"
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def python_loop_ms() -> float:
    """CPU ms of one fixed pure-Python loop (median of three), taken as the run ends: the speed of
    a core this run got. Shared hosts vary several-fold between sessions (and the same
    10-million-step loop took 2.0-3.8 s within a minute on one), so an absolute figure (a p95 in
    ms, events per second) is read beside it."""
    times = []
    for _ in range(3):
        start, total = time.process_time(), 0
        for step in range(2_000_000):
            total += step
        times.append(time.process_time() - start)
    return round(statistics.median(times) * 1000, 1)


def machine() -> dict[str, object]:
    return {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
            "platform": platform.platform(), "load_average_1m": round(os.getloadavg()[0], 2),
            "python_loop_ms": python_loop_ms()}
