"""The SQL of comments: a batch's posts and what is stored of it, the batch written in one
statement (arrays unnested), and verdicts counted per post, creator or campaign."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.repository import RepositoryBase


@dataclass(frozen=True)
class PostOf:
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None
    influencer_id: uuid.UUID
    published_at: datetime


@dataclass(frozen=True)
class NewComment:
    post_id: uuid.UUID
    comment_id: str
    text: str
    text_key: str
    author_key: str | None
    commented_at: datetime
    status: str
    reason: str | None
    language: str | None
    sentiment: str | None
    score: float | None


_POSTS = """
SELECT id, campaign_id, collaboration_id, influencer_id, published_at FROM tracking.posts
WHERE workspace_id = $1 AND id = ANY($2::uuid[])
"""
_STORED = """
SELECT c.post_id, c.comment_id, c.text_key FROM tracking.comments c
JOIN unnest($2::uuid[], $3::text[]) AS k(post_id, comment_id)
    ON c.post_id = k.post_id AND c.comment_id = k.comment_id
WHERE c.workspace_id = $1
"""
# Another comment by the same author with the same text on the same post.
_SAID = """
SELECT c.post_id, c.author_key, c.text_key, c.comment_id FROM tracking.comments c
JOIN (SELECT DISTINCT * FROM unnest($2::uuid[], $3::text[]) AS k(post_id, text_key)) AS k
    ON c.post_id = k.post_id AND c.text_key = k.text_key
WHERE c.workspace_id = $1 AND c.author_key IS NOT NULL
"""
_WRITE = """
INSERT INTO tracking.comments AS c (workspace_id, post_id, comment_id, campaign_id, collaboration_id,
    influencer_id, text, text_key, author_key, commented_at, status, reason, language, sentiment, score,
    imported_at)
SELECT $1, u.post_id, u.comment_id, p.campaign_id, p.collaboration_id, p.influencer_id, u.text,
    u.text_key, u.author_key, u.commented_at, u.status, u.reason, u.language, u.sentiment, u.score, $2
FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[],
    $10::text[], $11::text[], $12::text[], $13::float8[])
    AS u(post_id, comment_id, text, text_key, author_key, commented_at, status, reason, language,
         sentiment, score)
JOIN tracking.posts p ON p.workspace_id = $1 AND p.id = u.post_id
ON CONFLICT (workspace_id, post_id, comment_id) DO UPDATE SET
    text = excluded.text, text_key = excluded.text_key, author_key = excluded.author_key,
    commented_at = excluded.commented_at, status = excluded.status, reason = excluded.reason,
    language = excluded.language, sentiment = excluded.sentiment, score = excluded.score,
    imported_at = excluded.imported_at
"""
# Verdicts counted, for one scope; {where} is fixed text naming a column, never user input.
_COUNTS = """
SELECT {key} AS key, c.status, c.reason, c.language, c.sentiment, count(*) AS comments,
    sum(c.score) AS score_sum
FROM tracking.comments c
WHERE c.workspace_id = $1 AND c.{where} = $2
GROUP BY 1, 2, 3, 4, 5
"""
_LIST = """
SELECT comment_id, text, commented_at, status, reason, language, sentiment, score, imported_at
FROM tracking.comments WHERE workspace_id = $1 AND post_id = $2
"""
SCOPES = ("post_id", "influencer_id", "campaign_id")
GROUP_KEYS = {"none": "NULL::text", "post": "c.post_id::text", "influencer": "c.influencer_id::text"}


class CommentRepository(RepositoryBase):
    async def posts(self, workspace_id: uuid.UUID, post_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PostOf]:
        rows = await (await self.driver()).fetch(_POSTS, workspace_id, list(post_ids))
        return {r["id"]: PostOf(r["campaign_id"], r["collaboration_id"], r["influencer_id"],
                                r["published_at"]) for r in rows}

    async def stored_texts(
        self, workspace_id: uuid.UUID, keys: Sequence[tuple[uuid.UUID, str]]
    ) -> dict[tuple[uuid.UUID, str], str]:
        """(post, comment id) → the stored text's key, for those of `keys` stored before."""
        if not keys:
            return {}
        posts, ids = zip(*keys, strict=True)
        rows = await (await self.driver()).fetch(_STORED, workspace_id, list(posts), list(ids))
        return {(r["post_id"], r["comment_id"]): r["text_key"] for r in rows}

    async def said_before(
        self, workspace_id: uuid.UUID, said: Sequence[tuple[uuid.UUID, str, str]]
    ) -> set[tuple[object, str, str]]:
        """Of (post, text key, comment id), the (post, author key, text key) of the other stored
        comments saying that text on that post, by an author known."""
        if not said:
            return set()
        posts, texts, ids = (list(c) for c in zip(*said, strict=True))
        rows = await (await self.driver()).fetch(_SAID, workspace_id, posts, texts)
        own = set(zip(posts, ids, strict=True))
        return {(r["post_id"], r["author_key"], r["text_key"]) for r in rows
                if (r["post_id"], r["comment_id"]) not in own}

    async def write(
        self, workspace_id: uuid.UUID, imported_at: datetime, comments: Sequence[NewComment]
    ) -> None:
        """New comments are added, stored ones (an edited text) replaced with their new verdict."""
        if not comments:
            return
        columns: list[list[Any]] = [[] for _ in range(11)]
        for c in comments:
            for column, value in zip(columns, (c.post_id, c.comment_id, c.text, c.text_key, c.author_key,
                                               c.commented_at, c.status, c.reason, c.language, c.sentiment,
                                               c.score), strict=True):
                column.append(value)
        await (await self.driver()).execute(_WRITE, workspace_id, imported_at, *columns)

    async def counts(self, workspace_id: uuid.UUID, scope: str, scope_id: uuid.UUID, by: str) -> list[Any]:
        """Comments per (group, status, reason, language, label) in one scope (SCOPES)."""
        query = _COUNTS.format(key=GROUP_KEYS[by], where=scope)
        return list(await (await self.driver()).fetch(query, workspace_id, scope_id))

    async def of_post(
        self, workspace_id: uuid.UUID, post_id: uuid.UUID, before: tuple[datetime, str] | None, limit: int,
        status: str | None,
    ) -> list[dict[str, Any]]:
        """A post's comments, newest first, keyed by (commented_at, comment id)."""
        query = _LIST
        args: list[Any] = [workspace_id, post_id]
        if status is not None:
            args.append(status)
            query += f" AND status = ${len(args)}"
        if before is not None:
            args += list(before)
            query += f" AND (commented_at, comment_id) < (${len(args) - 1}, ${len(args)})"
        query += f" ORDER BY commented_at DESC, comment_id DESC LIMIT {int(limit)}"
        return [dict(r) for r in await (await self.driver()).fetch(query, *args)]
