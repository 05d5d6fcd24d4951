"""The search index's pure parts: tsquery evaluation, keyset ranking, missing figures."""

from __future__ import annotations

import struct
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import pytest

from services.discovery.search.index import ranking
from services.discovery.search.index.binary import arrays
from services.discovery.search.index.filtering import Query, matches
from services.discovery.search.index.grouped import from_groups
from services.discovery.search.index.ids import halves
from services.discovery.search.index.labels import from_groups as labels_from
from services.discovery.search.index.loader import ENTRIES, LABELS, LISTS
from services.discovery.search.index.ranking import top
from services.discovery.search.index.segment import Segment, _dense, assemble
from services.discovery.search.index.tsquery import evaluate
from services.discovery.search.index.warm_up import chosen
from services.discovery.search.schemas import (
    AudienceFilter,
    AudienceShare,
    CountRange,
    Range,
    SearchFilters,
)

TEXTS = ["vegan daily", "daily vegan beauty", "beauty tips vegan beauty", "daily", "vegan tips beauty"]


def _postings(lexeme: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows and positions (from 1, as in a tsvector) of `lexeme` in TEXTS."""
    found = [(row, at) for row, text in enumerate(TEXTS)
             for at, word in enumerate(text.split(), start=1) if word == lexeme]
    return np.array([r for r, _ in found], dtype=np.int32), np.array([a for _, a in found], dtype=np.float64)


def _rows(query: str) -> tuple[list[int], bool]:
    result = evaluate(query, _postings, len(TEXTS))
    return np.flatnonzero(result.mask).tolist(), result.exact


def test_tsquery_operators_combine_postings() -> None:
    assert _rows("'vegan' & 'beauty'") == ([1, 2, 4], True)
    assert _rows("'vegan' | 'daily'") == ([0, 1, 2, 3, 4], True)
    assert _rows("'vegan' & !'beauty'") == ([0], True)
    assert _rows("( 'tips' | 'daily' ) & !( 'beauty' )") == ([0, 3], True)
    assert _rows("'o''brien'") == ([], True)
    assert _rows("") == ([], True)


def test_phrases_of_words_match_by_position_as_postgresql_matches_them() -> None:
    assert _rows("'vegan' <-> 'beauty'") == ([1, 2], True)  # row 2 holds beauty twice
    assert _rows("'beauty' <-> 'vegan'") == ([], True)
    assert _rows("'vegan' <2> 'beauty'") == ([4], True)  # exactly two positions on
    assert _rows("'beauty' <-> 'tips' <-> 'vegan'") == ([2], True)
    assert _rows("'daily' <-> 'vegan' <-> 'beauty'") == ([1], True)
    assert _rows("'vegan' <-> 'daily' | 'tips' <-> 'beauty'") == ([0, 4], True)
    assert _rows("!( 'vegan' <-> 'beauty' )") == ([0, 3, 4], True)


def test_phrases_over_operators_are_a_superset_to_recheck() -> None:
    # websearch_to_tsquery never writes these; the table rechecks the words' rows.
    assert _rows("'vegan' <-> ( 'tips' | 'beauty' )") == ([1, 2, 4], False)
    assert _rows("!( 'vegan' <-> !'daily' )") == ([0, 1, 2, 3, 4], False)


def _segment(rows: list[tuple[uuid.UUID, int, float | None, int | None]]) -> Segment:
    """(account, followers, engagement rate, authenticity) per row; nothing else set."""
    size = len(rows)
    account = halves([a.bytes for a, *_ in rows])
    influencer = halves([uuid.uuid4().bytes for _ in rows])
    columns = {
        "account_high": account[0], "account_low": account[1],
        "influencer_high": influencer[0], "influencer_low": influencer[1],
        "followers": np.array([f for _, f, _, _ in rows], dtype=np.int64),
        "engagement_rate": np.array([np.nan if r is None else r for _, _, r, _ in rows]),
        "growth_30d": np.full(size, np.nan), "last_posted_at": np.full(size, np.nan),
        "authenticity": np.array([np.nan if a is None else a for *_, a in rows], dtype=np.float64),
        "has_contact": np.zeros(size, dtype=np.uint8), "written_by": np.ones(size, dtype=np.int64),
    }
    nothing = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
    labels = {name: labels_from(size, [], *nothing) for name in LABELS}
    groups = {name: from_groups([], *nothing) for name in (*LISTS, *ENTRIES)}
    return assemble(size, columns, labels, groups)


def test_pages_follow_the_key_then_the_account_id_as_postgresql_orders_uuids() -> None:
    accounts = sorted((uuid.uuid4() for _ in range(7)), reverse=True)
    segment = _segment([(a, 5000 if i < 5 else 9000 - i, None, None) for i, a in enumerate(accounts)])
    mask = segment.live()
    seen: list[uuid.UUID] = []
    after = None
    while page := top(segment, mask, "followers", after, 2):
        seen += [r.account_id for r in page]
        after = page[-1].order()
    assert seen == [accounts[5], accounts[6], *accounts[:5]]


def test_missing_figures_fail_every_range_and_sort_last() -> None:
    accounts = [uuid.uuid4() for _ in range(3)]
    segment = _segment([(accounts[0], 1000, 0.05, 90), (accounts[1], 2000, None, None),
                        (accounts[2], 3000, 0.01, 40)])
    now = datetime.now(UTC)

    def found(filters: SearchFilters) -> list[int]:
        return np.flatnonzero(matches(segment, Query(filters, now)).mask).tolist()

    assert found(SearchFilters(engagement_rate=Range(min=0.0))) == [0, 2]
    assert found(SearchFilters(min_authenticity=0)) == [0, 2]
    assert found(SearchFilters(followers=CountRange(min=1500, max=2500))) == [1]
    assert [r.account_id for r in top(segment, segment.live(), "engagement_rate", None, 3)] == [
        accounts[0], accounts[2], accounts[1]]


def test_audience_shares_match_on_broad_and_rare_values_alike() -> None:
    """DE is held by most rows (a dense column), FR by one (its posting list)."""
    segment = _segment([(uuid.uuid4(), 1000, None, None) for _ in range(20)])
    shares = from_groups(["country\x1fDE", "country\x1fFR"], np.array([*range(15), 19], dtype=np.int32),
                         np.array([15, 1]), np.array([*np.linspace(0.1, 0.8, 15), 0.4]))
    segment = replace(segment, audience=shares, audience_dense=_dense(shares, 20))
    assert set(segment.audience_dense) == {"country\x1fDE"}
    audience = AudienceFilter(dimension="country", any_of=[AudienceShare(value="DE", min_share=0.77),
                                                           AudienceShare(value="FR", min_share=0.3)])
    found = matches(segment, Query(SearchFilters(audience=[audience]), datetime.now(UTC))).mask
    assert np.flatnonzero(found).tolist() == [14, 19]


def test_binary_arrays_are_read_all_at_once() -> None:
    def int4_array(values: list[int]) -> bytes:
        header = struct.pack(">iiiii", 1, 0, 23, len(values), 1)
        return header + b"".join(struct.pack(">ii", 4, v) for v in values)

    def float8_array(values: list[float]) -> bytes:
        header = struct.pack(">iiiii", 1, 0, 701, len(values), 1)
        return header + b"".join(struct.pack(">id", 8, v) for v in values)

    rows, counts = arrays([int4_array([3, -1, 70000]), int4_array([5])], ">i4")
    assert rows.tolist() == [3, -1, 70000, 5] and counts.tolist() == [3, 1]
    numbers, counts = arrays([float8_array([0.25]), float8_array([1e-9, 12345.5])], ">f8")
    assert numbers.tolist() == [0.25, 1e-9, 12345.5] and counts.tolist() == [1, 2]


def test_a_sparse_mask_is_paged_across_stretches_of_the_sort_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking, "FIRST_STRETCH", 1)
    accounts = [uuid.uuid4() for _ in range(40)]
    segment = _segment([(a, 100 * (i % 7), None, None) for i, a in enumerate(accounts)])
    mask = np.zeros(40, dtype=np.bool_)
    mask[::3] = True
    expected = sorted((r for r in range(40) if mask[r]), key=lambda r: (100 * (r % 7), accounts[r]),
                      reverse=True)
    seen: list[uuid.UUID] = []
    after = None
    while page := top(segment, mask, "followers", after, 4):
        seen += [r.account_id for r in page]
        after = page[-1].order()
    assert seen == [accounts[r] for r in expected]


def test_a_warm_up_takes_the_latest_written_workspaces_that_fit_the_budget_together() -> None:
    a, b, c, d = (uuid.uuid4() for _ in range(4))
    assert chosen([(a, 600), (b, 500), (c, 300), (d, 100)], 1000) == [a, c, d]
    assert chosen([(a, 1001)], 1000) == []
