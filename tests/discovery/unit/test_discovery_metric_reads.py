"""How the profile page and the shortlist event present derived metrics (no HTTP, no database)."""

import uuid

from discovery_unit_factories import NOW, PROVENANCE, account_doc, make_profile

from services.discovery.domain.authenticity import authenticity_score, score_authenticity
from services.discovery.domain.fit import score_fit
from services.discovery.events.publishers import snapshot
from services.discovery.influencer.views import account_read
from services.discovery.models import Influencer, InfluencerAccount
from shared.brief import CampaignBrief

_NO_SIGNAL = account_doc(engagement=None, audience=None,
                         stats={"provenance": PROVENANCE, "followers": 5_000})


def test_an_account_without_any_authenticity_signal_has_no_score_on_its_page() -> None:
    profile = make_profile(accounts=[_NO_SIGNAL], languages=[])
    read = account_read(profile, profile.accounts[0], [], NOW).metrics.authenticity
    assert authenticity_score(profile.accounts[0]) is None  # what the search row stores
    assert read.score is None
    assert all(not part.evaluated for part in read.components)


def test_the_shortlist_snapshot_sends_no_authenticity_score_without_any_signal() -> None:
    profile = make_profile(accounts=[_NO_SIGNAL], languages=[])
    influencer = Influencer(id=uuid.uuid4(), display_name="Ana",
                            profile=profile.model_dump(mode="json"))
    influencer.accounts = [InfluencerAccount(id=uuid.uuid4(), platform="instagram", handle="ana.styles",
                                             followers=5_000)]
    assert snapshot(influencer, {}).authenticity_score is None


def test_a_rate_on_the_sources_own_total_says_so_in_its_formula() -> None:
    """Ranking sites (HypeAuditor) give one total per post, no likes/comments/shares/saves."""
    totalled = {"provenance": PROVENANCE, "avg_engagements": 2_500.0, "avg_views": 50_000.0}
    profile = make_profile(accounts=[account_doc(platform="youtube", handle="@chef", engagement=totalled)])
    rates = account_read(profile, profile.accounts[0], [], NOW).metrics.engagement_rates
    assert [r.formula for r in rates] == [
        "the source's engagements per post (not split) / followers",
        "the source's engagements per post (not split) / views per post",
    ]


def test_a_rate_on_likes_comments_shares_saves_names_them_in_its_formula() -> None:
    profile = make_profile()
    rates = account_read(profile, profile.accounts[0], [], NOW).metrics.engagement_rates
    assert [r.formula for r in rates] == ["(likes + comments + shares + saves) per post / followers"]


def test_a_rate_too_large_for_a_float_is_left_out_rather_than_sent_as_null() -> None:
    """JSON has no infinity: the response would carry null in a figure typed as a number."""
    engagement = {"provenance": PROVENANCE, "avg_likes": 9e18, "avg_views": 1e-300}
    profile = make_profile(accounts=[account_doc(platform="youtube", handle="@chef", engagement=engagement)])
    rates = account_read(profile, profile.accounts[0], [], NOW).metrics.engagement_rates
    assert [r.denominator for r in rates] == ["followers"]


def test_an_account_without_followers_is_not_said_to_lack_engagement_data() -> None:
    profile = make_profile(accounts=[account_doc(stats={"provenance": PROVENANCE, "followers": 0})])
    account = profile.accounts[0]
    tier = next(p for p in score_authenticity(account).components if p.name == "engagement_vs_tier")
    fit = next(p for p in score_fit(profile, CampaignBrief()).parts if p.name == "engagement_quality")
    for part in (tier, fit):
        assert not part.evaluated
        assert part.explanation == "skipped: no followers to divide engagement by"


def test_the_shortlist_snapshot_carries_what_outreach_is_personalised_with() -> None:
    """Campaigns writes to the creator about their topics and values, at their address."""
    profile = make_profile(accounts=[_NO_SIGNAL], languages=["en"], topics=["food_drink"],
                           values=["local_community"], country="US",
                           contact_email="ana@example.com")
    influencer = Influencer(id=uuid.uuid4(), display_name="Ana",
                            profile=profile.model_dump(mode="json"))
    influencer.accounts = [InfluencerAccount(id=uuid.uuid4(), platform="instagram", handle="ana.styles",
                                             followers=5_000)]
    sent = snapshot(influencer, {})
    assert (sent.topics, sent.values, sent.country, sent.languages, sent.contact_email) == (
        ["food_drink"], ["local_community"], "US", ["en"], "ana@example.com")
