"""What to change in a campaign (guide step 8), pure: each post's cost and result in, rankings,
underperformers, budget shifts and format experiments out, each with the numbers it rests on.

Method (docs/tracking.md, "Recommendations"):
- Cost per unit of the goal metric = Σ cost / Σ units over a segment's posts (a collaboration's
  cost shared equally by its posts, as KPIs share it). Lower is better; a segment that spent and
  delivered nothing ranks last.
- Uncertainty: posts are the sample. Units per unit of cost is a ratio estimator R = Σu / Σc whose
  standard error is sqrt(Σ(u_i − R·c_i)² / (n − 1) / n) / mean(c). Intervals are normal 90 %
  intervals and only given from `MIN_POSTS_FOR_INTERVAL` costed posts per side; below that the
  figure carries a sample-size caveat instead.
- A budget shift moves half the costliest segment's spend (two significant figures, rounded
  down) to the cheapest, when the costliest pays at least `MIN_GAP` more per unit. Expected
  effect at the cost per unit each delivered so far: + amount / cheaper, − amount / costlier.
  It assumes returns stay constant at the new spend, which the caveat says.
- Underperformers: engagements per post against the follower-tier benchmark (`shared.tiers`,
  ER by followers), for creators and, as the sum of what each post's tier predicts, platforms.
- Format experiments: a short video or a poll format native to a platform the campaign pays on
  and has not tried, sized at that platform's cost per post.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

from shared.money import format_money, minor_unit_exponent
from shared.tiers import follower_tier, tier_benchmark
from shared.vocabulary import ContentFormat, FollowerTier, GoalMetric, Platform

DIMENSIONS = ("platform", "format", "market", "creator")
SHIFT_DIMENSIONS = ("platform", "format", "market")
MIN_POSTS_FOR_INTERVAL = 5
CONFIDENCE = 0.90
MIN_GAP = 0.25  # the costlier segment pays ≥ 25 % more per unit before a shift is proposed
SHIFT_SHARE = 0.5
FAR_BELOW = 0.5  # below half the benchmark

# What a unit of each goal metric is, for costing. Ratios have no cost per unit: engagement rate
# is costed by engagements, sentiment by comments (the scored conversation it is measured on).
COSTED_UNIT: Mapping[str, str] = {
    GoalMetric.ENGAGEMENT_RATE: GoalMetric.ENGAGEMENTS,
    GoalMetric.SENTIMENT: "comments",
}

# Formats native to each platform for the two experiments the guide names (S8).
SHORT_VIDEO: Mapping[Platform, ContentFormat] = {
    Platform.INSTAGRAM: ContentFormat.REEL, Platform.FACEBOOK: ContentFormat.REEL,
    Platform.TIKTOK: ContentFormat.VIDEO, Platform.YOUTUBE: ContentFormat.SHORT,
    Platform.SNAPCHAT: ContentFormat.STORY,
}
POLL: Mapping[Platform, ContentFormat] = {  # where polls live: story stickers, community posts
    Platform.INSTAGRAM: ContentFormat.STORY, Platform.FACEBOOK: ContentFormat.STORY,
    Platform.YOUTUBE: ContentFormat.POST, Platform.X: ContentFormat.POST,
    Platform.LINKEDIN: ContentFormat.POST,
}
EXPERIMENTS = {"short_video": SHORT_VIDEO, "poll": POLL}


def costed_unit(goal_metric: str) -> str:
    return COSTED_UNIT.get(goal_metric, goal_metric)


@dataclass(frozen=True)
class PostResult:
    post_id: str
    platform: str
    format: str | None
    market: str | None
    creator: str | None
    followers: int | None
    cost_minor: int | None  # None: not known (no currency or contract yet)
    units: float  # of the costed unit; 0 when the post reported none
    engagements: int | None

    def key(self, dimension: str) -> str | None:
        return getattr(self, dimension)


@dataclass(frozen=True)
class Segment:
    dimension: str
    key: str
    posts: int
    costed_posts: int
    cost_minor: int
    units: float
    cost_per_unit_minor: float | None  # None: nothing delivered (or no cost known)
    interval: tuple[float, float | None] | None  # of the cost per unit; high None = unbounded
    units_per_minor: float
    units_per_minor_se: float | None
    caveat: str | None = None


@dataclass(frozen=True)
class Underperformer:
    level: str  # creator or platform
    key: str
    platform: str
    tier: str | None
    followers: int
    posts: int
    engagements: int
    expected_engagements: float
    engagement_rate: float  # by followers, per post
    benchmark_rate: float | None
    ratio: float  # delivered / expected
    basis: str
    derived: bool
    severity: str  # below or far_below
    message: str


@dataclass(frozen=True)
class BudgetShift:
    dimension: str
    source: Segment
    target: Segment
    amount_minor: int
    expected_gain: float
    expected_loss: float
    expected_net: float
    interval: tuple[float, float] | None
    caveat: str | None
    message: str


@dataclass(frozen=True)
class FormatExperiment:
    experiment: str
    platform: str
    format: str
    budget_minor: int | None
    evidence: list[Segment]
    message: str


@dataclass
class Recommendations:
    goal_metric: str
    unit: str
    currency: str | None
    rankings: dict[str, list[Segment]] = field(default_factory=dict)
    underperformers: list[Underperformer] = field(default_factory=list)
    budget_shifts: list[BudgetShift] = field(default_factory=list)
    format_experiments: list[FormatExperiment] = field(default_factory=list)


def recommend(posts: Sequence[PostResult], goal_metric: str, currency: str | None) -> Recommendations:
    unit = costed_unit(goal_metric)
    found = Recommendations(goal_metric, unit, currency)
    for dimension in DIMENSIONS:
        found.rankings[dimension] = rank(segments(posts, dimension))
    found.underperformers = underperformers(posts, currency)
    if currency is not None:
        for dimension in SHIFT_DIMENSIONS:
            shift = budget_shift(found.rankings[dimension], unit, currency)
            if shift is not None:
                found.budget_shifts.append(shift)
        found.format_experiments = format_experiments(posts, found.rankings, unit, currency)
    return found


def segments(posts: Iterable[PostResult], dimension: str) -> list[Segment]:
    by_key: dict[str, list[PostResult]] = {}
    for post in posts:
        key = post.key(dimension)
        if key is not None:
            by_key.setdefault(key, []).append(post)
    return [segment(dimension, key, members) for key, members in by_key.items()]


def segment(dimension: str, key: str, members: Sequence[PostResult]) -> Segment:
    costed = [p for p in members if p.cost_minor is not None]
    cost = sum(p.cost_minor or 0 for p in costed)
    units = sum(p.units for p in costed)
    rate = units / cost if cost else 0.0
    se = _ratio_se([(p.cost_minor or 0, p.units) for p in costed], rate)
    per_unit = cost / units if cost and units else None
    interval = None
    caveat = None
    if se is not None and per_unit is not None:
        z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
        low_rate, high_rate = rate - z * se, rate + z * se
        interval = (1 / high_rate, 1 / low_rate if low_rate > 0 else None)
    elif per_unit is not None:
        caveat = (f"{len(costed)} post{'s' if len(costed) != 1 else ''} with a known cost: too few for "
                  f"an interval (needs {MIN_POSTS_FOR_INTERVAL})")
    return Segment(dimension, key, len(members), len(costed), cost, units, per_unit, interval, rate, se,
                   caveat)


def _ratio_se(pairs: Sequence[tuple[int, float]], rate: float) -> float | None:
    n = len(pairs)
    if n < MIN_POSTS_FOR_INTERVAL:
        return None
    mean_cost = sum(c for c, _ in pairs) / n
    if not mean_cost:
        return None
    residual = sum((u - rate * c) ** 2 for c, u in pairs) / (n - 1)
    return math.sqrt(residual / n) / mean_cost


def rank(found: Iterable[Segment]) -> list[Segment]:
    """Cheapest per unit first; spent with nothing delivered next (worst first); uncosted last."""
    return sorted(found, key=lambda s: (
        0 if s.cost_per_unit_minor is not None else 1 if s.cost_minor else 2,
        s.cost_per_unit_minor if s.cost_per_unit_minor is not None else -s.cost_minor,
        s.key))


def budget_shift(ranked: Sequence[Segment], unit: str, currency: str) -> BudgetShift | None:
    paid = [s for s in ranked if s.cost_minor > 0]
    delivering = [s for s in paid if s.cost_per_unit_minor is not None]
    if len(paid) < 2 or not delivering:
        return None
    target = delivering[0]
    source = paid[-1]
    if source is target:
        return None
    source_cpu = source.cost_per_unit_minor
    target_cpu = target.cost_per_unit_minor
    assert target_cpu is not None
    if source_cpu is not None and source_cpu < target_cpu * (1 + MIN_GAP):
        return None
    amount = _two_significant(source.cost_minor * SHIFT_SHARE)
    if amount <= 0:
        return None
    gain = amount * target.units_per_minor
    loss = amount * source.units_per_minor
    interval = None
    caveat = None
    if target.units_per_minor_se is not None and source.units_per_minor_se is not None:
        z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
        spread = z * amount * math.hypot(target.units_per_minor_se, source.units_per_minor_se)
        interval = (gain - loss - spread, gain - loss + spread)
    else:
        caveat = (f"based on {target.costed_posts} {target.key} and {source.costed_posts} {source.key} "
                  f"post(s): too few for an interval (needs {MIN_POSTS_FOR_INTERVAL} each); run it as "
                  "a test and re-read")
    against = (f"{_per_unit(source_cpu, currency)}" if source_cpu is not None
               else f"no {unit} for {format_money(source.cost_minor, currency)}")
    message = (
        f"move {format_money(amount, currency)} from {_label(source.key)} to {_label(target.key)}: "
        f"{_label(target.key)} delivered {unit} at {_per_unit(target_cpu, currency)} vs {against} on "
        f"{_label(source.key)}, expected {gain - loss:+,.0f} {unit} (+{gain:,.0f} on {_label(target.key)}, "
        f"-{loss:,.0f} on {_label(source.key)})"
        + (f", {CONFIDENCE:.0%} interval {interval[0]:+,.0f} to {interval[1]:+,.0f}" if interval else "")
        + "; assumes each keeps its cost per unit at the new spend"
        + (f"; {caveat}" if caveat else ""))
    return BudgetShift(source.dimension, source, target, amount, gain, loss, gain - loss, interval, caveat,
                       message)


def _two_significant(minor: float) -> int:
    if minor < 1:
        return 0
    step = 10 ** max(math.floor(math.log10(minor)) - 1, 0)
    return int(minor // step * step)


def underperformers(posts: Sequence[PostResult], currency: str | None) -> list[Underperformer]:
    """Creators and platforms whose engagements per post fall short of their tiers' benchmark."""
    found: list[Underperformer] = []
    by_creator: dict[tuple[str, str], list[PostResult]] = {}
    by_platform: dict[str, list[PostResult]] = {}
    for post in posts:
        if post.followers and post.engagements is not None and _platform(post.platform) is not None:
            by_platform.setdefault(post.platform, []).append(post)
            if post.creator is not None:
                by_creator.setdefault((post.creator, post.platform), []).append(post)
    for (creator, platform), members in by_creator.items():
        followers = max(p.followers or 0 for p in members)
        flagged = _judge("creator", creator, platform, members, follower_tier(followers), followers)
        if flagged is not None:
            found.append(flagged)
    for platform, members in by_platform.items():
        flagged = _judge("platform", platform, platform, members, None,
                         sum(p.followers or 0 for p in members))
        if flagged is not None:
            found.append(flagged)
    return sorted(found, key=lambda u: (u.level, u.ratio))


