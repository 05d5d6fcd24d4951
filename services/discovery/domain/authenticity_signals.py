"""The components of the authenticity score, each a function returning an explained part.

Penalties are capped per component so that no single signal can sink a profile: peers.md §3
records creators put on fraud blacklists after an organic spike (a TV appearance), and false
fraud flags are one of the loudest user complaints.

Each component also has a `*_points` function giving only its effect (None when skipped), for
callers that need the score without its explanation; both read the same measure and formula.
"""

from collections.abc import Collection, Sequence

from services.discovery.domain.account import Account
from services.discovery.domain.countries import LANGUAGES_BY_COUNTRY
from services.discovery.domain.follower_spikes import Spike, find_spikes
from services.discovery.domain.metrics import compare_with_benchmark, why_no_rate_by_followers
from services.discovery.domain.score_parts import ScorePart, ramp, skipped
from services.discovery.domain.snapshots import AccountSnapshot

SPIKE_POINTS = 10.0
ORGANIC_SPIKE_POINTS = 4.0
SPIKES_MAX = 25.0
ENGAGEMENT_LOW_MAX = 25.0
ENGAGEMENT_HIGH_MAX = 10.0
COMMENT_LIKE_MAX = 10.0
FOLLOWING_MAX = 15.0
LANGUAGE_MAX = 20.0
AUTHENTIC_ENGAGEMENT_MAX = 20.0
# Below this many likes per post a comment/like ratio is mostly sampling noise.
MIN_LIKES_FOR_RATIO = 50.0
# Small accounts follow back friends; follow-for-follow only matters once there is an audience.
MIN_FOLLOWERS_FOR_FOLLOWING_RATIO = 1_000

# A measure is the component's figure, or (a str) why the component is skipped.


def _spike_penalty(spikes: Sequence[Spike]) -> float:
    if not spikes:
        return 0.0
    penalty = sum(ORGANIC_SPIKE_POINTS if s.engagement_followed else SPIKE_POINTS for s in spikes)
    return -min(SPIKES_MAX, penalty)


def follower_spike_points(snapshots: Sequence[AccountSnapshot]) -> float | None:
    spikes = find_spikes(snapshots)
    return None if spikes is None else _spike_penalty(spikes)


def follower_spike_part(snapshots: Sequence[AccountSnapshot]) -> ScorePart:
    name = "follower_spikes"
    spikes = find_spikes(snapshots)
    if spikes is None:
        return skipped(name, SPIKES_MAX, "fewer than 7 snapshots of follower history")
    if not spikes:
        return ScorePart(name, 0, 0.0, SPIKES_MAX, "no sudden follower spikes in the history")
    organic = sum(s.engagement_followed for s in spikes)
    worst = max(spikes, key=lambda s: s.z_score)
    text = (
        f"{len(spikes)} follower spike(s), largest {worst.daily_growth:.1%}/day on "
        f"{worst.at.date()} (robust z {worst.z_score:.1f}); {organic} matched by rising "
        "engagement, which organic spikes (press, TV) show and bought followers do not"
    )
    return ScorePart(name, len(spikes), _spike_penalty(spikes), SPIKES_MAX, text)


def _engagement_penalties(ratio: float) -> tuple[float, float]:
    """(far below the benchmark, far above it)."""
    return ENGAGEMENT_LOW_MAX * ramp(ratio, 0.5, 0.1), ENGAGEMENT_HIGH_MAX * ramp(ratio, 4.0, 8.0)


def engagement_vs_tier_points(account: Account) -> float | None:
    comparison = compare_with_benchmark(account)
    if comparison is None:
        return None
    low, high = _engagement_penalties(comparison.ratio)
    return -round(low + high, 1)


def engagement_vs_tier_part(account: Account) -> ScorePart:
    name = "engagement_vs_tier"
    comparison = compare_with_benchmark(account)
    if comparison is None:
        return skipped(name, ENGAGEMENT_LOW_MAX, why_no_rate_by_followers(account))
    ratio = comparison.ratio
    low, high = _engagement_penalties(ratio)
    text = (
        f"ER {comparison.engagement_rate.value:.2%} by followers is {ratio:.2f}x the "
        f"{comparison.tier} {account.platform} benchmark "
        f"{comparison.benchmark.engagement_rate:.2%}"
    )
    if low:
        text += "; far below: typical of inactive or bought followers"
    elif high:
        text += "; far above: typical of engagement pods or bought likes"
    return ScorePart(name, round(ratio, 4), -round(low + high, 1), ENGAGEMENT_LOW_MAX, text)


def _comment_like_ratio(account: Account) -> float | str:
    stats = account.engagement
    if stats is None or stats.avg_likes is None or stats.avg_comments is None:
        return "likes and comments per post not both known"
    if stats.avg_likes < MIN_LIKES_FOR_RATIO:
        return f"fewer than {MIN_LIKES_FOR_RATIO:.0f} likes/post"
    return stats.avg_comments / stats.avg_likes


