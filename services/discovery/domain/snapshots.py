"""Dated snapshots of an account's counts: the history growth and spike detection read."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.provenance import AwareDatetime, MetricSource


class AccountSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    observed_at: AwareDatetime
    followers: Annotated[int, Field(ge=0)]
    following: Annotated[int, Field(ge=0)] | None = None
    avg_engagements: Annotated[float, Field(ge=0.0)] | None = None
    source: MetricSource = MetricSource.CONNECTOR
