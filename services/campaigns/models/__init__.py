from services.campaigns.models.campaign import Campaign
from services.campaigns.models.collaboration import Collaboration, StageChange

__all__ = [
    "Campaign",
    "Collaboration",
    "StageChange",
]
