"""Rate-card entries: what an influencer charges per deliverable."""

from pydantic import BaseModel, ConfigDict

from shared.money import Money
from shared.vocabulary import ContentFormat, Platform


class RateCardEntry(BaseModel):
    """What the influencer charges for one deliverable of `format` on `platform`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: Platform
    format: ContentFormat
    price: Money
