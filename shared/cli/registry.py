"""The composition root: how the CLI finds each service's settings, app and worker by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import typer
from fastapi import FastAPI

from shared.db.migrate import SERVICES
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.worker import Worker

PORTS = {"discovery": 8001, "campaigns": 8002, "tracking": 8003, "compliance": 8004}
# Where `icp dev` serves each worker's /healthz and /metrics (one process: a port each).
WORKER_PORTS = {"discovery": 8091, "campaigns": 8092, "tracking": 8093, "compliance": 8094}


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    settings_cls: type[BaseServiceSettings]
    create_app: Callable[..., FastAPI]
    build_worker: Callable[[ServiceRuntime], Worker]

    def runtime(self, settings: BaseServiceSettings) -> ServiceRuntime:
        db = importlib.import_module(f"services.{self.name}.db")
        return ServiceRuntime.create(settings, db.metadata, db.spine)


def register_service_commands(app: typer.Typer) -> None:
    """Services that offer commands (`services/<name>/cli.py`) add them through `register(app)`."""
    for name in SERVICES:
        try:
            module = importlib.import_module(f"services.{name}.cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"services.{name}.cli":
                raise
            continue
        module.register(app)


def service(name: str) -> ServiceEntry:
    if name not in SERVICES:
        raise KeyError(f"unknown service {name!r}; one of {', '.join(SERVICES)}")
    settings_module = importlib.import_module(f"services.{name}.settings")
    settings_cls = getattr(settings_module, f"{name.capitalize()}Settings")
    main = importlib.import_module(f"services.{name}.main")
    worker = importlib.import_module(f"services.{name}.worker")
    return ServiceEntry(name, settings_cls, main.create_app, worker.build_worker)
