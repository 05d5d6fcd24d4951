"""The influencer profile: identity, niches, values, prices and platform accounts."""

import re
from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from services.discovery.domain.account import Account
from services.discovery.domain.platforms import Platform
from services.discovery.domain.rate_card import RateCardEntry
from shared.codes import CountryCode, LanguageCode
from shared.vocabulary import BrandSafetyFlag, Cause, Topic

# Deliberately loose: deliverability is checked by sending mail, not by a regex.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Tag = Annotated[str, Field(min_length=1, max_length=60)]
# Tags are indexed as search text, whose tsvector PostgreSQL caps at 1 MB: unbounded, a long
# enough list failed the write. 100 tags of 60 characters stay far below it. Profiles are given
# at most this many (HTTP, import); stored ones are read whatever they hold.
MAX_TAGS = 100
# Accounts of one creator across platforms; more is a merge of several people gone wrong.
MAX_ACCOUNTS = 20


def account_limit_problem(accounts: int, stored: int) -> str | None:
    """Why a profile written over a stored one (PATCH, an import's upsert) may not have
    `accounts`: given accounts are added to the stored ones, so the given body's own limit does
    not bound the sum. A profile that grew past the limit before may still change, not grow."""
    if accounts > max(MAX_ACCOUNTS, stored):
        return f"an influencer has at most {MAX_ACCOUNTS} accounts; with these it would have {accounts}"
    return None


class BrandCollaboration(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    brand: Annotated[str, Field(min_length=1, max_length=200)]
    platform: Platform | None = None
    started_on: date | None = None
    ended_on: date | None = None
    campaign_ref: str | None = None


class InfluencerProfile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    display_name: Annotated[str, Field(max_length=200)] | None = None
    bio: Annotated[str, Field(max_length=5000)] | None = None
    accounts: Annotated[list[Account], Field(min_length=1)]
    topics: list[Topic] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    languages: list[LanguageCode] = Field(default_factory=list)
    country: CountryCode | None = None
    city: Annotated[str, Field(max_length=120)] | None = None
    contact_email: str | None = None
    rate_card: list[RateCardEntry] = Field(default_factory=list)
    values: list[Cause] = Field(default_factory=list)
    brand_safety_flags: list[BrandSafetyFlag] = Field(default_factory=list)
    collaborations: list[BrandCollaboration] = Field(default_factory=list)

    @field_validator("topics", "tags", "languages", "values", "brand_safety_flags")
    @classmethod
    def _deduplicated(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("contact_email")
    @classmethod
    def _plausible_email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value.strip()):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value.strip() if value is not None else None

    @model_validator(mode="after")
    def _one_account_per_key(self) -> Self:
        keys = [(a.platform, a.handle) for a in self.accounts]
        if len(keys) != len(set(keys)):
            raise ValueError("accounts: the same (platform, handle) is listed twice")
        return self

    def primary_account(self, platforms: frozenset[Platform] | None = None) -> Account | None:
        """The account with the most followers, optionally among `platforms` only."""
        eligible = [a for a in self.accounts if platforms is None or a.platform in platforms]
        return max(eligible, key=lambda a: a.followers, default=None)

    def has_contact_details(self) -> bool:
        return self.contact_email is not None