def _judge(level: str, key: str, platform: str, members: Sequence[PostResult], tier: FollowerTier | None,
           followers: int) -> Underperformer | None:
    known = _platform(platform)
    assert known is not None
    engagements = sum(p.engagements or 0 for p in members)
    expected = 0.0
    for post in members:
        followers_of = post.followers or 0
        expected += followers_of * tier_benchmark(known, follower_tier(followers_of)).engagement_rate
    if not expected or engagements >= expected:
        return None
    ratio = engagements / expected
    per_post_followers = sum(p.followers or 0 for p in members)
    rate = engagements / per_post_followers
    benchmark = tier_benchmark(known, tier) if tier is not None else None
    severity = "far_below" if ratio < FAR_BELOW else "below"
    against = (f"the {tier.value} tier's {benchmark.engagement_rate:.2%} on {_label(platform)}"
               if benchmark and tier else "what its creators' tiers predict")
    message = (f"{_label(key) if level == 'platform' else 'creator ' + key} delivered {engagements:,} "
               f"engagements over {len(members)} post(s), {ratio:.0%} of the {expected:,.0f} expected: ER by "
               f"followers {rate:.2%} against {against}")
    sample = tier_benchmark(known, tier or FollowerTier.MICRO)
    return Underperformer(level, key, platform, tier.value if tier else None, followers, len(members),
                          engagements, expected, rate, benchmark.engagement_rate if benchmark else None,
                          ratio, sample.basis, sample.derived, severity, message)


