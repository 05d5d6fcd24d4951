"""RFC 9457 problem details for every error path, validation included; never a bare 500 page."""

from __future__ import annotations

import logging
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.db.errors import sqlstate, transient

log = logging.getLogger(__name__)

# PostgreSQL cannot store U+0000 in text (22021) nor in jsonb (22P05): the client sent it.
_UNSTORABLE_TEXT = frozenset({"22021", "22P05"})

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://icp.dev/problems/"


class FieldError(BaseModel):
    field: str = Field(examples=["body.name"])
    message: str = Field(examples=["Field required"])
    type: str = Field(examples=["missing"])


class Problem(BaseModel):
    """An RFC 9457 problem document. A problem type may add extension members (§3.2), such as
    the moves a state machine allows from where it is."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[PROBLEM_BASE + "validation-error"])
    title: str = Field(examples=["Request validation failed"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["1 field is invalid"])
    instance: str | None = None
    errors: list[FieldError] | None = None


class ProblemError(Exception):
    def __init__(
        self, status: int, title: str, detail: str, slug: str | None = None,
        errors: list[FieldError] | None = None, headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.slug = slug or title.lower().replace(" ", "-")
        self.errors = errors
        self.headers = headers
        self.extensions = extensions or {}


def not_found(what: str) -> ProblemError:
    return ProblemError(404, "Not found", f"{what} was not found", "not-found")


def conflict(detail: str) -> ProblemError:
    return ProblemError(409, "Conflict", detail, "conflict")


def illegal_transition(what: str, current: str, target: str, allowed: list[str]) -> ProblemError:
    """A 409 for a move the state machine forbids; `allowed` lists the legal moves from `current`."""
    moves = ", ".join(allowed) if allowed else "none (it is final)"
    return ProblemError(
        409, "Illegal transition", f"a {what} cannot move from {current} to {target}; "
        f"allowed from {current}: {moves}", "illegal-transition",
        extensions={"current": current, "requested": target, "allowed": allowed})


def problem_response(request: Request, error: ProblemError) -> JSONResponse:
    body = Problem(
        type=PROBLEM_BASE + error.slug, title=error.title, status=error.status,
        detail=error.detail, instance=request.url.path, errors=error.errors, **error.extensions,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=error.status,
        media_type=PROBLEM_JSON, headers=error.headers,
    )


def _field_errors(exc: RequestValidationError) -> list[FieldError]:
    return [
        FieldError(
            field=".".join(str(part) for part in err.get("loc", ())),
            message=str(err.get("msg", "")),
            type=str(err.get("type", "")),
        )
        for err in exc.errors()
    ]


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        detail = f"{len(errors)} field{'s are' if len(errors) != 1 else ' is'} invalid"
        return problem_response(
            request,
            ProblemError(422, "Request validation failed", detail, "validation-error", errors),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        headers: Any = getattr(exc, "headers", None)
        return problem_response(
            request, ProblemError(exc.status_code, title, str(exc.detail), headers=headers)
        )

    @app.exception_handler(DBAPIError)
    @app.exception_handler(asyncpg.PostgresError)
    @app.exception_handler(PoolTimeout)  # every pooled connection busy past the pool's timeout
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        if transient(exc):
            # The database away, failing over or busy (a connection dropped while the pool was
            # busy, a deadlock, too many connections, the pool exhausted): the same request
            # later succeeds.
            log.warning("database unavailable", exc_info=exc, extra={"path": request.url.path})
            return problem_response(request, ProblemError(
                503, "Database unavailable", "the database is unavailable or busy; retry shortly",
                "database-unavailable", headers={"Retry-After": "1"}))
        if sqlstate(exc) not in _UNSTORABLE_TEXT:
            raise exc  # answered by `_unexpected`
        return problem_response(request, ProblemError(
            422, "Unstorable text", "text must not contain the NUL character (U+0000)",
            "unstorable-text"))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem_response(
            request,
            ProblemError(500, "Internal error", "an unexpected error occurred; it was logged",
                         "internal-error"),
        )


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in {
        401: "Missing, expired or invalid bearer token",
        403: "The token lacks the required scope",
        404: "Not found in your workspace",
        422: "Validation failed (field errors listed)",
    }.items()
}
