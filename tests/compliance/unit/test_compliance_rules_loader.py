"""Rule sets load from one data file per jurisdiction, validate, and render with their sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from compliance_markets import ISSUE_JURISDICTIONS
from pydantic import ValidationError

from services.compliance.rules.loader import (
    PLAIN_LANGUAGE_DIR,
    RULES_DIR,
    RuleSetError,
    load_rule_sets,
)
from services.compliance.rules.models import Certainty


def test_every_required_jurisdiction_has_a_versioned_rule_set_with_sources() -> None:
    catalog = load_rule_sets()
    assert set(catalog.rule_sets) >= ISSUE_JURISDICTIONS
    for code, rules in catalog.rule_sets.items():
        assert (RULES_DIR / f"{code}.toml").is_file()
        assert rules.version and rules.sources, code


def test_rule_set_renders_itself_with_version_sources_and_certainty() -> None:
    rules = load_rule_sets().get("pl")
    assert rules is not None
    rendered = rules.model_dump(mode="json")
    assert rendered["version"] == "2026.11.1"
    assert any("UOKiK" in source for source in rendered["sources"])
    assert rendered["platform_tool"] == {
        "rule": "no",
        "certainty": "secondary",
        "note": "use the platform tool and a manual label together",
    }


def test_unverified_facts_are_marked_in_the_data() -> None:
    fi = load_rule_sets().get("FI")
    assert fi is not None
    assert {label.text: label.certainty for label in fi.labels}["mainos"] is Certainty.UNVERIFIED


def test_loaded_rule_sets_are_immutable() -> None:
    rules = load_rule_sets().get("US")
    assert rules is not None
    with pytest.raises(ValidationError):
        rules.version = "2099.1.1"


def test_invalid_rule_file_names_file_and_field(tmp_path: Path) -> None:
    shutil.copy(RULES_DIR / "DE.toml", tmp_path / "DE.toml")
    broken = (tmp_path / "DE.toml").read_text(encoding="utf-8")
    (tmp_path / "DE.toml").write_text(broken.replace('rule = "if_visible"', 'rule = "maybe"'))
    with pytest.raises(RuleSetError, match=r"DE\.toml: field 'platform_tool\.rule'"):
        load_rule_sets(tmp_path, PLAIN_LANGUAGE_DIR)


def test_file_name_must_match_its_code(tmp_path: Path) -> None:
    shutil.copy(RULES_DIR / "DE.toml", tmp_path / "AT.toml")
    with pytest.raises(RuleSetError, match=r"AT\.toml: field 'code'"):
        load_rule_sets(tmp_path, PLAIN_LANGUAGE_DIR)


def test_broken_plain_language_pattern_is_reported(tmp_path: Path) -> None:
    (tmp_path / "en.toml").write_text(
        '[[patterns]]\nlanguage = "en"\nkeywords = ["x"]\npattern = "(unclosed"\n'
        'relationships = ["paid"]\nexample = "x"\n'
    )
    with pytest.raises(RuleSetError, match=r"en\.toml: patterns\.0\.pattern"):
        load_rule_sets(RULES_DIR, tmp_path)
