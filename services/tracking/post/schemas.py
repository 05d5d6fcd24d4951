"""HTTP models of `/v1/posts`: a post as registered, and as read back with its disclosure verdict."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from services.tracking.domain.post_urls import url_problem
from services.tracking.models import Post
from services.tracking.post.examples import POST_CREATE, POST_READ
from shared.codes import CountryCode
from shared.http.pagination import Page
from shared.provenance import GivenDatetime
from shared.vocabulary import ContentFormat, Platform, Relationship


def _url(value: str) -> str:
    if (problem := url_problem(value)) is not None:
        raise ValueError(problem)
    return value.strip()


PostUrl = Annotated[str, Field(max_length=2048), AfterValidator(_url)]


class PostCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [POST_CREATE]})

    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None = Field(default=None, description="Whose contract the post "
                                               "fulfils; its relationship and influencer apply")
    deliverable_id: uuid.UUID | None = Field(default=None, description="The contract deliverable "
                                             "it fulfils (campaigns marks it published)")
    influencer_id: uuid.UUID | None = Field(default=None, description="Required unless the "
                                            "collaboration's contract names the influencer")
    platform: Platform
    format: ContentFormat
    url: PostUrl = Field(description="The post's address; one post per (platform, URL)")
    text: str = Field(max_length=20_000, description="Caption, description or transcript")
    published_at: GivenDatetime
    paid_partnership_label: bool = Field(default=False, description="The platform's own "
                                         "paid-partnership tag is switched on")
    relationship: Relationship | None = Field(default=None, description="What ties the creator to "
                                              "the brand; from the collaboration's contract when "
                                              "omitted, else `paid`")
    image_retouched: bool = False
    image_ai_generated: bool = False
    market: CountryCode | None = Field(default=None, description="The market the post addresses "
                                       "(ISO 3166-1 alpha-2); KPIs per market use it")
    followers: int | None = Field(default=None, ge=0, le=2**63 - 1, description="The author's "
                                  "followers on the platform when it went live (the ER-by-followers "
                                  "base); from the contract when omitted")


class DisclosureRead(BaseModel):
    verdict: str = Field(description="`compliant`, `needs_review` or `non_compliant`")
    check_id: uuid.UUID
    rule_set_version: str | None
    checked_at: datetime


class PostRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [POST_READ]})

    id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None
    deliverable_id: uuid.UUID | None
    influencer_id: uuid.UUID
    platform: str
    format: str
    url: str
    text: str
    published_at: datetime
    paid_partnership_label: bool
    relationship: str
    relationship_source: str = Field(description="`request`, `contract` or `default`")
    image_retouched: bool
    image_ai_generated: bool
    market: str | None
    followers: int | None
    disclosure: DisclosureRead | None = Field(description="The newest verdict compliance announced "
                                              "for the post; null until it has checked it")
    created_at: datetime

    @classmethod
    def of(cls, post: Post) -> PostRead:
        disclosure = None
        if post.disclosure_verdict is not None and post.disclosure_check_id is not None:
            assert post.disclosure_checked_at is not None
            disclosure = DisclosureRead(
                verdict=post.disclosure_verdict, check_id=post.disclosure_check_id,
                rule_set_version=post.disclosure_rule_set_version,
                checked_at=post.disclosure_checked_at)
        return cls(
            id=post.id, campaign_id=post.campaign_id, collaboration_id=post.collaboration_id,
            deliverable_id=post.deliverable_id, influencer_id=post.influencer_id,
            platform=post.platform, format=post.format, url=post.url, text=post.text,
            published_at=post.published_at, paid_partnership_label=post.paid_partnership_label,
            relationship=post.relationship, relationship_source=post.relationship_source,
            image_retouched=post.image_retouched, image_ai_generated=post.image_ai_generated,
            market=post.market, followers=post.followers, disclosure=disclosure,
            created_at=post.created_at)


class PostPage(Page[PostRead]):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [POST_READ], "next_cursor": None}]})
