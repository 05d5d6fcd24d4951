"""Search filters → SQL conditions on the search table (repository layer: SQL only here).

Each condition is written so an index can serve it: array filters use && / @> (GIN, btree_gin
for the scalar columns in the same index), audience shares their bucket tokens plus an exact
recheck, text the tsvector and the handle's trigrams.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, cast, exists, false, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, JSONPATH
from sqlalchemy.types import Text

from services.discovery.domain.tiers import TIER_UPPER_BOUNDS, FollowerTier
from services.discovery.indexing.audience_tokens import bucket, normalised_key, token
from services.discovery.models import AccountSearch, BlockedInfluencer
from services.discovery.search.schemas import (
    AudienceFilter,
    CountRange,
    PriceFilter,
    Range,
    SearchFilters,
)

S = AccountSearch


def _texts(values: list[Any]) -> Any:
    return cast([str(v) for v in values], ARRAY(Text))


def _range(column: Any, bounds: Range | CountRange | None) -> list[ColumnElement[bool]]:
    if bounds is None:
        return []
    return [c for c in (column >= bounds.min if bounds.min is not None else None,
                        column <= bounds.max if bounds.max is not None else None) if c is not None]


def text_query(text: str) -> Any:
    return func.websearch_to_tsquery("simple", text)


def text_condition(text: str) -> ColumnElement[bool]:
    return or_(S.tsv.op("@@")(text_query(text)), S.handle.op("%")(text.strip().lstrip("@").lower()))


def relevance(text: str) -> Any:
    return func.ts_rank(S.tsv, text_query(text)) + func.similarity(S.handle, text.strip().lstrip("@").lower())


def audience_condition(audience: AudienceFilter) -> ColumnElement[bool]:
    keys = [(normalised_key(audience.dimension, s.value), s.min_share) for s in audience.any_of]
    tokens = [token(audience.dimension, key, bucket(share)) for key, share in keys]
    exact = [cast(S.audience[audience.dimension][key].astext, Float) >= share for key, share in keys]
    return and_(S.audience_tokens.overlap(_texts(tokens)), or_(*exact))


def path_exists(column: Any, path: str, variables: dict[str, Any]) -> ColumnElement[bool]:
    """jsonb_path_exists with bound variables (values never spliced into the path)."""
    return func.jsonb_path_exists(column, cast(path, JSONPATH), cast(variables, JSONB))


def price_condition(price: PriceFilter) -> ColumnElement[bool]:
    checks = ["@.format == $format", "@.currency == $currency"]
    checks += ["@.amount_minor >= $min"] if price.min_minor is not None else []
    checks += ["@.amount_minor <= $max"] if price.max_minor is not None else []
    variables = {"format": price.format.value, "currency": price.currency,
                 "min": price.min_minor, "max": price.max_minor}
    path = f"$[*] ? ({' && '.join(checks)})"
    return and_(S.price_formats.contains(_texts([f"{price.format.value}:{price.currency}"])),
                path_exists(S.prices, path, variables))


def _tier_spans() -> dict[FollowerTier, tuple[int, int | None]]:
    lows = [0, *(upper for _, upper in TIER_UPPER_BOUNDS)]
    uppers: list[int | None] = [upper for _, upper in TIER_UPPER_BOUNDS]
    return dict(zip(list(FollowerTier), zip(lows, [*uppers, None], strict=True), strict=True))


# tier → [lowest follower count, exclusive upper bound or None) (domain.tiers.follower_tier).
TIER_SPANS = _tier_spans()


Span = tuple[int, int | None]  # [lowest follower count, highest or None = unbounded]


def follower_spans(filters: SearchFilters) -> list[Span]:
    """The follower range cut to the tiers asked for: disjoint spans, highest first.

    Why: the planner treats tier and followers as independent, so "tier = nano, sort by
    followers" walked the followers index from the top past every larger account; "micro or
    macro" walked every mid-tier account between them. As spans, each walk starts at its top."""
    low = filters.followers.min if filters.followers and filters.followers.min is not None else 0
    high = filters.followers.max if filters.followers else None
    if not filters.tiers:
        return [(low, high)]
    clipped = [(max(low, t_low), _lower(high, None if t_high is None else t_high - 1))
               for t_low, t_high in sorted(TIER_SPANS[t] for t in set(filters.tiers))]
    spans: list[Span] = []
    for span_low, span_high in ((lo, hi) for lo, hi in clipped if hi is None or lo <= hi):
        if spans and spans[-1][1] is not None and spans[-1][1] + 1 == span_low:
            spans[-1] = (spans[-1][0], span_high)  # adjacent tiers are one range
        else:
            spans.append((span_low, span_high))
    return spans[::-1]


