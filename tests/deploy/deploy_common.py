"""What the deployment files must agree on, taken from the code where the code says it.

Shared by the compose, Kubernetes and image checks in this folder (imported by name: pytest puts
this package-less folder on sys.path).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# The decided service table (issue 2): name → HTTP port of its API.
SERVICES: dict[str, int] = {
    "discovery": 8001,
    "campaigns": 8002,
    "tracking": 8003,
    "compliance": 8004,
}

# Where every worker serves /metrics and /healthz (WORKER_HTTP_PORT's default).
WORKER_HTTP_PORT: int = importlib.import_module("shared.settings").BaseServiceSettings.model_fields[
    "worker_http_port"].default

# The image's non-root user; the Dockerfile and every pod spec must use the same uid.
APP_UID = 10001

# Settings a platform container cannot start without. JWT: a secret (HS256, development), or the
# issuer's JWKS URL or public key (RS256).
REQUIRED_SETTINGS = ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")
JWT_KEY_SETTINGS = ("JWT_SECRET", "JWT_JWKS_URL", "JWT_PUBLIC_KEY")

PG_EXTENSIONS = ("vector", "pg_trgm", "btree_gin")


def known_settings() -> set[str]:
    """Every env var name the services read, from the pydantic settings classes themselves.

    A manifest naming anything else (DATABSE_URL) is a typo the app would silently ignore.
    """
    from shared.settings import BaseServiceSettings

    classes: list[type] = [BaseServiceSettings]
    for svc in SERVICES:
        if (REPO / "services" / svc / "settings.py").exists():
            module = importlib.import_module(f"services.{svc}.settings")
            classes += [
                obj
                for obj in vars(module).values()
                if isinstance(obj, type) and issubclass(obj, BaseServiceSettings)
            ]
    return {name.upper() for cls in classes for name in cls.model_fields}  # type: ignore[attr-defined]


def setting_problem(name: str, known: set[str]) -> str | None:
    """None if `name` is a setting, plain or with a service prefix (DISCOVERY_DATABASE_URL)."""
    if name in known:
        return None
    prefix, _, rest = name.partition("_")
    if prefix.lower() in SERVICES and rest in known:
        return None
    return f"unknown setting {name!r} (typo? the services read: {', '.join(sorted(known))})"


def missing_settings(names: set[str], services: list[str]) -> list[str]:
    """Required settings that some of `services` would not get from `names`.

    Each service reads the plain name or its own prefixed one (CAMPAIGNS_DATABASE_URL).
    """

    def has(setting: str) -> bool:
        return all(setting in names or f"{svc.upper()}_{setting}" in names for svc in services)

    missing = [s for s in REQUIRED_SETTINGS if not has(s)]
    if not any(has(s) for s in JWT_KEY_SETTINGS):
        missing.append(" or ".join(JWT_KEY_SETTINGS))
    return missing


def services_of(command: list[str]) -> list[str]:
    """The services an `icp …` command runs: one for serve/worker, all for a bare migrate."""
    named = [arg for arg in command[2:3] if arg in SERVICES]
    return named or list(SERVICES)


_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def interpolate(text: str, env: dict[str, str] | None = None) -> str:
    """Compose-style ${VAR}, ${VAR:-default}, ${VAR-default} against `env` (default: empty)."""
    env = env or {}

    def sub(match: re.Match[str]) -> str:
        name, op, default = match.group(1), match.group(2), match.group(3) or ""
        value = env.get(name)
        if op in (":-", ":?") and not value:
            return default if op == ":-" else ""
        if op in ("-", "?") and value is None:
            return default if op == "-" else ""
        return value or ""

    return _INTERPOLATION.sub(sub, text.replace("$$", "\0")).replace("\0", "$")
