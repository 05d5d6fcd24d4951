from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from services.tracking.models import Post
from shared.db.repository import RepositoryBase


@dataclass(frozen=True)
class PostFilters:
    campaign_id: uuid.UUID | None = None
    collaboration_id: uuid.UUID | None = None
    influencer_id: uuid.UUID | None = None
    platform: str | None = None


class PostRepository(RepositoryBase):
    async def add_unless_registered(self, values: dict[str, Any]) -> Post | None:
        """The new post, or None when the workspace has one at this (platform, URL) already."""
        return await self.session.scalar(
            insert(Post).values(**values)
            .on_conflict_do_nothing(index_elements=["workspace_id", "platform", "url_key"])
            .returning(Post))

    async def by_url(self, workspace_id: uuid.UUID, platform: str, url_key: str) -> Post | None:
        return await self.session.scalar(select(Post).where(
            Post.workspace_id == workspace_id, Post.platform == platform, Post.url_key == url_key))

    async def get(self, workspace_id: uuid.UUID, post_id: uuid.UUID) -> Post | None:
        return await self.session.scalar(
            select(Post).where(Post.workspace_id == workspace_id, Post.id == post_id))

    async def list(
        self, workspace_id: uuid.UUID, filters: PostFilters, before: uuid.UUID | None, limit: int
    ) -> Sequence[Post]:
        """Newest first (ids are time-ordered), keyed by id."""
        query = select(Post).where(Post.workspace_id == workspace_id)
        for column, value in ((Post.campaign_id, filters.campaign_id),
                              (Post.collaboration_id, filters.collaboration_id),
                              (Post.influencer_id, filters.influencer_id),
                              (Post.platform, filters.platform)):
            if value is not None:
                query = query.where(column == value)
        if before is not None:
            query = query.where(Post.id < before)
        return (await self.session.scalars(query.order_by(Post.id.desc()).limit(limit))).all()

    async def of_campaign(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Sequence[Post]:
        return (await self.session.scalars(
            select(Post).where(Post.workspace_id == workspace_id, Post.campaign_id == campaign_id)
            .order_by(Post.id))).all()

    async def record_disclosure(
        self, workspace_id: uuid.UUID, post_id: uuid.UUID, verdict: str, check_id: uuid.UUID,
        rule_set_version: str, checked_at: datetime,
    ) -> bool:
        """Whether the verdict was stored: the post exists and holds no newer verdict."""
        result = await self.session.execute(
            update(Post)
            .where(Post.workspace_id == workspace_id, Post.id == post_id,
                   (Post.disclosure_checked_at.is_(None)) | (Post.disclosure_checked_at <= checked_at))
            .values(disclosure_verdict=verdict, disclosure_check_id=check_id,
                    disclosure_rule_set_version=rule_set_version, disclosure_checked_at=checked_at)
            .returning(Post.id))
        return result.first() is not None
