from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from fastapi.responses import JSONResponse

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.allowed_domains import service
from services.tracking.allowed_domains.schemas import AllowedDomainPage, AllowedDomainRead
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params
from shared.http.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/v1/allowed-domains", tags=["links"], responses=PROBLEM_RESPONSES)
DomainPath = Annotated[str, Path(max_length=253, description="A host name, e.g. glowskin.example")]


@router.put("/{domain}", response_model=AllowedDomainRead, status_code=200,
            responses={201: {"model": AllowedDomainRead, "description": "Added"}},
            summary="Allow links to lead to a domain")
async def put_allowed_domain(domain: DomainPath, session: SessionDep, principal: WriteAccess
                             ) -> JSONResponse:
    """Tracked links of this workspace may then lead to this host and its subdomains. Idempotent:
    201 when added, 200 when it was already allowed."""
    row, created = await service.add(session, principal.workspace_id, domain)
    body = AllowedDomainRead.model_validate(row).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


@router.get("", response_model=AllowedDomainPage, summary="List the allowed domains")
async def list_allowed_domains(
    session: SessionDep, principal: ReadAccess, page: Annotated[PageParams, Depends(page_params)]
) -> AllowedDomainPage:
    after = str(page.after[0]) if page.after else None
    rows = await service.list_page(session, principal.workspace_id, after, page.limit)
    return make_page([AllowedDomainRead.model_validate(r) for r in rows], page.limit,
                     lambda d: [d.domain])


@router.delete("/{domain}", status_code=204, summary="Stop allowing a domain")
async def delete_allowed_domain(domain: DomainPath, session: SessionDep, principal: WriteAccess
                                ) -> Response:
    """New links may no longer lead there; links created before keep their destination until
    they expire (PATCH their `expires_at` to stop them now)."""
    await service.remove(session, principal.workspace_id, domain)
    return Response(status_code=204)
