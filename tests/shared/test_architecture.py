"""Repository-wide rules: services share only `shared`; generated docs are current."""

from __future__ import annotations

import ast
from pathlib import Path

from shared.db.migrate import SERVICES
from shared.events.asyncapi import render
from shared.events.catalog import REGISTRY

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_service_imports_another_service() -> None:
    offences = []
    for name in SERVICES:
        for path in (ROOT / "services" / name).rglob("*.py"):
            for module in _imports(path):
                other = module.split(".")[1] if module.startswith("services.") else None
                if other and other != name:
                    offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offences == []


def test_shared_never_imports_a_service_statically() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / "shared").rglob("*.py")
        for module in _imports(path)
        if module.startswith("services")
    ]
    assert offences == []


def test_the_committed_asyncapi_document_and_schemas_are_current() -> None:
    for relative, content in render(REGISTRY.all()).items():
        committed = ROOT / relative
        assert committed.exists(), f"{relative} missing: run `make asyncapi`"
        assert committed.read_text() == content, f"{relative} is stale: run `make asyncapi`"
    generated = {p.name for p in render(REGISTRY.all()) if p.suffix == ".json"}
    on_disk = {p.name for p in (ROOT / "docs" / "events").glob("*.json")}
    assert on_disk == generated, "docs/events has schemas of events no longer in the catalog"


# Folders every service has by convention, described once in the README's layout paragraph.
_CONVENTIONAL = {"domain", "models", "migrations", "events"}


def test_every_service_folder_is_described_in_the_readme_layout() -> None:
    """A newcomer reads the tree through the README's layout table; a folder missing there is a
    part of the architecture nobody wrote down."""
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    undescribed = [
        f"{name}/{folder.name}/"
        for name in SERVICES
        for folder in sorted((ROOT / "services" / name).iterdir())
        if (folder / "__init__.py").exists() and folder.name not in _CONVENTIONAL
        and f"`{name}/{folder.name}/`" not in layout
    ]
    assert undescribed == []
