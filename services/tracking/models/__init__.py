from services.tracking.models.campaign import Campaign
from services.tracking.models.comment import Comment
from services.tracking.models.contract import Contract, Payment, SeededProduct
from services.tracking.models.conversion import (
    AttributionRule,
    Conversion,
    ConversionReversal,
    WebhookEndpoint,
)
from services.tracking.models.emv import EmvTable
from services.tracking.models.fx_rate import FxRate, FxRateSet
from services.tracking.models.kpi_state import CampaignKpiState
from services.tracking.models.link import AllowedDomain, Click, TrackedLink, VisitorSalt
from services.tracking.models.mentions import MentionCount
from services.tracking.models.metrics import (
    CampaignMetricsDaily,
    MetricSnapshot,
    PostMetricsDaily,
    PostMetricsLatest,
)
from services.tracking.models.post import Post
from services.tracking.models.promo_code import PromoCode

__all__ = [
    "AllowedDomain",
    "AttributionRule",
    "Campaign",
    "CampaignKpiState",
    "CampaignMetricsDaily",
    "Click",
    "Comment",
    "Contract",
    "Conversion",
    "ConversionReversal",
    "EmvTable",
    "FxRate",
    "FxRateSet",
    "MentionCount",
    "MetricSnapshot",
    "Payment",
    "Post",
    "PostMetricsDaily",
    "PostMetricsLatest",
    "PromoCode",
    "SeededProduct",
    "TrackedLink",
    "VisitorSalt",
    "WebhookEndpoint",
]
