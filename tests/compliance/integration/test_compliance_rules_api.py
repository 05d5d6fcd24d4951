"""`GET /v1/rules` and `GET /v1/rules/{jurisdiction}`, and loading the rule sets at start-up."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.compliance.main import create_app
from services.compliance.rules.loader import RULES_DIR, RuleSetError
from shared.settings import BaseServiceSettings

REQUIRED = {"US", "GB", "EU", "DE", "FR", "ES", "IT", "NL", "PL", "LV", "LT", "EE", "SE", "NO",
            "DK", "CA", "AU", "IN", "BR", "JP"}


async def test_the_list_names_every_jurisdiction_with_version_languages_and_certainty(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("compliance", token_for(workspace)) as api:
        response = await api.get("/v1/rules")
    assert response.status_code == 200
    items = {item["code"]: item for item in response.json()["items"]}
    assert set(items) >= REQUIRED
    germany = items["DE"]
    assert germany["languages"] == ["de"] and germany["preferred_label"] == "Anzeige"
    assert germany["version"].count(".") == 2
    assert sum(germany["certainty"].values()) > 0
    assert "AT" in items["EU"]["member_states"]


async def test_a_rule_set_shows_its_labels_version_and_sources_whatever_the_case_or_alias(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("compliance", token_for(workspace)) as api:
        germany = (await api.get("/v1/rules/de")).json()
        britain = (await api.get("/v1/rules/UK")).json()
    assert germany["code"] == "DE" and germany["sources"]
    assert {label["text"] for label in germany["labels"]} >= {"Werbung", "Anzeige"}
    assert germany["placement"]["position"] == "start"
    assert britain["code"] == "GB"


async def test_an_unknown_jurisdiction_is_a_not_found_problem(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("compliance", token_for(workspace)) as api:
        response = await api.get("/v1/rules/XX")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "XX" in response.json()["detail"]


def test_a_broken_rule_file_stops_start_up_naming_the_file_and_field(
    make_settings: Callable[..., BaseServiceSettings], tmp_path: Path,
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    broken = (rules / "DE.toml").read_text().replace('version = "', 'version = "v', 1)
    (rules / "DE.toml").write_text(broken)
    with pytest.raises(RuleSetError, match=r"DE\.toml: field 'version'"):
        create_app(make_settings("compliance", rules_dir=rules))  # type: ignore[arg-type]
