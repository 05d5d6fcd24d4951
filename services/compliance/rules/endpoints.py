from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from services.compliance.access import ReadAccess
from services.compliance.rule_catalog import CatalogDep
from services.compliance.rules import service
from services.compliance.rules.schemas import RuleSetList, RuleSetRead
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/rules", tags=["rules"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=RuleSetList, summary="List the disclosure rule sets")
async def list_rules(catalog: CatalogDep, principal: ReadAccess) -> RuleSetList:
    """Every jurisdiction's rule set (complete, not paged: one entry per jurisdiction)."""
    return RuleSetList(items=service.list_summaries(catalog))


@router.get("/{jurisdiction}", response_model=RuleSetRead, summary="Get a jurisdiction's rule set")
async def get_rules(jurisdiction: str, catalog: CatalogDep, principal: ReadAccess) -> JSONResponse:
    """The full rule set of an ISO country code (or `EU` for the baseline), with its version and
    sources. An EU member state without its own rule set is checked under `EU`."""
    rules = service.get_or_raise(catalog, jurisdiction)
    # Rule sets are validated when loaded; re-validating them on every response would be waste.
    return JSONResponse(rules.model_dump(mode="json"))
