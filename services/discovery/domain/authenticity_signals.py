"""The components of the authenticity score, each a function returning an explained part.

Penalties are capped per component so that no single signal can sink a profile: peers.md §3
records creators put on fraud blacklists after an organic spike (a TV appearance), and false
fraud flags are one of the loudest user complaints.
"""

from collections.abc import Collection, Sequence

from services.discovery.domain.account import Account
from services.discovery.domain.countries import LANGUAGES_BY_COUNTRY
from services.discovery.domain.follower_spikes import find_spikes
from services.discovery.domain.metrics import compare_with_benchmark
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


def follower_spike_part(snapshots: Sequence[AccountSnapshot]) -> ScorePart:
    name = "follower_spikes"
    spikes = find_spikes(snapshots)
    if spikes is None:
        return skipped(name, SPIKES_MAX, "fewer than 7 snapshots of follower history")
    if not spikes:
        return ScorePart(name, 0, 0.0, SPIKES_MAX, "no sudden follower spikes in the history")
    penalty = sum(ORGANIC_SPIKE_POINTS if s.engagement_followed else SPIKE_POINTS for s in spikes)
    organic = sum(s.engagement_followed for s in spikes)
    worst = max(spikes, key=lambda s: s.z_score)
    text = (
        f"{len(spikes)} follower spike(s), largest {worst.daily_growth:.1%}/day on "
        f"{worst.at.date()} (robust z {worst.z_score:.1f}); {organic} matched by rising "
        "engagement, which organic spikes (press, TV) show and bought followers do not"
    )
    return ScorePart(name, len(spikes), -min(SPIKES_MAX, penalty), SPIKES_MAX, text)


def engagement_vs_tier_part(account: Account) -> ScorePart:
    name = "engagement_vs_tier"
    comparison = compare_with_benchmark(account)
    if comparison is None:
        return skipped(name, ENGAGEMENT_LOW_MAX, "no engagement data")
    ratio = comparison.ratio
    low = ENGAGEMENT_LOW_MAX * ramp(ratio, 0.5, 0.1)
    high = ENGAGEMENT_HIGH_MAX * ramp(ratio, 4.0, 8.0)
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


def comment_like_part(account: Account) -> ScorePart:
    name = "comment_like_ratio"
    stats = account.engagement
    if stats is None or stats.avg_likes is None or stats.avg_comments is None:
        return skipped(name, COMMENT_LIKE_MAX, "likes and comments per post not both known")
    if stats.avg_likes < MIN_LIKES_FOR_RATIO:
        return skipped(name, COMMENT_LIKE_MAX, f"fewer than {MIN_LIKES_FOR_RATIO:.0f} likes/post")
    ratio = stats.avg_comments / stats.avg_likes
    # 0.5–10 comments per 100 likes is the ordinary range; far outside it likes were bought
    # (too few comments) or comments come from pods and giveaways (too many).
    points = COMMENT_LIKE_MAX * max(ramp(ratio, 0.005, 0.001), ramp(ratio, 0.10, 0.30))
    text = f"{ratio * 100:.2f} comments per 100 likes (ordinary: 0.5–10)"
    return ScorePart(name, round(ratio, 5), -round(points, 1), COMMENT_LIKE_MAX, text)


def following_ratio_part(account: Account) -> ScorePart:
    name = "following_follower_ratio"
    following = account.stats.following
    if following is None:
        return skipped(name, FOLLOWING_MAX, "following count unknown")
    if account.followers < MIN_FOLLOWERS_FOR_FOLLOWING_RATIO:
        return skipped(name, FOLLOWING_MAX, "too few followers for the ratio to mean anything")
    ratio = following / account.followers
    points = FOLLOWING_MAX * ramp(ratio, 0.3, 1.5)
    text = f"follows {ratio:.2f} accounts per follower (follow-for-follow above ~0.3)"
    return ScorePart(name, round(ratio, 4), -round(points, 1), FOLLOWING_MAX, text)


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


def audience_language_part(account: Account, languages: Collection[str]) -> ScorePart:
    name = "audience_outside_languages"
    audience = account.audience
    if not languages:
        return skipped(name, LANGUAGE_MAX, "the influencer's languages are unknown")
    if audience is None or not (audience.languages or audience.countries):
        return skipped(name, LANGUAGE_MAX, "no audience language or country shares")
    if audience.languages:
        known = sum(audience.languages.values())
        mismatched = sum(s for lang, s in audience.languages.items() if lang not in languages)
        basis = "audience languages"
    else:
        mismatched, known = _mismatched_share(audience.countries, languages)
        basis = "audience countries"
    if known == 0:
        return skipped(name, LANGUAGE_MAX, "no audience country with known languages")
    share = mismatched / known
    points = LANGUAGE_MAX * ramp(share, 0.2, 0.8)
    text = f"{share:.0%} of the audience (by {basis}) is outside {', '.join(sorted(languages))}"
    return ScorePart(name, round(share, 4), -round(points, 1), LANGUAGE_MAX, text)


def authentic_engagement_part(account: Account) -> ScorePart:
    name = "authentic_engagement_share"
    stats = account.engagement
    if stats is None or stats.avg_authentic_engagements is None or not stats.avg_engagements:
        return skipped(name, AUTHENTIC_ENGAGEMENT_MAX, "no authentic-engagement estimate")
    share = min(1.0, stats.avg_authentic_engagements / stats.avg_engagements)
    points = AUTHENTIC_ENGAGEMENT_MAX * ramp(share, 0.5, 0.2)
    text = f"{share:.0%} of engagement estimated to come from real accounts (source's figure)"
    return ScorePart(name, round(share, 4), -round(points, 1), AUTHENTIC_ENGAGEMENT_MAX, text)
