from typing import Any

import pytest
from discovery_unit_factories import PROVENANCE, daily_history, make_account

from services.discovery.domain.authenticity import authenticity_score, score_authenticity
from services.discovery.domain.confidence import Confidence

STEADY = [100_000 + 300 * day for day in range(30)]


def _parts(report):  # type: ignore[no-untyped-def]
    return {part.name: part for part in report.components}


def test_healthy_account_with_full_data_scores_high_with_high_confidence() -> None:
    report = score_authenticity(make_account(), languages=["es", "en"], snapshots=daily_history(STEADY))
    assert report.score >= 95
    assert report.confidence is Confidence.HIGH
    assert all(part.points <= 0 for part in report.components)


def test_an_organic_spike_alone_costs_a_few_points_not_the_floor() -> None:
    followers = STEADY[:15] + [f + 60_000 for f in STEADY[15:]]  # TV appearance on day 15
    engagement = [3000.0] * 15 + [5000.0] * 15
    report = score_authenticity(
        make_account(), languages=["es"], snapshots=daily_history(followers, engagement)
    )
    spikes = _parts(report)["follower_spikes"]
    assert spikes.value == 1
    assert -5 <= spikes.points < 0
    assert report.score >= 90


def test_a_spike_without_engagement_costs_more_than_an_organic_one_but_is_capped() -> None:
    followers = STEADY[:10] + [f + 50_000 for f in STEADY[10:20]] + [f + 150_000 for f in STEADY[20:]]
    report = score_authenticity(make_account(), snapshots=daily_history(followers))
    spikes = _parts(report)["follower_spikes"]
    assert spikes.value == 2
    assert spikes.points == -20
    assert report.score >= 75


def test_bought_followers_pattern_scores_low_and_says_why() -> None:
    account = make_account(
        stats={"provenance": PROVENANCE, "followers": 200_000, "following": 350_000},
        engagement={"provenance": PROVENANCE, "avg_likes": 200, "avg_comments": 0.2},
        audience={"provenance": PROVENANCE, "countries": {"IN": 0.6, "BR": 0.3, "ES": 0.1}},
    )
    report = score_authenticity(account, languages=["es"])
    parts = _parts(report)
    assert report.score < 40
    assert parts["engagement_vs_tier"].points == -25
    assert "far below" in parts["engagement_vs_tier"].explanation
    assert parts["following_follower_ratio"].points < -10
    assert parts["comment_like_ratio"].points == -10
    assert parts["audience_outside_languages"].value == 0.9


def test_missing_data_skips_components_and_lowers_confidence_without_crashing() -> None:
    account = make_account(
        engagement=None, audience=None, stats={"provenance": PROVENANCE, "followers": 5_000}
    )
    report = score_authenticity(account)
    assert report.score == 100
    assert report.confidence is Confidence.LOW
    assert report.evaluated == 0
    assert all(p.explanation.startswith("skipped:") for p in report.components)


def test_audience_languages_take_precedence_over_countries() -> None:
    account = make_account(
        audience={"provenance": PROVENANCE, "countries": {"IN": 0.9}, "languages": {"en": 0.9}}
    )
    parts = _parts(score_authenticity(account, languages=["en"]))
    assert parts["audience_outside_languages"].value == 0


def test_low_authentic_engagement_share_from_the_source_is_penalised() -> None:
    account = make_account(
        engagement={"provenance": PROVENANCE, "avg_engagements": 1000, "avg_authentic_engagements": 250}
    )
    part = _parts(score_authenticity(account))["authentic_engagement_share"]
    assert part.value == 0.25
    assert part.points < -15


@pytest.mark.parametrize("history", [[], STEADY, STEADY[:15] + [f + 60_000 for f in STEADY[15:]]])
@pytest.mark.parametrize("languages", [[], ["en"], ["es", "en"]])
@pytest.mark.parametrize("account", [
    {},
    {"engagement": None, "audience": None},
    {"stats": {"provenance": PROVENANCE, "followers": 800, "following": 900}},
    {"stats": {"provenance": PROVENANCE, "followers": 20_000, "following": 25_000}},
    {"engagement": {"provenance": PROVENANCE, "avg_likes": 30.0, "avg_comments": 1.0}},
    {"engagement": {"provenance": PROVENANCE, "avg_likes": 9000.0, "avg_comments": 2.0}},
    {"engagement": {"provenance": PROVENANCE, "avg_engagements": 1000, "avg_authentic_engagements": 250}},
    {"audience": {"provenance": PROVENANCE, "countries": {"IN": 0.7, "JP": 0.2}}},
    {"audience": {"provenance": PROVENANCE, "countries": {"AQ": 0.5}}},  # no known languages
])
def test_the_unexplained_score_is_the_reports_score(
    account: dict[str, Any], languages: list[str], history: list[int]
) -> None:
    built = make_account(**account)
    snapshots = daily_history(history) if history else []
    report = score_authenticity(built, languages=languages, snapshots=snapshots)
    expected = report.score if report.evaluated else None
    assert authenticity_score(built, languages=languages, snapshots=snapshots) == expected


def test_hidden_like_counts_are_not_read_as_engagement_far_below_the_tier() -> None:
    account = make_account(engagement={"provenance": PROVENANCE, "avg_comments": 30.0})
    part = _parts(score_authenticity(account, languages=["es"]))["engagement_vs_tier"]
    assert not part.evaluated
    assert part.points == 0
