"""Comments: imported in batches, each judged once (spam, language, sentiment) as it is stored,
and counted per post, creator or campaign (no SQL here)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.comments.repository import CommentRepository, NewComment, PostOf
from services.tracking.comments.schemas import (
    CommentRead,
    CommentsImportReport,
    SentimentGroup,
    SentimentRead,
)
from services.tracking.domain.comment_rows import CommentRow, CommentRows
from services.tracking.domain.comment_spam import Said, author_key, later_copies, text_key, word_count
from services.tracking.domain.comment_tally import Tally, tally
from services.tracking.domain.sentiment import Label, Status, Verdict, judge, repeated
from services.tracking.kpis import state as kpi_state
from shared.ingest.batches import import_in_batches
from shared.ingest.parser import ImportFormat, ImportParser
from shared.ingest.report import RejectedRow, rejected
from shared.provenance import AHEAD_GRACE

BATCH_ROWS = 5_000


class _Writer:
    def __init__(self, session: AsyncSession, workspace_id: uuid.UUID, received_at: datetime) -> None:
        self.session, self.workspace_id, self.received_at = session, workspace_id, received_at
        self.already_stored = self.updated = 0
        self.posts: dict[uuid.UUID, PostOf] = {}

    async def __call__(self, rows: list[CommentRow]) -> Sequence[RejectedRow]:
        repo = CommentRepository(self.session)
        if missing := {r.post_id for r in rows} - self.posts.keys():
            self.posts.update(await repo.posts(self.workspace_id, missing))
        refused, fresh = self._of_known_posts(rows)
        fresh = list({(r.post_id, r.comment_id): r for r in fresh}.values())  # a file's last copy wins
        self.already_stored += len(rows) - len(refused) - len(fresh)
        stored = await repo.stored_texts(self.workspace_id, [(r.post_id, r.comment_id) for r in fresh])
        keys = [text_key(r.text) for r in fresh]
        changed = [(r, k) for r, k in zip(fresh, keys, strict=True)
                   if stored.get((r.post_id, r.comment_id)) != k]
        self.already_stored += len(fresh) - len(changed)
        self.updated += sum((r.post_id, r.comment_id) in stored for r, _ in changed)
        comments = await asyncio.to_thread(_judged, changed)
        said = [(c.post_id, c.text_key, c.comment_id) for c in comments if c.author_key]
        copies = later_copies(
            [Said(c.post_id, c.author_key, c.text_key, (c.commented_at, c.comment_id), word_count(c.text))
             for c in comments],
            await repo.said_before(self.workspace_id, said))
        comments = [_as_copy(c) if i in copies else c for i, c in enumerate(comments)]
        await repo.write(self.workspace_id, self.received_at, comments)
        await kpi_state.mark_changed(self.session, self.workspace_id,
                                     {self.posts[c.post_id].campaign_id for c in comments})
        await self.session.commit()
        return refused

    def _of_known_posts(self, rows: list[CommentRow]) -> tuple[list[RejectedRow], list[CommentRow]]:
        refused, kept = [], []
        for row in rows:
            post = self.posts.get(row.post_id)
            if post is None:
                refused.append(rejected(row.row, row.line, "post_id", "no such post in this workspace "
                                        "(register it with POST /v1/posts first)"))
            elif row.commented_at < post.published_at - AHEAD_GRACE:
                refused.append(rejected(row.row, row.line, "commented_at", "before the post was published "
                                        f"({post.published_at.isoformat()})"))
            else:
                kept.append(row)
        return refused, kept


def _judged(rows: list[tuple[CommentRow, str]]) -> list[NewComment]:
    """CPU-bound (lingua, VADER): run off the event loop. A text a batch repeats is judged once."""
    verdicts: dict[str, Verdict] = {}
    judged = []
    for row, key in rows:
        verdict = verdicts.get(row.text) or verdicts.setdefault(row.text, judge(row.text))
        judged.append(NewComment(
            row.post_id, row.comment_id, row.text, key, author_key(row.author) if row.author else None,
            row.commented_at, verdict.status.value, verdict.reason, verdict.language,
            verdict.label.value if verdict.label else None, verdict.score))
    return judged


def _as_copy(comment: NewComment) -> NewComment:
    verdict = repeated(Verdict(Status(comment.status), comment.reason, comment.language,
                               Label(comment.sentiment) if comment.sentiment else None, comment.score))
    return replace(comment, status=verdict.status.value, reason=verdict.reason, sentiment=None, score=None)


async def import_stream(
    session: AsyncSession, workspace_id: uuid.UUID, chunks: AsyncIterable[bytes], fmt: ImportFormat,
) -> CommentsImportReport:
    """Stores every valid row, committing batch by batch on `session`."""
    writer = _Writer(session, workspace_id, datetime.now(UTC))
    parsed = CommentRows(writer.received_at)
    report = await import_in_batches(ImportParser(fmt, parsed), chunks, writer, BATCH_ROWS)
    return CommentsImportReport(
        format=fmt, rows=report.rows, stored=report.written - writer.already_stored - writer.updated,
        updated=writer.updated, already_stored=writer.already_stored, rejected=report.rejected,
        problems=report.sorted_problems(), problems_truncated=report.truncated)


async def sentiment(
    session: AsyncSession, workspace_id: uuid.UUID, scope: str, scope_id: uuid.UUID, by: str = "none",
) -> SentimentRead:
    whole, groups = tally(await CommentRepository(session).counts(workspace_id, scope, scope_id, by))
    ordered = sorted(groups.items(), key=lambda group: str(group[0])) if by != "none" else []
    return SentimentRead(**_read(whole), groups=[SentimentGroup(key=key, **_read(t)) for key, t in ordered])


def _read(found: Tally) -> dict[str, object]:
    return {"comments": found.comments, "sentiment": found.sentiment, "scored": found.scored,
            "score_sum": found.score_sum, **found.labels, "unscored": found.unscored,
            "unscored_reasons": found.unscored_reasons, "unscored_languages": found.unscored_languages,
            "spam": found.spam, "spam_reasons": found.spam_reasons, "languages": found.languages}


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, post_id: uuid.UUID, before: tuple[datetime, str] | None,
    limit: int, status: str | None,
) -> list[CommentRead]:
    rows = await CommentRepository(session).of_post(workspace_id, post_id, before, limit + 1, status)
    return [CommentRead.model_validate(r) for r in rows]