def span_conditions(span: Span) -> list[ColumnElement[bool]]:
    low, high = span
    return [c for c in (S.followers >= low if low > 0 else None,
                        S.followers <= high if high is not None else None) if c is not None]


def follower_bounds(filters: SearchFilters) -> list[ColumnElement[bool]]:
    """One range around every span (the `tier IN` check drops the gaps between them)."""
    spans = follower_spans(filters)
    if not spans:
        return [false()]
    highs = [high for _, high in spans]
    return span_conditions((spans[-1][0], None if None in highs else max(h for h in highs if h is not None)))


def _lower(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _lists(filters: SearchFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for column, values in ((S.platform, filters.platforms), (S.tier, filters.tiers),
                           (S.country, filters.countries), (S.account_type, filters.account_types),
                           (S.city, [c.casefold() for c in filters.cities])):
        if values:
            conditions.append(column.in_([str(v) for v in values]))
    for array, items in ((S.topics, filters.topics), (S.languages, filters.languages),
                         (S.causes, filters.values), (S.brands, [b.casefold() for b in filters.brands])):
        if items:
            conditions.append(array.overlap(_texts(items)))
    return conditions


def _blocked(workspace_id: uuid.UUID) -> ColumnElement[bool]:
    return ~exists(select(BlockedInfluencer.influencer_id).where(
        BlockedInfluencer.workspace_id == workspace_id,
        BlockedInfluencer.influencer_id == S.influencer_id))


def walks(workspace_id: uuid.UUID, filters: SearchFilters, by_followers: bool
          ) -> list[list[ColumnElement[bool]]]:
    """What a sort index (workspace, key, account) serves, as disjoint ranges in sort order:
    the workspace, and for the followers key each follower span."""
    if not by_followers:
        return [[S.workspace_id == workspace_id]]
    return [[S.workspace_id == workspace_id, *span_conditions(span)] for span in follower_spans(filters)]


def conditions(workspace_id: uuid.UUID, filters: SearchFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [S.workspace_id == workspace_id, *_lists(filters)]
    if filters.text and filters.text.strip():
        where.append(text_condition(filters.text))
    where += follower_bounds(filters)
    where += _range(S.engagement_rate, filters.engagement_rate)
    where += _range(S.growth_30d, filters.growth_30d)
    if filters.min_authenticity is not None:
        where.append(S.authenticity >= filters.min_authenticity)
    if filters.posted_within_days is not None:
        where.append(S.last_posted_at >= datetime.now(UTC) - timedelta(days=filters.posted_within_days))
    if filters.has_contact is not None:
        where.append(S.has_contact.is_(filters.has_contact))
    where += [audience_condition(a) for a in filters.audience]
    if filters.prices:
        where.append(or_(*(price_condition(p) for p in filters.prices)))
    if filters.exclude_brand_safety_flags:
        where.append(~S.flags.overlap(_texts(filters.exclude_brand_safety_flags)))
    if filters.exclude_influencers:
        where.append(S.influencer_id.not_in(filters.exclude_influencers))
    if not filters.include_blocked:
        where.append(_blocked(workspace_id))
    return where or [false()]
