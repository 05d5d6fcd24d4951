"""HTTP models of EMV tables: a workspace's value per action per platform, versioned."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.tracking.domain.emv import DEFAULT_CURRENCY, DEFAULT_SOURCE, DEFAULT_VALUES, EMV_ACTIONS
from shared.codes import CurrencyCode
from shared.http.pagination import Page
from shared.vocabulary import Platform

PerThousand = Annotated[int, Field(ge=0, le=10**12)]
_VALUES_DOC = ("platform → action → minor units of `currency` per 1000 actions (0.003 USD per "
               f"impression is 300); actions: {', '.join(EMV_ACTIONS)}")
_TABLE: dict[str, Any] = {"currency": "EUR", "source": "Our 2026 paid-social benchmarks (media team)",
                          "values": {"instagram": {"views": 4000, "likes": 12000, "clicks": 250000},
                                     "tiktok": {"views": 2500, "shares": 4000}}}


class EmvTableWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_TABLE]})

    currency: CurrencyCode
    source: str = Field(min_length=3, max_length=2000, description="Where the values come from")
    values: dict[Platform, dict[str, PerThousand]] = Field(description=_VALUES_DOC)

    @field_validator("values")
    @classmethod
    def _known_actions(cls, values: dict[Platform, dict[str, int]]) -> dict[Platform, dict[str, int]]:
        unknown = sorted({a for actions in values.values() for a in actions} - set(EMV_ACTIONS))
        if unknown:
            raise ValueError(f"unknown actions {unknown}; one of {', '.join(EMV_ACTIONS)}")
        return values


class EmvTableRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "version": "default", "currency": DEFAULT_CURRENCY, "source": DEFAULT_SOURCE,
        "values": {p: dict(v) for p, v in DEFAULT_VALUES.items()}, "created_at": None}]})

    version: str = Field(description="`default` (the built-in table), or the workspace's version")
    currency: str
    source: str
    values: dict[str, dict[str, int]] = Field(description=_VALUES_DOC)
    created_at: datetime | None


class EmvTablePage(Page[EmvTableRead]):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "next_cursor": None}]})
