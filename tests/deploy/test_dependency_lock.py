"""uv.lock pins every dependency with its hashes; pip installs its exports in make, CI and the image.

When pyproject.toml's dependencies change, the lock must follow: `make lock` re-resolves it and
re-exports requirements/*.txt. These tests fail until it has been run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_common import REPO

UV = Path(sys.executable).parent / "uv"
FIX = "run `make lock` and commit uv.lock and requirements/"
# requirements/<name>.txt ← the `uv export` options that make it (the Makefile's `lock` target).
EXPORTS = {
    "dev": ["--extra", "dev", "--group", "build"],
    "runtime": ["--no-default-groups", "--group", "build"],
    "security-lint": ["--no-default-groups", "--only-group", "security-lint"],
}


def _uv(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(UV), *args], cwd=REPO, capture_output=True, text=True, timeout=60,
                          check=False)


def _requirements(text: str) -> list[str]:
    """The pins and hashes, without the header naming the command and output file."""
    return [line for line in text.splitlines() if not line.startswith("#")]


def test_the_lock_matches_pyproject() -> None:
    checked = _uv("lock", "--check", "--offline")
    assert checked.returncode == 0, f"uv.lock is stale against pyproject.toml: {FIX}\n{checked.stderr}"


@pytest.mark.parametrize("name", EXPORTS)
def test_each_requirements_file_is_the_current_export_of_the_lock(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.txt"
    exported = _uv("export", "--frozen", "--no-emit-project", "--quiet", *EXPORTS[name], "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    committed = REPO / "requirements" / f"{name}.txt"
    assert committed.exists() and _requirements(committed.read_text()) == _requirements(out.read_text()), (
        f"requirements/{name}.txt is not the export of uv.lock: {FIX}")


def test_every_pin_carries_a_hash_and_make_installs_with_them() -> None:
    for name in EXPORTS:
        text = (REPO / "requirements" / f"{name}.txt").read_text()
        pins = re.findall(r"^\S+==\S+", text, flags=re.MULTILINE)
        hashed = re.findall(r"^\S+==[^\n]*\\\n\s+--hash=sha256:", text, flags=re.MULTILINE)
        assert pins and len(hashed) == len(pins), name
    makefile = (REPO / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements/dev.txt" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert (REPO / ".ci" / "run").read_text().rstrip().endswith("exec make test")
