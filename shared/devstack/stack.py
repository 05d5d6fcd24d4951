"""`make dev`: embedded PostgreSQL and broker (unless overridden), migrations, the four services."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from pathlib import Path

from shared.auth import mint_token
from shared.cli.registry import PORTS, WORKER_PORTS
from shared.db.migrate import upgrade_all
from shared.devstack.broker import EmbeddedBroker
from shared.devstack.postgres import EmbeddedPostgres
from shared.settings import BaseServiceSettings

DEV_PG_PORT = 54329
DEV_BROKER_PORT = 19092
DEV_WORKSPACE = uuid.UUID("00000000-0000-7000-8000-000000000001")
# Only the local stack and the tests sign with this; deployments must set their own JWT_SECRET.
DEV_JWT_SECRET = "dev-only-secret-change-me-in-production-0123456789"


def run_dev_stack(state_dir: Path) -> None:
    pg: EmbeddedPostgres | None = None
    broker: EmbeddedBroker | None = None
    os.environ.setdefault("JWT_SECRET", DEV_JWT_SECRET)
    try:
        if not os.environ.get("DATABASE_URL"):
            pg = EmbeddedPostgres(state_dir / "pgdata", DEV_PG_PORT)
            os.environ["DATABASE_URL"] = pg.start()
        if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
            broker = EmbeddedBroker(DEV_BROKER_PORT, log_path=state_dir / "broker.log")
            os.environ["KAFKA_BOOTSTRAP_SERVERS"] = broker.start()
        upgrade_all(os.environ["DATABASE_URL"])
        asyncio.run(_serve())
    finally:
        if broker is not None:
            broker.stop()
        if pg is not None:
            pg.stop()
        print("stopped: services, broker and database are down", flush=True)


async def _serve() -> None:
    from shared.devstack.servers import run_services

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    _print_banner()
    await run_services(stop)


def _print_banner() -> None:
    token = mint_token(BaseServiceSettings(), DEV_WORKSPACE, ["*"], subject="dev")
    print(f"database: {os.environ['DATABASE_URL']}", flush=True)
    print(f"broker:   {os.environ['KAFKA_BOOTSTRAP_SERVERS']}", flush=True)
    for name, port in PORTS.items():
        print(f"{name:<11} http://127.0.0.1:{port}  (docs: http://127.0.0.1:{port}/docs; worker: "
              f"http://127.0.0.1:{WORKER_PORTS[name]}/healthz, /metrics)", flush=True)
    print("Ctrl-C stops everything. Dev token (workspace "
          f"{DEV_WORKSPACE}, all scopes):", flush=True)
    print(token, flush=True)
