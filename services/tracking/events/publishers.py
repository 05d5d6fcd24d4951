"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.conversions.repository import ConversionRow
from services.tracking.db import spine
from services.tracking.domain.figures import FIGURES
from services.tracking.models import Conversion, Post
from shared.bus.outbox import Outbox
from shared.events.catalog.tracking import (
    CampaignKpisUpdated,
    ConversionAttributed,
    ConversionReversed,
    PostMetricsUpdated,
    PostPublished,
)

_outbox = Outbox(spine.outbox)


def post_published(session: AsyncSession, post: Post) -> None:
    _outbox.add(session, PostPublished(
        post_id=post.id, campaign_id=post.campaign_id, collaboration_id=post.collaboration_id,
        deliverable_id=post.deliverable_id, influencer_id=post.influencer_id,
        platform=post.platform, format=post.format, url=post.url, text=post.text,
        paid_partnership_label=post.paid_partnership_label, relationship=post.relationship,
        image_retouched=post.image_retouched, image_ai_generated=post.image_ai_generated,
        published_at=post.published_at,
    ), post.workspace_id)


def posts_metrics_updated(
    session: AsyncSession, workspace_id: uuid.UUID, latest: Sequence[Mapping[str, Any]]
) -> None:
    """One `PostMetricsUpdated` per post, from its latest row (joined with the post's
    collaboration, influencer and platform). Built without validation: every field comes from
    stored, validated rows, and an import changes thousands."""
    _outbox.add_all(session, [PostMetricsUpdated.model_construct(
        post_id=row["post_id"], campaign_id=row["campaign_id"], collaboration_id=row["collaboration_id"],
        influencer_id=row["influencer_id"], platform=row["platform"], captured_at=row["captured_at"],
        metric_source=row["source"], figures={name: row[name] for name in FIGURES if row[name] is not None},
        decreased=list(row["decreased"]), updated_at=row["updated_at"],
    ) for row in latest], workspace_id)


def campaign_kpis_updated(session: AsyncSession, workspace_id: uuid.UUID, event: CampaignKpisUpdated) -> None:
    _outbox.add(session, event, workspace_id)


def conversion_attributed(conversion: ConversionRow) -> dict[str, Any]:
    """The event's outbox row: the order's own statement inserts it (`ConversionRepository.add`)."""
    return _outbox.row(ConversionAttributed(
        conversion_id=conversion.id, order_id=conversion.order_id, campaign_id=conversion.campaign_id,
        collaboration_id=conversion.collaboration_id, influencer_id=conversion.influencer_id,
        attributed_by=conversion.attributed_by,
        click_id=str(conversion.click_id) if conversion.click_id else None,
        promo_code=conversion.promo_code, amount_minor=conversion.amount_minor,
        currency=conversion.currency, reporting_amount_minor=conversion.reporting_amount_minor,
        reporting_currency=conversion.reporting_currency, fx_rate=conversion.fx_rate,
        fx_rate_date=conversion.fx_rate_date, commission_minor=conversion.commission_minor,
        ordered_at=conversion.ordered_at, attributed_at=conversion.attributed_at,
    ), conversion.workspace_id)


def conversion_reversed(session: AsyncSession, conversion: Conversion, reason: str, amount_minor: int,
                        at: datetime) -> None:
    _outbox.add(session, ConversionReversed(
        conversion_id=conversion.id, order_id=conversion.order_id, campaign_id=conversion.campaign_id,
        collaboration_id=conversion.collaboration_id, reason=reason,
        amount_minor=amount_minor, currency=conversion.currency,
        partial=amount_minor < conversion.amount_minor, reversed_at=at,
    ), conversion.workspace_id)
