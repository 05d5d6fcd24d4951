"""A plan as the body discovery's `POST /v1/match` reads (shared.brief.CampaignBrief); `RULES`
says how each part is made."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.brief import CampaignBrief, Persona
from shared.money import Money

RULES = (
    "Persona: the plan's personas together (each criterion's values united, a value weighing the "
    "most any persona gives it), countries and languages from the markets where the personas name "
    "none; for one market (?market=), its country and languages only. Topics: the creator profile's, "
    "else the personas' interests. Required values: the causes the creators stand for and those the "
    "personas care about. Platforms: the creator profile's, else those the budget allocates to. "
    "Formats and brand-safety exclusions: the creator profile's. Budget per influencer: the budget "
    "less its contingency, divided by the number of creators planned (all of it when none is), "
    "in the campaign currency."
)


@dataclass(frozen=True)
class BriefInputs:
    personas: Sequence[Persona]
    markets: Mapping[str, Sequence[str]]  # country → languages
    topics: Sequence[str]
    values: Sequence[str]  # the creators' causes, then the personas'
    platforms: Sequence[str]
    formats: Sequence[str]
    excluded_flags: Sequence[str]
    allocated_platforms: Sequence[str]
    spendable: Money | None
    creators: int | None


def match_brief(plan: BriefInputs, market: str | None = None) -> CampaignBrief:
    personas = list(plan.personas)
    countries = _united(p.countries for p in personas)
    languages = _united(p.languages for p in personas)
    if market is not None:
        countries, languages = {market: 1.0}, dict.fromkeys(plan.markets[market], 1.0)
    else:
        countries = countries or dict.fromkeys(plan.markets, 1.0)
        spoken = (language for languages_there in plan.markets.values() for language in languages_there)
        languages = languages or dict.fromkeys(spoken, 1.0)
    persona = Persona(countries=countries, languages=languages, age=_united(p.age for p in personas),
                      genders=_united(p.genders for p in personas),
                      interests=_united(p.interests for p in personas))
    interests = [str(i) for p in personas for i in p.interests]
    return CampaignBrief(
        persona=persona, topics=list(dict.fromkeys(plan.topics or interests)),
        required_values=list(dict.fromkeys(plan.values)),
        platforms=list(dict.fromkeys(plan.platforms or plan.allocated_platforms)),
        formats=list(plan.formats), excluded_brand_safety_flags=list(plan.excluded_flags),
        budget_per_influencer=_per_creator(plan.spendable, plan.creators),
    )


def _united(criteria: Iterable[Mapping[Any, float]]) -> dict[str, float]:
    united: dict[str, float] = {}
    for criterion in criteria:
        for value, weight in criterion.items():
            united[str(value)] = max(weight, united.get(str(value), 0.0))
    return united


def _per_creator(spendable: Money | None, creators: int | None) -> Money | None:
    if spendable is None:
        return None
    return Money(amount_minor=spendable.amount_minor // (creators or 1), currency=spendable.currency)
