"""The price an influencer would charge for a brief, and its cost per 1000 reached."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from services.discovery.domain.account import MAX_COUNT, Account
from services.discovery.domain.rate_card import RateCardEntry
from shared.brief import CampaignBrief
from shared.money import Money

# Without view counts, reach per post is estimated as this share of followers; 20 % sits in
# the middle of the organic reach rates published for Instagram feed posts.
ASSUMED_REACH_RATE = 0.20

# Converts money into a currency, or returns None when no rate is known for that pair.
CurrencyConverter = Callable[[Money, str], Money | None]


@dataclass(frozen=True, slots=True)
class CostEstimate:
    price: Money  # in the budget's currency
    rate: RateCardEntry
    reached: float
    reach_estimated: bool
    cost_per_mille: Money | None  # per 1000 persona-matched people reached


def eligible_rates(
    entries: Sequence[RateCardEntry], account: Account, brief: CampaignBrief
) -> list[RateCardEntry]:
    return [
        e
        for e in entries
        if e.platform is account.platform and (not brief.formats or e.format in brief.formats)
    ]


def in_currency(price: Money, currency: str, convert: CurrencyConverter | None) -> Money | None:
    if price.currency == currency:
        return price
    return convert(price, currency) if convert is not None else None


def cheapest_in(
    rates: Sequence[RateCardEntry], currency: str, convert: CurrencyConverter | None
) -> tuple[RateCardEntry, Money] | None:
    """The cheapest rate with its price in `currency`, among the rates that convert to it.

    Minor units of different currencies are not comparable (5000 EUR cents > 6000 yen), so
    prices are compared only once converted.
    """
    priced = [(r, p) for r in rates if (p := in_currency(r.price, currency, convert)) is not None]
    return min(priced, key=lambda rate_price: rate_price[1].amount_minor, default=None)


def reached_per_post(account: Account) -> tuple[float, bool]:
    """(people reached per post, whether that is an estimate)."""
    views = account.engagement.avg_views if account.engagement else None
    if views:
        return views, False
    return account.followers * ASSUMED_REACH_RATE, True


def estimate_cost(
    rate: RateCardEntry, price: Money, account: Account, match_share: float | None
) -> CostEstimate:
    """`match_share` is the persona-matched share of the audience (1.0 without a persona);
    None when it is unknown, which leaves no cost per persona-matched reach to state. Nor is
    there one when a price over a tiny reach costs more per 1000 than money can hold (or
    overflows to infinity)."""
    reached, estimated = reached_per_post(account)
    targeted = reached * match_share if match_share is not None else 0.0
    per_mille = price.amount_minor / targeted * 1000 if targeted > 0 else None
    cpm = (
        Money(amount_minor=round(per_mille), currency=price.currency)
        if per_mille is not None and per_mille <= MAX_COUNT
        else None
    )
    return CostEstimate(price, rate, reached, estimated, cpm)
