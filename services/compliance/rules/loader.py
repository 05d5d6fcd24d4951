"""Load, validate and compile the rule-set files once at start-up.

`data/<CODE>.toml` holds one jurisdiction; `plain_language/<lang>.toml` holds the plain-language
disclosure sentences of one language, attached to every rule set that uses that language.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import TypeAdapter, ValidationError

from services.compliance.disclosure_engine.compile import compile_foreign_lexicon, compile_rule_set
from services.compliance.disclosure_engine.plain_language import PlainMatcher
from services.compliance.rules.catalog import RuleCatalog
from services.compliance.rules.models import PlainPattern, RuleSet

_HERE = Path(__file__).parent
RULES_DIR = _HERE / "data"
PLAIN_LANGUAGE_DIR = _HERE / "plain_language"
_PATTERNS = TypeAdapter(list[PlainPattern])


class RuleSetError(ValueError):
    """A rule file is malformed; the message names the file and the field."""


def load_rule_sets(rules_dir: Path = RULES_DIR, plain_language_dir: Path = PLAIN_LANGUAGE_DIR) -> RuleCatalog:
    patterns = _load_plain_patterns(plain_language_dir)
    compiled = {}
    for path in sorted(rules_dir.glob("*.toml")):
        rules = _load_rule_set(path, patterns)
        compiled[rules.code] = compile_rule_set(rules)
    if not compiled:
        raise RuleSetError(f"{rules_dir}: no rule-set files (*.toml)")
    matchers = {lang: PlainMatcher.build(lang, items) for lang, items in patterns.items()}
    return RuleCatalog(
        compiled=MappingProxyType(compiled),
        foreign_lexicon=compile_foreign_lexicon(c.rules for c in compiled.values()),
        plain_matchers=MappingProxyType(matchers),
    )


def _load_rule_set(path: Path, patterns: Mapping[str, list[PlainPattern]]) -> RuleSet:
    data = _read_toml(path)
    data["plain_patterns"] = [p for lang in data.get("languages", ()) for p in patterns.get(lang, ())]
    try:
        rules = RuleSet.model_validate(data)
    except ValidationError as error:
        raise RuleSetError(f"{path.name}: {_describe(error)}") from error
    if rules.code != path.stem:
        raise RuleSetError(f"{path.name}: field 'code' is {rules.code!r}, expected {path.stem!r}")
    return rules


def _load_plain_patterns(directory: Path) -> dict[str, list[PlainPattern]]:
    patterns: dict[str, list[PlainPattern]] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            items = _PATTERNS.validate_python(_read_toml(path).get("patterns", []))
        except ValidationError as error:
            raise RuleSetError(f"{path.name}: {_describe(error)}") from error
        for index, item in enumerate(items):
            try:
                re.compile(item.pattern)
            except re.error as error:
                raise RuleSetError(f"{path.name}: patterns.{index}.pattern: {error}") from error
        patterns.setdefault(path.stem, []).extend(items)
    return patterns


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RuleSetError(f"{path.name}: invalid TOML: {error}") from error


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"field '{'.'.join(str(part) for part in item['loc'])}': {item['msg']}" for item in error.errors()
    )
