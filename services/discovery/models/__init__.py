from services.discovery.models.influencer import Influencer, InfluencerAccount
from services.discovery.models.shortlist import Shortlist, ShortlistEntry

__all__ = ["Influencer", "InfluencerAccount", "Shortlist", "ShortlistEntry"]
