"""The rule catalog a running service checks with: loaded and validated once, at start-up.

A malformed rule file raises `RuleSetError` (naming the file and the field) from `create_app` or
`build_worker`, so a bad deployment fails to start instead of checking with missing rules.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.compliance.rules.catalog import RuleCatalog
from services.compliance.rules.loader import RULES_DIR, load_rule_sets
from shared.settings import BaseServiceSettings


def load_for(settings: BaseServiceSettings) -> RuleCatalog:
    rules_dir = getattr(settings, "rules_dir", None) or RULES_DIR
    return load_rule_sets(rules_dir)


def _catalog(request: Request) -> RuleCatalog:
    catalog: RuleCatalog = request.app.state.rule_catalog
    return catalog


CatalogDep = Annotated[RuleCatalog, Depends(_catalog)]
