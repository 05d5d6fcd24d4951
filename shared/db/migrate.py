"""Run a service's Alembic migrations programmatically (used by `icp migrate` and the tests)."""

from __future__ import annotations

import importlib.resources
import threading

from alembic import command
from alembic.config import Config

SERVICES = ("discovery", "campaigns", "tracking", "compliance")


def alembic_config(service: str, database_url: str) -> Config:
    location = importlib.resources.files(f"services.{service}").joinpath("migrations")
    config = Config()
    config.set_main_option("script_location", str(location))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


def upgrade(service: str, database_url: str, revision: str = "head") -> None:
    # env.py drives its own event loop, so never run it on a thread that already has one.
    error: list[BaseException] = []

    def _run() -> None:
        try:
            command.upgrade(alembic_config(service, database_url), revision)
        except BaseException as exc:  # re-raised on the caller's thread
            error.append(exc)

    worker = threading.Thread(target=_run, name=f"migrate-{service}")
    worker.start()
    worker.join()
    if error:
        raise error[0]


def upgrade_all(database_url: str) -> None:
    for service in SERVICES:
        upgrade(service, database_url)
