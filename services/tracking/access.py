"""The scopes guarding this service's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shared.auth import Principal
from shared.http.security import require

ReadAccess = Annotated[Principal, Depends(require("tracking:read"))]
WriteAccess = Annotated[Principal, Depends(require("tracking:write"))]
