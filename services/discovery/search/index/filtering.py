"""Search filters → a mask over a segment's rows. AND between filters, OR inside a list; a
missing figure (no engagement data, no history) never satisfies a range, as in SQL."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from services.discovery.search.index import ids
from services.discovery.search.index.segment import Floats, Mask, Segment, key
from services.discovery.search.index.text_match import TextQuery, text_mask
from services.discovery.search.rows.audience_shares import TOP_COUNTRY, normalised_key
from services.discovery.search.rows.text_keys import folded
from services.discovery.search.schemas import AudienceFilter, PriceFilter, SearchFilters
from shared.money import Money
from shared.vocabulary import ContentFormat


@dataclass(frozen=True, slots=True)
class Query:
    """A search's filters with what they need from outside the index."""

    filters: SearchFilters
    now: datetime
    blocked: Collection[uuid.UUID] = ()
    text: TextQuery | None = None
    budget: Money | None = None  # match: unpriced in its currency, or priced within it
    formats: Collection[ContentFormat] = ()  # match: the brief's formats, the only prices it books
    persona_countries: AudienceFilter | None = None  # match: by share, or as the top country


@dataclass(frozen=True, slots=True)
class Matches:
    mask: Mask
    exact: bool  # False: a text phrase matched as its words; recheck the text in the table


def _range(values: Floats | np.ndarray, low: float | None, high: float | None, mask: Mask) -> None:
    if low is not None:
        mask &= values >= low
    if high is not None:
        mask &= values <= high


def _audience(segment: Segment, audience: AudienceFilter) -> Mask:
    mask = np.zeros(segment.size, dtype=np.bool_)
    for share in audience.any_of:
        value = key(audience.dimension, normalised_key(audience.dimension, share.value))
        if (dense := segment.audience_dense.get(value)) is not None:
            mask |= dense >= share.min_share  # NaN (not held) compares false
            continue
        rows, shares = segment.audience.entries_of(value)
        mask[rows] |= shares >= share.min_share  # a row holds a value once: no lost updates
    return mask


def _persona_countries(segment: Segment, countries: AudienceFilter) -> Mask:
    """The countries' shares, or for an audience known only by its top country, that country:
    fit scoring credits it as an estimated share (domain.audience_overlap)."""
    mask = _audience(segment, countries)
    for share in countries.any_of:
        mask[segment.audience.rows_of(key(TOP_COUNTRY, share.value))] = True
    return mask


def _price(segment: Segment, price: PriceFilter, mask: Mask) -> None:
    rows, amounts = segment.prices.entries_of(key(price.format.value, price.currency))
    keep = np.ones(len(rows), dtype=np.bool_)
    _range(amounts, price.min_minor, price.max_minor, keep)
    mask[rows[keep]] = True


def _budget(segment: Segment, budget: Money, formats: Collection[ContentFormat]) -> Mask:
    """Unpriced in the budget's currency, or priced within it. A brief naming formats is priced
    by those alone, as fit prices it (domain.campaign_cost.eligible_rates): a story's rate
    neither excludes nor admits an account for a reel."""
    if formats:
        entries = [segment.prices.entries_of(key(f.value, budget.currency)) for f in formats]
        rows, amounts = np.concatenate([r for r, _ in entries]), np.concatenate([a for _, a in entries])
    else:
        rows, amounts = segment.prices_by_currency.entries_of(budget.currency)
    mask = np.ones(segment.size, dtype=np.bool_)
    mask[rows] = False
    mask[rows[amounts <= budget.amount_minor]] = True
    return mask


def _influencers(segment: Segment, excluded: Collection[uuid.UUID]) -> Mask:
    """Rows of any of `excluded`, found by binary search on the high halves."""
    mask = np.zeros(segment.size, dtype=np.bool_)
    low = segment.influencer[1]
    order, ordered_high = segment.influencer_order, segment.influencer_high_sorted
    for influencer in excluded:
        h, lo = (np.uint64(half) for half in ids.split(influencer))
        rows = order[np.searchsorted(ordered_high, h, "left"):np.searchsorted(ordered_high, h, "right")]
        mask[rows[low[rows] == lo]] = True
    return mask


def _lists(segment: Segment, filters: SearchFilters, mask: Mask) -> None:
    for labels, wanted in ((segment.platform, filters.platforms), (segment.tier, filters.tiers),
                           (segment.country, filters.countries),
                           (segment.account_type, filters.account_types),
                           (segment.city, [folded(c) for c in filters.cities])):
        if wanted:
            mask &= labels.mask_in(str(v) for v in wanted)
    for grouped, items in ((segment.topics, filters.topics), (segment.languages, filters.languages),
                           (segment.causes, filters.values),
                           (segment.brands, [folded(b) for b in filters.brands])):
        if items:
            mask &= grouped.mask_any((str(i) for i in items), segment.size)


def _ranges(segment: Segment, query: Query, mask: Mask) -> None:
    filters = query.filters
    for values, bounds in ((segment.followers, filters.followers),
                           (segment.engagement_rate, filters.engagement_rate),
                           (segment.growth_30d, filters.growth_30d)):
        if bounds is not None:
            _range(values, bounds.min, bounds.max, mask)
    _range(segment.authenticity, filters.min_authenticity, None, mask)
    if filters.posted_within_days is not None:
        since = query.now - timedelta(days=filters.posted_within_days)
        _range(segment.last_posted_at, since.timestamp(), None, mask)
    if filters.has_contact is not None:
        mask &= segment.has_contact == filters.has_contact


def matches(segment: Segment, query: Query) -> Matches:
    filters = query.filters
    mask = segment.live()
    _lists(segment, filters, mask)
    _ranges(segment, query, mask)
    for audience in filters.audience:
        mask &= _audience(segment, audience)
    if filters.prices:
        priced = np.zeros(segment.size, dtype=np.bool_)
        for price in filters.prices:
            _price(segment, price, priced)
        mask &= priced
    if filters.exclude_brand_safety_flags:
        mask &= ~segment.flags.mask_any((str(f) for f in filters.exclude_brand_safety_flags), segment.size)
    excluded = [*filters.exclude_influencers, *([] if filters.include_blocked else query.blocked)]
    if excluded:
        mask &= ~_influencers(segment, excluded)
    if query.budget is not None:
        mask &= _budget(segment, query.budget, query.formats)
    if query.persona_countries is not None:
        mask &= _persona_countries(segment, query.persona_countries)
    exact = True
    if query.text is not None:
        text = text_mask(segment, query.text)
        mask &= text.mask
        exact = text.exact
    return Matches(mask, exact)