def format_experiments(posts: Sequence[PostResult], rankings: Mapping[str, Sequence[Segment]], unit: str,
                       currency: str) -> list[FormatExperiment]:
    """A short video or poll format untried on a platform the campaign pays on."""
    tried: dict[str, set[str]] = {}
    for post in posts:
        if post.format is not None:
            tried.setdefault(post.platform, set()).add(post.format)
    by_format = {s.key: s for s in rankings.get("format", [])}
    found: list[FormatExperiment] = []
    for platform_segment in rankings.get("platform", []):
        platform = _platform(platform_segment.key)
        if platform is None or not platform_segment.cost_minor:
            continue
        per_post = round(platform_segment.cost_minor / max(platform_segment.costed_posts, 1))
        for experiment, natives in EXPERIMENTS.items():
            native = natives.get(platform)
            if native is None or native.value in tried.get(platform.value, set()):
                continue
            evidence = [s for s in (platform_segment, by_format.get(native.value)) if s is not None]
            elsewhere = by_format.get(native.value)
            seen = (f"; {native.value} posts elsewhere in the campaign delivered {unit} at "
                    f"{_per_unit(elsewhere.cost_per_unit_minor, currency)}"
                    if elsewhere is not None and elsewhere.cost_per_unit_minor is not None else "")
            now = (f"{_per_unit(platform_segment.cost_per_unit_minor, currency)} per {_singular(unit)} so far"
                   if platform_segment.cost_per_unit_minor is not None else f"no {unit} so far")
            what = "a short video" if experiment == "short_video" else "a poll"
            found.append(FormatExperiment(
                experiment, platform.value, native.value, per_post, evidence,
                f"try {what} ({native.value}) on {_label(platform.value)}: untried in this campaign, where "
                f"{_label(platform.value)} costs {format_money(per_post, currency)} per post and "
                f"{now}{seen}; "
                f"test with one post and compare its cost per {_singular(unit)}"))
    return found


def _platform(value: str) -> Platform | None:
    try:
        return Platform(value)
    except ValueError:
        return None


def _label(key: str) -> str:
    known = _platform(key)
    return {Platform.TIKTOK: "TikTok", Platform.YOUTUBE: "YouTube", Platform.LINKEDIN: "LinkedIn",
            Platform.X: "X"}.get(known, key.capitalize()) if known else key


def _per_unit(minor: float | None, currency: str) -> str:
    if minor is None:
        return "n/a"
    digits = minor_unit_exponent(currency)
    return f"{minor / 10**digits:,.{max(digits, 2)}f} {currency}"


def _singular(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") else unit
