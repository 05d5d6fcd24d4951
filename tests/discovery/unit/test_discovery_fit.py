import pytest
from discovery_unit_factories import PROVENANCE, account_doc, make_profile

from services.discovery.domain.confidence import Confidence
from services.discovery.domain.fit import score_fit
from shared.brief import CampaignBrief
from shared.money import Money


def _brief(**fields: object) -> CampaignBrief:
    return CampaignBrief.model_validate(fields)


def _parts(result):  # type: ignore[no-untyped-def]
    return {part.name: part for part in result.parts}


def test_fit_explains_every_part_the_brief_asks_for() -> None:
    brief = _brief(
        persona={"countries": ["ES"], "genders": ["female"], "age": {"18-24": 1, "25-34": 0.5}},
        topics=["fashion"],
        required_values=["sustainability"],
        platforms=["instagram"],
        budget_per_influencer={"amount_minor": 100_000, "currency": "EUR"},
    )
    result = score_fit(make_profile(), brief)
    parts = _parts(result)
    assert set(parts) == {
        "engagement_quality",
        "authenticity",
        "audience_overlap",
        "topic_relevance",
        "values_alignment",
        "cost_within_budget",
    }
    assert not result.excluded
    assert 80 <= result.score <= 100
    assert result.confidence is Confidence.HIGH
    assert parts["audience_overlap"].points == 35
    assert result.persona_match_share == pytest.approx(0.5 * 0.7 * (0.35 + 0.2))
    assert result.cost is not None and result.cost.cost_per_mille is not None
    assert "per 1000 persona-matched reached" in parts["cost_within_budget"].explanation


def test_over_budget_influencers_are_excluded_with_the_reason() -> None:
    brief = _brief(budget_per_influencer={"amount_minor": 50_000, "currency": "EUR"})
    result = score_fit(make_profile(), brief)
    assert result.excluded
    assert result.exclusion_reasons == ("reel price 80000 exceeds budget 50000",)


def test_cheaper_within_budget_earns_more_cost_points() -> None:
    cheap = score_fit(
        make_profile(), _brief(budget_per_influencer={"amount_minor": 400_000, "currency": "EUR"})
    )
    tight = score_fit(
        make_profile(), _brief(budget_per_influencer={"amount_minor": 80_000, "currency": "EUR"})
    )
    assert _parts(cheap)["cost_within_budget"].points > _parts(tight)["cost_within_budget"].points


def test_budget_in_another_currency_needs_a_converter() -> None:
    brief = _brief(budget_per_influencer={"amount_minor": 100_000, "currency": "USD"})
    skipped = _parts(score_fit(make_profile(), brief))["cost_within_budget"]
    assert not skipped.evaluated and "no FX rate" in skipped.explanation

    def eur_to_usd(money: Money, currency: str) -> Money:
        return Money(amount_minor=round(money.amount_minor * 1.1), currency=currency)

    converted = score_fit(make_profile(), brief, convert=eur_to_usd)
    assert _parts(converted)["cost_within_budget"].value == 88_000


def test_no_account_on_requested_platforms_is_excluded() -> None:
    result = score_fit(make_profile(), _brief(platforms=["tiktok"]))
    assert result.excluded and result.score == 0


def test_excluded_brand_safety_flags_exclude_the_influencer() -> None:
    profile = make_profile(brand_safety_flags=["gambling"])
    result = score_fit(profile, _brief(excluded_brand_safety_flags=["gambling"]))
    assert result.excluded
    assert "gambling" in result.exclusion_reasons[0]


def test_neighbouring_niche_gets_partial_topic_credit() -> None:
    result = score_fit(make_profile(topics=["modeling"]), _brief(topics=["fashion"]))
    assert _parts(result)["topic_relevance"].value == 0.5


def test_missing_required_values_are_named() -> None:
    result = score_fit(make_profile(), _brief(required_values=["sustainability", "animal_welfare"]))
    part = _parts(result)["values_alignment"]
    assert part.value == 0.5 and "missing animal_welfare" in part.explanation


