from services.discovery.models.blocklist import BlockedInfluencer
from services.discovery.models.collaboration import CollaborationOutcome
from services.discovery.models.influencer import Influencer, InfluencerAccount
from services.discovery.models.search import AccountSearch
from services.discovery.models.shortlist import Shortlist, ShortlistEntry
from services.discovery.models.snapshot import AccountSnapshotRow
from services.discovery.models.vector import InfluencerVector

__all__ = [
    "AccountSearch",
    "AccountSnapshotRow",
    "BlockedInfluencer",
    "CollaborationOutcome",
    "Influencer",
    "InfluencerAccount",
    "InfluencerVector",
    "Shortlist",
    "ShortlistEntry",
]
