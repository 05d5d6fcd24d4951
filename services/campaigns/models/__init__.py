from services.campaigns.models.budget import BudgetCommitment, BudgetPayment, CampaignBudget
from services.campaigns.models.campaign import Campaign
from services.campaigns.models.collaboration import Collaboration, StageChange
from services.campaigns.models.content import Draft, DraftCheck, Review, ReviewPolicy
from services.campaigns.models.contract import Contract, Deliverable, Offer, Payment, SeededProduct
from services.campaigns.models.fx import FxReferenceRate, FxWorkspaceRate
from services.campaigns.models.goal import CampaignGoal
from services.campaigns.models.history import CampaignChange
from services.campaigns.models.kpi import CampaignKpis
from services.campaigns.models.outreach import (
    ContactPreference,
    OutreachMessage,
    OutreachSettings,
    OutreachTemplate,
)
from services.campaigns.models.relationship import (
    CreatorFeedback,
    CreatorPostMetrics,
    Programme,
    ProgrammeFeedback,
    ProgrammeMember,
)

__all__ = [
    "BudgetCommitment",
    "BudgetPayment",
    "Campaign",
    "CampaignBudget",
    "CampaignChange",
    "CampaignGoal",
    "CampaignKpis",
    "Collaboration",
    "ContactPreference",
    "Contract",
    "CreatorFeedback",
    "CreatorPostMetrics",
    "Deliverable",
    "Draft",
    "DraftCheck",
    "FxReferenceRate",
    "FxWorkspaceRate",
    "Offer",
    "OutreachMessage",
    "OutreachSettings",
    "OutreachTemplate",
    "Payment",
    "Programme",
    "ProgrammeFeedback",
    "ProgrammeMember",
    "Review",
    "ReviewPolicy",
    "SeededProduct",
    "StageChange",
]
