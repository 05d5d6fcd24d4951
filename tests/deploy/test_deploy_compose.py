"""docker-compose.yml is valid Compose, wired consistently, and its checks catch mistakes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import compose_checks as cc
import pytest
from deploy_common import SERVICES, known_settings

RAW, DOC = cc.load()


@pytest.fixture(scope="module")
def known() -> set[str]:
    return known_settings()


def test_compose_file_matches_the_compose_spec_schema() -> None:
    assert cc.schema_problems(RAW) == []


def test_vendored_schema_is_the_one_its_source_note_names() -> None:
    digest = hashlib.sha256(cc.SCHEMA.read_bytes()).hexdigest()
    assert digest in (cc.SCHEMA.parent / "SOURCE.md").read_text()


def test_every_dependency_exists_and_its_condition_can_be_met() -> None:
    assert cc.dependency_problems(DOC) == []


def test_apis_workers_and_migration_run_the_right_commands_on_the_right_ports(
    known: set[str],
) -> None:
    assert cc.app_problems(DOC, known) == []


def test_postgres_has_the_extensions_and_kafka_runs_kraft() -> None:
    assert cc.infrastructure_problems(RAW, DOC) == []


def test_referenced_files_exist_and_host_ports_are_unique() -> None:
    assert cc.file_problems(DOC) == []


def test_stack_has_the_infrastructure_migration_and_every_api_and_worker() -> None:
    expected = {"postgres", "kafka", "migrate"} | set(SERVICES) | {f"{s}-worker" for s in SERVICES}
    assert set(DOC["services"]) == expected


def test_jwt_secret_defaults_for_dev_and_follows_the_environment() -> None:
    rendered = cc.yaml.safe_load(
        cc.interpolate((cc.REPO / "docker-compose.yml").read_text(), {"JWT_SECRET": "from-env"})
    )
    assert cc.environment(rendered["services"]["campaigns"])["JWT_SECRET"] == "from-env"
    assert cc.environment(DOC["services"]["campaigns"])["JWT_SECRET"]  # a dev default exists


# --- the checks themselves must fail on a broken file ---------------------------------------


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def mutate(doc: dict) -> None:
        *parents, last = path.split(".")
        for key in parents:
            doc = doc[key]
        doc[last] = value

    return mutate


BROKEN: dict[str, tuple[Callable[[dict], None], str]] = {
    "depends_on an unknown service": (
        _set("services.discovery.depends_on.kafak", {"condition": "service_healthy"}),
        "unknown service 'kafak'",
    ),
    "published port differs from the listening port": (
        _set("services.tracking.ports", ["8003:8080"]),
        "tracking: listens on 8003",
    ),
    "env var name typo": (
        _set("services.campaigns.environment.DATABSE_URL", "postgresql+asyncpg://x@postgres:5432/x"),
        "unknown setting 'DATABSE_URL'",
    ),
    "required setting missing": (
        lambda d: d["services"]["migrate"]["environment"].pop("DATABASE_URL"),
        "migrate: lacks DATABASE_URL",
    ),
    "waits for health of a service without healthcheck": (
        _set("services.discovery.depends_on.migrate", {"condition": "service_healthy"}),
        "no healthcheck",
    ),
    "api starts before migrations": (
        lambda d: d["services"]["compliance"]["depends_on"].pop("migrate"),
        "compliance: must start after migrate",
    ),
    "healthcheck on the wrong port": (
        _set(
            "services.discovery.healthcheck.test",
            ["CMD", "python", "-c", "u.urlopen('http://127.0.0.1:8002/readyz')"],
        ),
        "does not probe :8001",
    ),
    "worker healthcheck on the API's port": (
        _set(
            "services.tracking-worker.healthcheck",
            {"test": ["CMD", "python", "-c", "u.urlopen('http://127.0.0.1:8003/healthz')"]},
        ),
        "tracking-worker: healthcheck",
    ),
    "bootstrap server not advertised": (
        _set("services.tracking-worker.environment.KAFKA_BOOTSTRAP_SERVERS", "kafka:29092"),
        "'kafka:29092' is no advertised listener",
    ),
    "postgres without pgvector": (_set("services.postgres.image", "postgres:16"), "pgvector"),
    "invalid depends_on condition (schema)": (
        _set("services.migrate.depends_on.postgres.condition", "service_ready"),
        "schema: $.services.migrate.depends_on",
    ),
}


@pytest.mark.parametrize("mistake", BROKEN)
def test_checks_report_a_broken_compose_file(mistake: str, known: set[str]) -> None:
    mutate, expected = BROKEN[mistake]
    # A JSON round trip, not deepcopy: YAML aliases share objects, and a mutation must hit
    # only the service it names.
    raw, doc = json.loads(json.dumps(RAW)), json.loads(json.dumps(DOC))
    mutate(raw)
    mutate(doc)
    problems = cc.all_problems(raw, doc, known)
    assert any(expected in p for p in problems), problems


def test_the_default_secret_is_refused_once_the_environment_says_production() -> None:
    from shared.auth import signing_key_problem
    from shared.settings import BaseServiceSettings

    def settings_for(env: dict[str, str]) -> BaseServiceSettings:
        doc = cc.yaml.safe_load(cc.interpolate((cc.REPO / "docker-compose.yml").read_text(), env))
        values = cc.environment(doc["services"]["campaigns"])
        fields = BaseServiceSettings.model_fields
        return BaseServiceSettings(**{k.lower(): v for k, v in values.items() if k.lower() in fields})

    assert signing_key_problem(settings_for({})) is None  # `docker compose up` as shipped
    refused = signing_key_problem(settings_for({"ENVIRONMENT": "production"}))
    assert refused and "published" in refused
    rs256 = {"ENVIRONMENT": "production", "JWT_ALGORITHM": "RS256",
             "JWT_JWKS_URL": "https://id.example.com/.well-known/jwks.json"}
    assert signing_key_problem(settings_for(rs256)) is None
