"""The Dockerfile builds the one non-root image, and the commands the manifests run exist."""

from __future__ import annotations

import re

import typer.main
from deploy_common import APP_UID, REPO, SERVICES

DOCKERFILE = (REPO / "Dockerfile").read_text()
IGNORED = {
    line.strip()
    for line in (REPO / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}


def instructions(keyword: str) -> list[str]:
    """Arguments of every `KEYWORD …` instruction (continuation lines joined)."""
    text = DOCKERFILE.replace("\\\n", " ")
    return re.findall(rf"^{keyword}\s+(.+)$", text, flags=re.MULTILINE)


def test_image_builds_from_python_311_slim_pinned_by_version_and_digest() -> None:
    (base,) = [a for a in instructions("ARG") if a.startswith("PYTHON_IMAGE=")]
    # A moving tag (3.11-slim) gives two builds a week apart different bases.
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11\.\d+-slim(-\w+)?@sha256:[0-9a-f]{64}", base), base
    assert all(f.startswith("${PYTHON_IMAGE}") for f in instructions("FROM"))


def test_image_installs_the_locked_dependencies_hash_checked_then_the_project_alone() -> None:
    runs = instructions("RUN")
    locked = [i for i, r in enumerate(runs) if "--require-hashes -r requirements/runtime.txt" in r]
    project = [i for i, r in enumerate(runs) if r.endswith("--no-deps --no-build-isolation .")]
    assert locked and project and locked[0] < project[0], runs
    assert all("--no-cache-dir" in runs[i] for i in locked + project)
    assert "requirements/runtime.txt requirements/runtime.txt" in instructions("COPY")[0]


def test_image_runs_as_the_non_root_uid_the_pods_require() -> None:
    users = instructions("USER")
    assert users, "the image must switch to a non-root user"
    assert users[-1].split(":")[0] == str(APP_UID)  # numeric, so runAsNonRoot can verify it


def test_default_command_prints_the_cli_help() -> None:
    assert instructions("CMD")[-1] == '["icp", "--help"]'
    assert not instructions("ENTRYPOINT"), "compose and k8s spell out `icp …` themselves"


def test_build_context_leaves_out_local_state() -> None:
    assert {".venv", ".devstack", ".git", ".pytest_cache", ".mypy_cache", ".ruff_cache"} <= IGNORED
    # setuptools needs these to build the project, pip the lock: never ignore them.
    assert not {"pyproject.toml", "README.md", "shared", "services", "requirements"} & IGNORED


def test_cli_has_the_commands_the_manifests_run() -> None:
    from shared.cli.main import app

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {"migrate", "serve", "worker", "token"} <= set(commands)
    serve_options = {opt for p in commands["serve"].params for opt in p.opts}
    assert {"--host", "--port"} <= serve_options


def test_deploy_service_table_matches_the_code() -> None:
    from shared.cli.registry import PORTS

    assert PORTS == SERVICES
    on_disk = {p.parent.name for p in (REPO / "services").glob("*/__init__.py")}
    assert on_disk == set(SERVICES), "a new service needs compose and k8s entries too"
