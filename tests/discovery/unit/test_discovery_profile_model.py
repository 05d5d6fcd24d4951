from datetime import timedelta

import pytest
from discovery_unit_factories import NOW, PROVENANCE, account_doc, make_account, make_profile
from pydantic import ValidationError

from services.discovery.domain.provenance import (
    MAX_AGE,
    MetricKind,
    Provenance,
    is_kind_stale,
    is_stale,
)
from services.discovery.influencer.documents import check_account_limit
from shared.http.problems import ProblemError


def _error_locs(error: ValidationError) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in error.errors()]


def test_audience_shares_summing_over_one_are_rejected_naming_the_field() -> None:
    audience = {"provenance": PROVENANCE, "countries": {"US": 0.7, "GB": 0.5}}
    with pytest.raises(ValidationError) as caught:
        make_account(audience=audience)
    assert "audience.countries" in _error_locs(caught.value)[0]
    assert "countries shares sum to 1.2000" in str(caught.value)


def test_a_single_share_above_one_is_rejected() -> None:
    with pytest.raises(ValidationError):
        make_account(audience={"provenance": PROVENANCE, "gender": {"female": 1.2}})


def test_shares_may_sum_to_less_than_one_because_sources_report_top_buckets() -> None:
    account = make_account(audience={"provenance": PROVENANCE, "countries": {"DE": 0.3}})
    assert account.audience is not None
    assert account.audience.top_country() == "DE"


def test_estimated_metrics_must_state_a_confidence() -> None:
    with pytest.raises(ValidationError, match="confidence is required"):
        Provenance(observed_at=NOW, source="estimated")  # type: ignore[arg-type]
    assert Provenance(observed_at=NOW, source="estimated", confidence=0.4)  # type: ignore[arg-type]


def test_timestamps_without_offset_are_rejected() -> None:
    with pytest.raises(ValidationError, match="UTC offset"):
        Provenance(observed_at="2025-01-01T00:00:00", source="imported")  # type: ignore[arg-type]


def test_unknown_platform_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        make_account(platform="myspace")
    assert _error_locs(caught.value) == ["platform"]


def test_negative_follower_count_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        make_account(stats={"provenance": PROVENANCE, "followers": -1})
    assert _error_locs(caught.value) == ["stats.followers"]


def test_handles_are_normalised_for_the_upsert_key_but_youtube_ids_keep_case() -> None:
    assert make_account(handle="@Ana.Styles").handle == "ana.styles"
    channel_id = "UC_x5XG1OV2P6uZZ5FSM9Ttw"
    assert make_account(platform="youtube", handle=channel_id).handle == channel_id


def test_handle_with_spaces_is_rejected() -> None:
    with pytest.raises(ValidationError, match="not a valid handle"):
        make_account(handle="ana styles")


def test_profile_codes_are_validated_against_iso_lists() -> None:
    with pytest.raises(ValidationError) as caught:
        make_profile(languages=["xx"], country="ZZ", topics=["knitting-memes"])
    assert sorted(loc.split(".")[0] for loc in _error_locs(caught.value)) == [
        "country",
        "languages",
        "topics",
    ]


def test_same_account_twice_in_one_profile_is_rejected() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        make_profile(accounts=[account_doc(), account_doc(handle="@ANA.STYLES")])


def test_a_profile_stored_over_the_account_limit_may_change_but_not_grow() -> None:
    check_account_limit(25, stored=25)
    with pytest.raises(ProblemError) as caught:
        check_account_limit(26, stored=25)
    assert caught.value.errors is not None and caught.value.errors[0].field == "body.accounts"


def test_primary_account_is_the_largest_on_the_requested_platforms() -> None:
    tiktok = account_doc(platform="tiktok", stats={"provenance": PROVENANCE, "followers": 9e5})
    profile = make_profile(accounts=[account_doc(), tiktok])
    assert profile.primary_account() is not None
    assert profile.primary_account().platform == "tiktok"  # type: ignore[union-attr]
    instagram_only = profile.primary_account(frozenset({"instagram"}))  # type: ignore[arg-type]
    assert instagram_only is not None and instagram_only.platform == "instagram"


@pytest.mark.parametrize(
    ("kind", "age_days", "stale"),
    [
        (MetricKind.FOLLOWERS, 7, False),
        (MetricKind.FOLLOWERS, 8, True),
        (MetricKind.ENGAGEMENT, 14, False),
        (MetricKind.ENGAGEMENT, 15, True),
        (MetricKind.AUDIENCE, 30, False),
        (MetricKind.AUDIENCE, 31, True),
    ],
)
def test_staleness_follows_each_metric_kinds_refresh_cadence(
    kind: MetricKind, age_days: int, stale: bool
) -> None:
    observed = Provenance(observed_at=NOW - timedelta(days=age_days), source="imported")  # type: ignore[arg-type]
    assert is_kind_stale(observed, kind, NOW) is stale
    assert is_stale(observed.observed_at, NOW, MAX_AGE[kind]) is stale
