"""Tiers as follower ranges: the bounds the followers index serves, and contradictions."""

from services.discovery.search.conditions import follower_bounds, follower_spans
from services.discovery.search.schemas import SearchFilters


def _sql(**filters: object) -> list[str]:
    return [str(c.compile(compile_kwargs={"literal_binds": True}))
            for c in follower_bounds(SearchFilters.model_validate(filters))]


def test_a_tier_is_a_follower_range() -> None:
    assert _sql(tiers=["nano"]) == ["discovery.account_search.followers <= 9999"]
    assert _sql(tiers=["micro", "mid"], followers={"min": 50000}) == [
        "discovery.account_search.followers >= 50000", "discovery.account_search.followers <= 499999"]


def test_non_adjacent_tiers_keep_the_envelope_and_an_open_top() -> None:
    assert _sql(tiers=["nano", "mega"]) == []
    assert _sql(tiers=["mega"], followers={"max": 2_000_000}) == [
        "discovery.account_search.followers >= 1000000", "discovery.account_search.followers <= 2000000"]


def test_tiers_outside_the_follower_range_match_nothing() -> None:
    assert _sql(tiers=["nano", "mega"], followers={"min": 10000, "max": 500000}) == ["false"]


def test_non_adjacent_tiers_are_walked_as_separate_spans_highest_first() -> None:
    spans = follower_spans(SearchFilters.model_validate({"tiers": ["micro", "macro"]}))
    assert spans == [(500_000, 999_999), (10_000, 99_999)]


def test_adjacent_tiers_are_one_span_within_the_follower_range() -> None:
    filters = SearchFilters.model_validate({"tiers": ["mid", "micro", "nano"],
                                            "followers": {"min": 5000, "max": 200_000}})
    assert follower_spans(filters) == [(5000, 200_000)]
