"""Allowed destination domains of a workspace's tracked links (no SQL, no commit)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.allowed_domains.repository import AllowedDomainRepository
from services.tracking.domain.destinations import normalise_domain
from services.tracking.models import AllowedDomain
from shared.http.problems import FieldError, ProblemError, not_found


def parse(domain: str) -> str:
    try:
        return normalise_domain(domain)
    except ValueError as exc:
        raise ProblemError(422, "Request validation failed", str(exc), "validation-error",
                           [FieldError(field="path.domain", message=str(exc), type="value_error")]
                           ) from exc


async def add(session: AsyncSession, workspace_id: uuid.UUID, domain: str
              ) -> tuple[AllowedDomain, bool]:
    repo = AllowedDomainRepository(session)
    name = parse(domain)
    created = await repo.add(workspace_id, name)
    row = await repo.get(workspace_id, name)
    assert row is not None
    return row, created


async def remove(session: AsyncSession, workspace_id: uuid.UUID, domain: str) -> None:
    if not await AllowedDomainRepository(session).remove(workspace_id, parse(domain)):
        raise not_found(f"allowed domain {domain}")


async def list_page(session: AsyncSession, workspace_id: uuid.UUID, after: str | None, limit: int
                    ) -> Sequence[AllowedDomain]:
    return await AllowedDomainRepository(session).list(workspace_id, after, limit + 1)
