"""Checkov over the rendered overlays and the Dockerfile: no failed check; every skip justified.

Checkov runs from its own venv (make builds .venv/tools/checkov from requirements/security-lint.txt:
it pins packages the platform has outgrown). One run covers dev, prod, the Dockerfile and a
deliberately weakened copy of dev, which must fail, so a linter that stopped linting fails too.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import k8s_checks as kc
import pytest
import yaml
from deploy_common import REPO

CHECKOV = REPO / ".venv" / "tools" / "checkov" / "bin" / "checkov"
CONFIG = REPO / "deploy" / "checkov.yaml"


def _weakened(objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    broken = copy.deepcopy(objs)
    deployment = next(o for o in broken if o["kind"] == "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    container["securityContext"] = {"privileged": True, "readOnlyRootFilesystem": False,
                                    "capabilities": {"add": ["SYS_ADMIN"]}}
    return broken


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """file name → ids of the checks that failed in it."""
    if not CHECKOV.exists():
        stamp = CHECKOV.parent.parent.relative_to(REPO) / ".installed"
        pytest.fail(f"checkov is not installed: run `make {stamp}`")
    folder = tmp_path_factory.mktemp("security-lint")
    dev = kc.render("dev")
    rendered = {"dev.yaml": dev, "prod.yaml": kc.render("prod"), "weakened.yaml": _weakened(dev)}
    for file, objs in rendered.items():
        (folder / file).write_text(yaml.safe_dump_all(objs))
    (folder / "Dockerfile").write_text((REPO / "Dockerfile").read_text())
    run = subprocess.run([str(CHECKOV), "-d", str(folder), "--framework", "kubernetes", "dockerfile",
                          "--config-file", str(CONFIG), "--quiet", "--compact", "-o", "json"],
                         capture_output=True, text=True, timeout=300, check=False)
    reports = json.loads(run.stdout)
    found: dict[str, set[str]] = {}
    for report in reports if isinstance(reports, list) else [reports]:
        assert report["summary"]["parsing_errors"] == 0, report["summary"]
        for failed in report["results"]["failed_checks"]:
            found.setdefault(Path(failed["file_path"]).name, set()).add(
                f"{failed['check_id']} {failed['check_name']} ({failed['resource']})")
    return found


def test_the_overlays_and_the_dockerfile_pass_every_check_not_skipped(failures: dict[str, set[str]]) -> None:
    clean = {file: checks for file, checks in failures.items() if file != "weakened.yaml"}
    assert clean == {}, "\n".join(sorted(c for checks in clean.values() for c in checks))


def test_the_linter_catches_a_privileged_writable_container_with_added_capabilities(
    failures: dict[str, set[str]],
) -> None:
    caught = {c.split()[0] for c in failures.get("weakened.yaml", set())}
    # privileged, read-only root filesystem, added capabilities
    assert {"CKV_K8S_16", "CKV_K8S_22", "CKV_K8S_25"} <= caught, caught


def test_every_skipped_check_is_justified_in_one_line() -> None:
    lines = [line for line in CONFIG.read_text().splitlines() if re.match(r"\s+- CKV", line)]
    assert len(lines) == len(yaml.safe_load(CONFIG.read_text())["skip-check"])
    unexplained = [line for line in lines if not re.search(r"#\s*\S.{20,}", line)]
    assert unexplained == [], "each skip-check entry needs a `# why` on its line"
