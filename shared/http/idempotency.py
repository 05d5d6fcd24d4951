"""`Idempotency-Key` on writes: a retried request gets the first response, never a second write.

The key is claimed with an insert in the request's own transaction, so a concurrent retry waits
on the first one's row lock and then replays its stored response; a failed request leaves no key.
A key is kept for `idempotency_retention_hours`: past that it is claimed anew, like one never
seen (and the outbox relay prunes it).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Annotated

import orjson
from fastapi import Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth import Principal
from shared.http.problems import ProblemError

REPLAY_HEADER = "Idempotent-Replayed"


class Idempotency:
    def __init__(
        self, table: Table, session: AsyncSession, request: Request, key: str | None,
        retention: timedelta,
    ) -> None:
        self.table = table
        self.session = session
        self.request = request
        self.key = key
        self.retention = retention

    @property
    def principal(self) -> Principal:
        # Set by the route's `require(...)` dependency, which every write route has.
        principal: Principal = self.request.state.principal
        return principal

    async def replay(self, body: BaseModel | None) -> JSONResponse | None:
        """The stored response of an earlier request with this key, or None to go ahead."""
        if self.key is None:
            return None
        if len(self.key) > 200:
            raise ProblemError(400, "Invalid Idempotency-Key", "keys are at most 200 characters")
        fingerprint = self._fingerprint(body)
        claim = insert(self.table).values(
            workspace_id=self.principal.workspace_id, key=self.key, request_fingerprint=fingerprint,
            status_code=0, response_body="")
        claimed = await self.session.scalar(
            claim.on_conflict_do_update(
                index_elements=[self.table.c.workspace_id, self.table.c.key],
                set_={"request_fingerprint": fingerprint, "status_code": 0, "response_body": "",
                      "created_at": func.now()},
                where=self.table.c.created_at < datetime.now(UTC) - self.retention,
            ).returning(self.table.c.key)
        )
        if claimed is not None:
            return None
        row = (await self.session.execute(
            select(self.table).where(self.table.c.workspace_id == self.principal.workspace_id,
                                     self.table.c.key == self.key)
        )).one()
        if row.request_fingerprint != fingerprint:
            raise ProblemError(422, "Idempotency-Key reused",
                               "this Idempotency-Key was used with a different request",
                               "idempotency-key-reused")
        return JSONResponse(orjson.loads(row.response_body), status_code=row.status_code,
                            headers={REPLAY_HEADER: "true"})

    async def respond(self, status_code: int, body: BaseModel) -> JSONResponse:
        payload = body.model_dump(mode="json")
        if self.key is not None:
            await self.session.execute(
                update(self.table)
                .where(self.table.c.workspace_id == self.principal.workspace_id,
                       self.table.c.key == self.key)
                .values(status_code=status_code, response_body=orjson.dumps(payload).decode())
            )
        return JSONResponse(payload, status_code=status_code)

    def _fingerprint(self, body: BaseModel | None) -> str:
        digest = hashlib.sha256(f"{self.request.method} {self.request.url.path}\n".encode())
        if body is not None:
            digest.update(orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS))
        return digest.hexdigest()


IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Retry-safe key: a retry returns the first response"),
]
