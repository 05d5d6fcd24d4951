"""How the profile page and the shortlist event present derived metrics (no HTTP, no database)."""

import uuid

from discovery_unit_factories import NOW, PROVENANCE, account_doc, make_profile

from services.discovery.domain.authenticity import authenticity_score
from services.discovery.events.publishers import snapshot
from services.discovery.influencer.views import account_read
from services.discovery.models import Influencer, InfluencerAccount

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