def _comment_like_penalty(ratio: float) -> float:
    # 0.5–10 comments per 100 likes is the ordinary range; far outside it likes were bought
    # (too few comments) or comments come from pods and giveaways (too many).
    return -round(COMMENT_LIKE_MAX * max(ramp(ratio, 0.005, 0.001), ramp(ratio, 0.10, 0.30)), 1)


def comment_like_points(account: Account) -> float | None:
    ratio = _comment_like_ratio(account)
    return None if isinstance(ratio, str) else _comment_like_penalty(ratio)


def comment_like_part(account: Account) -> ScorePart:
    name = "comment_like_ratio"
    ratio = _comment_like_ratio(account)
    if isinstance(ratio, str):
        return skipped(name, COMMENT_LIKE_MAX, ratio)
    text = f"{ratio * 100:.2f} comments per 100 likes (ordinary: 0.5–10)"
    return ScorePart(name, round(ratio, 5), _comment_like_penalty(ratio), COMMENT_LIKE_MAX, text)


def _following_ratio(account: Account) -> float | str:
    following = account.stats.following
    if following is None:
        return "following count unknown"
    if account.followers < MIN_FOLLOWERS_FOR_FOLLOWING_RATIO:
        return "too few followers for the ratio to mean anything"
    return following / account.followers


def _following_penalty(ratio: float) -> float:
    return -round(FOLLOWING_MAX * ramp(ratio, 0.3, 1.5), 1)


def following_ratio_points(account: Account) -> float | None:
    ratio = _following_ratio(account)
    return None if isinstance(ratio, str) else _following_penalty(ratio)


def following_ratio_part(account: Account) -> ScorePart:
    name = "following_follower_ratio"
    ratio = _following_ratio(account)
    if isinstance(ratio, str):
        return skipped(name, FOLLOWING_MAX, ratio)
    text = f"follows {ratio:.2f} accounts per follower (follow-for-follow above ~0.3)"
    return ScorePart(name, round(ratio, 4), _following_penalty(ratio), FOLLOWING_MAX, text)


def _mismatched_share(shares: dict[str, float], spoken: Collection[str]) -> tuple[float, float]:
    """(audience share not reached in `spoken` languages, share whose languages are known)."""
    known = mismatched = 0.0
    for country, share in shares.items():
        languages = LANGUAGES_BY_COUNTRY.get(country)
        if languages is None:
            continue
        known += share
        if languages.isdisjoint(spoken):
            mismatched += share
    return mismatched, known


def _outside_languages(account: Account, languages: Collection[str]) -> tuple[float, str] | str:
    """(share of the audience outside `languages`, what it was judged by)."""
    audience = account.audience
    if not languages:
        return "the influencer's languages are unknown"
    if audience is None or not (audience.languages or audience.countries):
        return "no audience language or country shares"
    if audience.languages:
        known = sum(audience.languages.values())
        mismatched = sum(s for lang, s in audience.languages.items() if lang not in languages)
        basis = "audience languages"
    else:
        mismatched, known = _mismatched_share(audience.countries, languages)
        basis = "audience countries"
    if known == 0:
        return "no audience country with known languages"
    return mismatched / known, basis


def _language_penalty(share: float) -> float:
    return -round(LANGUAGE_MAX * ramp(share, 0.2, 0.8), 1)


def audience_language_points(account: Account, languages: Collection[str]) -> float | None:
    measured = _outside_languages(account, languages)
    return None if isinstance(measured, str) else _language_penalty(measured[0])


def audience_language_part(account: Account, languages: Collection[str]) -> ScorePart:
    name = "audience_outside_languages"
    measured = _outside_languages(account, languages)
    if isinstance(measured, str):
        return skipped(name, LANGUAGE_MAX, measured)
    share, basis = measured
    text = f"{share:.0%} of the audience (by {basis}) is outside {', '.join(sorted(languages))}"
    return ScorePart(name, round(share, 4), _language_penalty(share), LANGUAGE_MAX, text)


def _authentic_share(account: Account) -> float | str:
    stats = account.engagement
    if stats is None or stats.avg_authentic_engagements is None or not stats.avg_engagements:
        return "no authentic-engagement estimate"
    return min(1.0, stats.avg_authentic_engagements / stats.avg_engagements)


def _authentic_penalty(share: float) -> float:
    return -round(AUTHENTIC_ENGAGEMENT_MAX * ramp(share, 0.5, 0.2), 1)


def authentic_engagement_points(account: Account) -> float | None:
    share = _authentic_share(account)
    return None if isinstance(share, str) else _authentic_penalty(share)


def authentic_engagement_part(account: Account) -> ScorePart:
    name = "authentic_engagement_share"
    share = _authentic_share(account)
    if isinstance(share, str):
        return skipped(name, AUTHENTIC_ENGAGEMENT_MAX, share)
    text = f"{share:.0%} of engagement estimated to come from real accounts (source's figure)"
    return ScorePart(name, round(share, 4), _authentic_penalty(share), AUTHENTIC_ENGAGEMENT_MAX, text)
