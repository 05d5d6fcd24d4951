"""The parts of the campaign fit score; each returns an explained, positive contribution."""

from collections.abc import Sequence

from services.discovery.domain.account import Account
from services.discovery.domain.audience_overlap import DimensionOverlap
from services.discovery.domain.authenticity import AuthenticityReport
from services.discovery.domain.metrics import compare_with_benchmark, why_no_rate_by_followers
from services.discovery.domain.profile import InfluencerProfile
from services.discovery.domain.score_parts import ScorePart, skipped
from services.discovery.domain.taxonomy import same_family
from shared.vocabulary import Cause, Topic

AUDIENCE_MAX = 35.0
TOPICS_MAX = 20.0
ENGAGEMENT_MAX = 15.0
AUTHENTICITY_MAX = 15.0
VALUES_MAX = 10.0
COST_MAX = 5.0
# A neighbouring niche (same taxonomy family) is half as relevant as the niche itself.
SAME_FAMILY_CREDIT = 0.5


def audience_part(overlaps: Sequence[DimensionOverlap], asked: int) -> ScorePart:
    name = "audience_overlap"
    if not overlaps:
        return skipped(name, AUDIENCE_MAX, "no audience data for the persona's criteria")
    # Criteria the persona asks about but the audience data lacks earn nothing.
    credit = sum(o.credit for o in overlaps) / asked
    described = ", ".join(
        f"{o.dimension} {o.share:.0%}{' (estimated)' if o.estimated else ''}" for o in overlaps
    )
    missing = asked - len(overlaps)
    text = f"audience matching the persona: {described}"
    if missing:
        text += f"; {missing} criterion/criteria without audience data"
    return ScorePart(name, round(credit, 4), round(AUDIENCE_MAX * credit, 1), AUDIENCE_MAX, text)


def _topic_credit(wanted: Topic, held: Sequence[Topic]) -> float:
    if wanted in held:
        return 1.0
    return SAME_FAMILY_CREDIT if any(same_family(wanted, t) for t in held) else 0.0


def topic_part(profile: InfluencerProfile, wanted: Sequence[Topic]) -> ScorePart:
    name = "topic_relevance"
    if not profile.topics:
        return skipped(name, TOPICS_MAX, "the influencer has no topics")
    relevance = sum(_topic_credit(t, profile.topics) for t in wanted) / len(wanted)
    matched = [t for t in wanted if t in profile.topics]
    text = f"{len(matched)} of {len(wanted)} campaign topics held exactly" + (
        f" ({', '.join(matched)})" if matched else ""
    )
    return ScorePart(name, round(relevance, 4), round(TOPICS_MAX * relevance, 1), TOPICS_MAX, text)


def engagement_part(account: Account) -> ScorePart:
    name = "engagement_quality"
    comparison = compare_with_benchmark(account)
    if comparison is None:
        return skipped(name, ENGAGEMENT_MAX, why_no_rate_by_followers(account))
    credit = min(1.0, comparison.ratio)
    text = (
        f"ER {comparison.engagement_rate.value:.2%} by followers, {comparison.ratio:.2f}x the "
        f"{comparison.tier} benchmark ({comparison.label})"
    )
    return ScorePart(
        name, round(comparison.ratio, 4), round(ENGAGEMENT_MAX * credit, 1), ENGAGEMENT_MAX, text
    )


def authenticity_part(report: AuthenticityReport) -> ScorePart:
    name = "authenticity"
    if report.evaluated == 0:
        return skipped(name, AUTHENTICITY_MAX, "no authenticity signal could be evaluated")
    points = AUTHENTICITY_MAX * report.score / 100
    text = f"authenticity {report.score}/100 ({report.confidence} confidence)"
    return ScorePart(name, report.score, round(points, 1), AUTHENTICITY_MAX, text)


def values_part(profile: InfluencerProfile, required: Sequence[Cause]) -> ScorePart:
    held = [v for v in required if v in profile.values]
    missing = [v for v in required if v not in profile.values]
    share = len(held) / len(required)
    text = f"holds {len(held)} of {len(required)} required values" + (
        f"; missing {', '.join(missing)}" if missing else ""
    )
    return ScorePart("values_alignment", round(share, 4), round(VALUES_MAX * share, 1), VALUES_MAX, text)
