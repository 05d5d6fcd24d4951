"""Recommendations from posts' costs and results: rankings by cost per unit of the goal,
budget shifts with their expected effect and interval (or a caveat), tier underperformers and
untried formats, each figure checked against a hand computation."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from services.tracking.domain.recommendations import PostResult, recommend

INSTAGRAM = [1_000, 1_100, 1_050, 1_200, 1_000]  # engagements per post, 1,000.00 USD each
TIKTOK = [1_200, 1_250, 1_300, 1_100, 1_250]  # 500.00 USD each


def post(n: int, platform: str, fmt: str, cost: int | None, engagements: int, *, creator: str = "c1",
         followers: int = 50_000, market: str = "PT") -> PostResult:
    return PostResult(f"{platform}-{n}", platform, fmt, market, creator, followers, cost, float(engagements),
                      engagements)


def campaign(instagram: list[int] = INSTAGRAM, tiktok: list[int] = TIKTOK) -> list[PostResult]:
    return ([post(i, "instagram", "post", 100_000, e, creator="ig") for i, e in enumerate(instagram)]
            + [post(i, "tiktok", "video", 50_000, e, creator="tt") for i, e in enumerate(tiktok)])


def test_platforms_rank_by_cost_per_engagement_with_an_interval_from_five_posts() -> None:
    found = recommend(campaign(), "engagements", "USD")
    tiktok, instagram = found.rankings["platform"]
    assert (tiktok.key, instagram.key) == ("tiktok", "instagram")
    assert tiktok.cost_per_unit_minor == pytest.approx(250_000 / 6_100)
    assert instagram.cost_per_unit_minor == pytest.approx(500_000 / 5_350)
    # ratio estimator: R = Σu/Σc, se = sqrt(Σ(u − R·c)²/(n−1)/n) / mean(c)
    rate = 6_100 / 250_000
    se = math.sqrt(sum((u - rate * 50_000) ** 2 for u in TIKTOK) / 4 / 5) / 50_000
    z = NormalDist().inv_cdf(0.95)
    assert tiktok.interval == pytest.approx((1 / (rate + z * se), 1 / (rate - z * se)))
    assert tiktok.caveat is None


def test_a_budget_shift_moves_half_the_costlier_spend_with_its_expected_effect() -> None:
    found = recommend(campaign(), "engagements", "USD")
    (shift,) = [s for s in found.budget_shifts if s.dimension == "platform"]
    assert (shift.source.key, shift.target.key, shift.amount_minor) == ("instagram", "tiktok", 250_000)
    assert shift.expected_gain == pytest.approx(6_100)  # 2,500 USD at 0.41 USD per engagement
    assert shift.expected_loss == pytest.approx(2_675)  # 2,500 USD at 0.93 USD
    assert shift.expected_net == pytest.approx(3_425)
    assert shift.interval is not None and shift.interval[0] < 3_425 < shift.interval[1]
    assert shift.message.startswith(
        "move 2,500.00 USD from Instagram to TikTok: TikTok delivered engagements at 0.41 USD vs 0.93 USD "
        "on Instagram, expected +3,425 engagements (+6,100 on TikTok, -2,675 on Instagram), 90% interval")


def test_thin_data_gives_a_sample_size_caveat_instead_of_an_interval() -> None:
    found = recommend(campaign(INSTAGRAM[:2], TIKTOK[:3]), "engagements", "USD")
    (shift,) = [s for s in found.budget_shifts if s.dimension == "platform"]
    assert shift.interval is None
    assert shift.caveat is not None and "3 tiktok and 2 instagram" in shift.caveat
    assert all(s.caveat and "too few" in s.caveat for s in found.rankings["platform"])


def test_close_costs_per_unit_propose_no_shift() -> None:
    found = recommend(campaign(INSTAGRAM, [e // 2 + 100 for e in INSTAGRAM]), "engagements", "USD")
    assert [s for s in found.budget_shifts if s.dimension == "platform"] == []


def test_a_segment_that_spent_and_delivered_nothing_ranks_last_and_gives_its_budget() -> None:
    posts = [*campaign(), post(0, "youtube", "video", 80_000, 0, creator="yt")]
    found = recommend(posts, "engagements", "USD")
    assert [s.key for s in found.rankings["platform"]] == ["tiktok", "instagram", "youtube"]
    (shift,) = [s for s in found.budget_shifts if s.dimension == "platform"]
    assert (shift.source.key, shift.amount_minor, shift.expected_loss) == ("youtube", 40_000, 0)
    assert "no engagements for 800.00 USD on YouTube" in shift.message
    assert shift.message.endswith("too few for an interval (needs 5 each); run it as a test and re-read")


def test_creators_and_platforms_below_their_tier_benchmark_are_flagged_with_the_numbers() -> None:
    posts = [post(i, "instagram", "post", 100_000, 300, creator="weak") for i in range(2)]
    posts += [post(i + 2, "instagram", "post", 100_000, 900, creator="fine") for i in range(2)]
    found = recommend(posts, "engagements", "USD")
    creators = [u for u in found.underperformers if u.level == "creator"]
    assert [u.key for u in creators] == ["weak"]
    weak = creators[0]
    # 50,000 followers: micro, Instagram's benchmark 1.7 % → 850 engagements expected per post
    assert (weak.tier, weak.benchmark_rate) == ("micro", 0.017)
    assert weak.expected_engagements == pytest.approx(1_700)
    assert (weak.engagement_rate, weak.severity) == (pytest.approx(0.006), "far_below")
    (platform,) = [u for u in found.underperformers if u.level == "platform"]
    assert platform.ratio == pytest.approx(2_400 / 3_400) and platform.severity == "below"


def test_untried_short_video_and_poll_formats_are_proposed_per_platform() -> None:
    found = recommend(campaign(), "engagements", "USD")
    proposed = {(e.platform, e.experiment, e.format, e.budget_minor) for e in found.format_experiments}
    assert proposed == {("instagram", "short_video", "reel", 100_000),
                        ("instagram", "poll", "story", 100_000)}
    reel = next(e for e in found.format_experiments if e.format == "reel")
    assert "costs 1,000.00 USD per post and 0.93 USD per engagement so far" in reel.message


def test_ratio_goals_are_costed_by_their_count_and_no_currency_means_no_money_advice() -> None:
    assert recommend(campaign(), "engagement_rate", "USD").unit == "engagements"
    assert recommend(campaign(), "sentiment", "USD").unit == "comments"
    found = recommend([post(0, "instagram", "post", None, 500)], "engagements", None)
    assert found.budget_shifts == [] and found.format_experiments == []
    assert found.rankings["platform"][0].cost_per_unit_minor is None
