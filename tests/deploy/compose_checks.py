"""Static checks of docker-compose.yml. Each returns a list of problems; empty means fine.

The tests run them on the real file and on deliberately broken copies, so a check that
stopped catching its mistake would fail too.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from deploy_common import (
    PG_EXTENSIONS,
    REPO,
    SERVICES,
    WORKER_HTTP_PORT,
    interpolate,
    missing_settings,
    services_of,
    setting_problem,
)

SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"

Doc = dict[str, Any]


def load(path: Path = REPO / "docker-compose.yml") -> tuple[Doc, Doc]:
    """The file as written (for the schema) and with ${VAR:-default} resolved (as compose runs it)."""
    text = path.read_text()
    return yaml.safe_load(text), yaml.safe_load(interpolate(text))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))


def schema_problems(raw: Doc) -> list[str]:
    return [f"schema: {e.json_path}: {e.message}" for e in _validator().iter_errors(raw)]


def environment(svc: Doc) -> dict[str, str]:
    env = svc.get("environment") or {}
    if isinstance(env, list):  # ["KEY=value", "KEY"]
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def command(svc: Doc) -> list[str]:
    cmd = svc.get("command") or []
    return cmd.split() if isinstance(cmd, str) else [str(c) for c in cmd]


def depends_on(svc: Doc) -> dict[str, str]:
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        return {d: "service_started" for d in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def published_ports(svc: Doc) -> list[tuple[str, int]]:
    """(host port, container port) pairs, short ("[ip:]host:container[/proto]") or long syntax."""
    pairs = []
    for port in svc.get("ports") or []:
        if isinstance(port, dict):
            pairs.append((str(port.get("published", "")), int(port["target"])))
        else:
            parts = str(port).split("/")[0].split(":")
            pairs.append((parts[-2] if len(parts) > 1 else "", int(parts[-1])))
    return pairs


def dependency_problems(doc: Doc) -> list[str]:
    services = doc.get("services", {})
    problems = []
    for name, svc in services.items():
        for dep, condition in depends_on(svc).items():
            target = services.get(dep)
            if target is None:
                problems.append(f"{name}: depends on unknown service {dep!r}")
            elif condition == "service_healthy" and not target.get("healthcheck"):
                problems.append(f"{name}: waits for {dep} to be healthy, but it has no healthcheck")
            elif condition == "service_completed_successfully" and target.get("restart") not in (
                None,
                "no",
            ):
                problems.append(f"{name}: waits for {dep} to complete, but {dep} restarts")
    return problems


def app_problems(doc: Doc, known: set[str]) -> list[str]:
    """The platform containers: commands, ports, probes, settings, start order."""
    services = doc.get("services", {})
    problems = []
    for svc_name, port in SERVICES.items():
        api, worker = services.get(svc_name), services.get(f"{svc_name}-worker")
        if api is None or worker is None:
            problems.append(f"{svc_name}: needs services {svc_name!r} and '{svc_name}-worker'")
            continue
        expected = ["icp", "serve", svc_name, "--host", "0.0.0.0", "--port", str(port)]
        if command(api) != expected:
            problems.append(f"{svc_name}: command {command(api)} is not {expected}")
        if port not in [target for _, target in published_ports(api)]:
            problems.append(f"{svc_name}: listens on {port} but publishes {published_ports(api)}")
        probe = " ".join(map(str, (api.get("healthcheck") or {}).get("test") or []))
        if not re.search(rf":{port}/(readyz|healthz)\b", probe):
            problems.append(f"{svc_name}: healthcheck {probe!r} does not probe :{port}/readyz")
        if command(worker) != ["icp", "worker", svc_name]:
            problems.append(f"{svc_name}-worker: command {command(worker)} is not icp worker")
        probe = " ".join(map(str, (worker.get("healthcheck") or {}).get("test") or []))
        if not re.search(rf":{WORKER_HTTP_PORT}/healthz\b", probe):
            problems.append(f"{svc_name}-worker: healthcheck {probe!r} does not probe "
                            f":{WORKER_HTTP_PORT}/healthz")

    migrate = services.get("migrate", {})
    if command(migrate) != ["icp", "migrate"]:
        problems.append(f"migrate: command {command(migrate)} is not ['icp', 'migrate']")
    if depends_on(migrate).get("postgres") != "service_healthy":
        problems.append("migrate: must wait for postgres to be healthy")

    for name, svc in services.items():
        cmd = command(svc)
        if cmd[:1] != ["icp"]:
            continue
        env = environment(svc)
        problems += [f"{name}: {p}" for n in env if (p := setting_problem(n, known))]
        problems += [f"{name}: lacks {m}" for m in missing_settings(set(env), services_of(cmd))]
        if name != "migrate" and depends_on(svc).get("migrate") != "service_completed_successfully":
            problems.append(f"{name}: must start after migrate completed successfully")
        problems += _endpoint_problems(name, env, services)
    return problems


def _endpoint_problems(name: str, env: dict[str, str], services: Doc) -> list[str]:
    """DATABASE_URL and KAFKA_BOOTSTRAP_SERVERS must name the compose services that serve them."""
    problems = []
    db = re.match(r"postgresql\+asyncpg://[^@]*@([^:/]+):(\d+)/", env.get("DATABASE_URL", ""))
    if not db or db.group(1) not in services:
        problems.append(f"{name}: DATABASE_URL is not postgresql+asyncpg://…@<compose service>")
    advertised: set[str] = set()
    for svc in services.values():
        listeners = environment(svc).get("KAFKA_ADVERTISED_LISTENERS", "")
        advertised |= {item.split("://", 1)[-1] for item in listeners.split(",") if item}
    for server in env.get("KAFKA_BOOTSTRAP_SERVERS", "").split(","):
        if server not in advertised:
            problems.append(f"{name}: bootstrap server {server!r} is no advertised listener")
    return problems


def infrastructure_problems(raw: Doc, doc: Doc) -> list[str]:
    services = doc.get("services", {})
    postgres, kafka = services.get("postgres", {}), services.get("kafka", {})
    problems = []
    if "pgvector" not in str(postgres.get("image", "")):
        problems.append("postgres: image must ship pgvector (e.g. pgvector/pgvector:pg16)")
    init_dirs = [
        REPO / v.split(":")[0]
        for v in postgres.get("volumes", [])
        if isinstance(v, str) and ":/docker-entrypoint-initdb.d" in v
    ]
    init_sql = " ".join(p.read_text() for d in init_dirs if d.is_dir() for p in d.glob("*.sql"))
    for ext in PG_EXTENSIONS:
        if not re.search(rf"CREATE EXTENSION IF NOT EXISTS {ext}\b", init_sql):
            problems.append(f"postgres: no init script creates extension {ext}")

    image = str(kafka.get("image", ""))
    version = re.fullmatch(r"apache/kafka:(\d+)\.(\d+)\.\d+", image)
    if not version or (int(version[1]), int(version[2])) < (3, 7):
        problems.append(f"kafka: {image!r} is not apache/kafka 3.7+")
    kenv = environment(kafka)
    if set(kenv.get("KAFKA_PROCESS_ROLES", "").split(",")) != {"broker", "controller"}:
        problems.append("kafka: single-node KRaft needs KAFKA_PROCESS_ROLES=broker,controller")
    try:
        cluster_id_ok = len(base64.urlsafe_b64decode(kenv.get("CLUSTER_ID", "") + "==")) == 16
    except (binascii.Error, ValueError):
        cluster_id_ok = False
    if not cluster_id_ok:
        problems.append("kafka: CLUSTER_ID must be a base64 UUID (kafka-storage.sh random-uuid)")

    # The JWT secret must be overridable from .env, so it is interpolated, not a literal.
    for name, svc in raw.get("services", {}).items():
        jwt = environment(svc).get("JWT_SECRET")
        if jwt is not None and not jwt.startswith("${JWT_SECRET"):
            problems.append(f"{name}: JWT_SECRET must come from ${{JWT_SECRET…}} (.env)")
    return problems


def file_problems(doc: Doc) -> list[str]:
    """Build contexts, Dockerfiles and bind-mount sources must exist in the repository."""
    problems = []
    for name, svc in doc.get("services", {}).items():
        build = svc.get("build")
        if build is not None:
            ctx = REPO / (build if isinstance(build, str) else build.get("context", "."))
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile")
            if not (ctx / (dockerfile or "Dockerfile")).is_file():
                problems.append(f"{name}: no Dockerfile at {ctx}/{dockerfile}")
        for volume in svc.get("volumes") or []:
            source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith(".") and not (REPO / source).exists():
                problems.append(f"{name}: bind mount source {source} does not exist")
    hosts = [h for svc in doc.get("services", {}).values() for h, _ in published_ports(svc) if h]
    problems += [f"host port {h} published twice" for h in sorted(set(hosts)) if hosts.count(h) > 1]
    return problems


def all_problems(raw: Doc, doc: Doc, known: set[str]) -> list[str]:
    return (
        schema_problems(raw)
        + dependency_problems(doc)
        + app_problems(doc, known)
        + infrastructure_problems(raw, doc)
        + file_problems(doc)
    )