def test_unknown_audience_earns_nothing_and_lowers_confidence() -> None:
    no_audience = make_profile(accounts=[account_doc(audience=None)])
    brief = _brief(persona={"countries": ["ES"]})
    known = score_fit(make_profile(), brief)
    unknown = score_fit(no_audience, brief)
    assert unknown.score < known.score
    assert not _parts(unknown)["audience_overlap"].evaluated


def test_primary_country_only_counts_as_an_estimate() -> None:
    audience = {"provenance": PROVENANCE, "primary_country": "ES"}
    profile = make_profile(accounts=[account_doc(audience=audience)])
    result = score_fit(profile, _brief(persona={"countries": ["ES"]}))
    assert "(estimated)" in _parts(result)["audience_overlap"].explanation
    assert result.confidence is not Confidence.HIGH


def test_persona_accepts_lists_as_equal_weights() -> None:
    assert _brief(persona={"countries": ["de", "AT"]}).persona.countries == {"DE": 1.0, "AT": 1.0}


def _priced(*prices: tuple[int, str]) -> list[dict[str, object]]:
    return [
        {"platform": "instagram", "format": "reel", "price": {"amount_minor": amount, "currency": currency}}
        for amount, currency in prices
    ]


def test_a_price_in_the_budget_currency_is_used_beside_a_smaller_number_in_another() -> None:
    profile = make_profile(rate_card=_priced((46_000, "EUR"), (50_000, "USD")))
    brief = _brief(budget_per_influencer={"amount_minor": 100_000, "currency": "USD"})
    part = _parts(score_fit(profile, brief))["cost_within_budget"]
    assert part.evaluated
    assert part.value == 50_000


def test_the_cheapest_price_is_chosen_after_conversion_not_by_its_minor_units() -> None:
    profile = make_profile(rate_card=_priced((5_000, "EUR"), (6_000, "JPY")))

    def jpy_to_eur(money: Money, currency: str) -> Money | None:
        if money.currency != "JPY":
            return None
        return Money(amount_minor=round(money.amount_minor * 0.6), currency=currency)  # yen → cents

    result = score_fit(profile, _brief(budget_per_influencer={"amount_minor": 4_000, "currency": "EUR"}),
                       convert=jpy_to_eur)
    assert not result.excluded
    assert _parts(result)["cost_within_budget"].value == 3_600


def test_cost_per_persona_matched_reach_is_not_claimed_when_the_audience_is_unknown() -> None:
    no_audience = make_profile(accounts=[account_doc(audience=None)])
    budget = {"amount_minor": 100_000, "currency": "EUR"}
    unknown = score_fit(no_audience, _brief(persona={"genders": ["female"]}, budget_per_influencer=budget))
    assert unknown.cost is not None and unknown.cost.cost_per_mille is None
    assert "per 1000" not in _parts(unknown)["cost_within_budget"].explanation

    anyone = score_fit(no_audience, _brief(budget_per_influencer=budget))
    assert anyone.cost is not None and anyone.cost.cost_per_mille is not None
    assert anyone.cost.cost_per_mille.amount_minor == round(80_000 / (50_000 * 0.2) * 1000)


def test_a_persona_criterion_without_audience_data_leaves_the_matched_share_unknown() -> None:
    """Gender unknown is not 100 % female: the share and its cost per 1000 are not stated."""
    countries_only = {"provenance": PROVENANCE, "countries": {"ES": 0.5}}
    profile = make_profile(accounts=[account_doc(audience=countries_only)])
    brief = _brief(persona={"countries": ["ES"], "genders": ["female"]},
                   budget_per_influencer={"amount_minor": 100_000, "currency": "EUR"})
    result = score_fit(profile, brief)
    assert result.persona_match_share is None
    assert result.cost is not None and result.cost.cost_per_mille is None
    assert "per 1000" not in _parts(result)["cost_within_budget"].explanation
