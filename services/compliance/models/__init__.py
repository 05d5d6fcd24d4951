from services.compliance.models.campaign_guidelines import CampaignGuidelines
from services.compliance.models.check import Check

__all__ = ["CampaignGuidelines", "Check"]
