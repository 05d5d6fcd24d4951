"""Outreach templates rendered in Jinja2's sandbox, without HTTP: variables from what campaigns
knows of the creator and the campaign, missing ones named, unsafe ones refused."""

from __future__ import annotations

import pytest

from services.campaigns.domain.templates import (
    TemplateProblem,
    creator_variables,
    offer_words,
    render,
    words,
)

MAYA = {"display_name": "Maya Chen", "handle": "maya.eats", "platform": "instagram",
        "topics": ["food_drink", "travel"], "values": ["local_community", "sustainability"]}
CAMPAIGN = {"name": "Austin launch", "brand": "DashEats", "brief": "Your favourite taqueria, fast.",
            "personas": [{"values": ["local_community"]}], "creators": {"values": ["fair_trade"]}}


def test_shared_values_are_the_creators_causes_the_campaign_also_names() -> None:
    variables = creator_variables(MAYA, CAMPAIGN, sender_name="Dana")
    assert variables["shared_values"] == ["local community"]
    assert variables["recent_topics"] == ["food & drink", "travel"]
    assert (variables["first_name"], variables["sender_name"]) == ("Maya", "Dana")


def test_every_missing_variable_is_named_at_once_and_guards_make_one_optional() -> None:
    variables = creator_variables({"display_name": "Sam"}, CAMPAIGN, sender_name=None)
    rendered = render("{{ brand }} × @{{ handle }}",
                      "Hi {{ first_name }}: {{ recent_topics | join(', ') }} {{ followers + 1 }}"
                      "{% if offer %}{{ offer }}{% endif %}{{ sender_name | default('us') }}", variables)
    assert rendered.missing == ["followers", "handle", "recent_topics"]


def test_a_complete_message_renders_with_nothing_missing() -> None:
    rendered = render("", "{{ first_name }}, we share {{ shared_values | words }}.",
                      creator_variables(MAYA, CAMPAIGN, None))
    assert (rendered.body, rendered.missing) == ("Maya, we share local community.", [])


@pytest.mark.parametrize("source", ["{{ ''.__class__.__mro__ }}", "{{ first_name.__class__ }}",
                                    "{% for x in %}", "{{ 1 / 0 }}"])
def test_unsafe_or_broken_templates_are_refused(source: str) -> None:
    with pytest.raises(TemplateProblem):
        render("", source, creator_variables(MAYA, CAMPAIGN, None))


def test_words_joins_a_list_as_a_sentence() -> None:
    assert [words([]), words(["a"]), words(["a", "b"]), words(["a", "b", "c"], "or")] == [
        "", "a", "a and b", "a, b or c"]


def test_an_offer_reads_as_a_sentence() -> None:
    assert offer_words({"compensation_model": "flat_fee", "currency": "USD", "fee_minor": 150_000,
                        "deliverables": [{"platform": "youtube", "format": "video", "count": 3},
                                         {"platform": "instagram", "format": "story", "count": 2}]}
                       ) == "1,500.00 USD for 3 youtube videos and 2 instagram stories"
    assert offer_words({"compensation_model": "hybrid", "currency": "EUR", "fee_minor": 50_000,
                        "gifted_value_minor": 4_500,
                        "performance_rates": [{"basis": "conversions", "amount_minor": 800},
                                              {"basis": "revenue", "percent": "10"}]}
                       ) == "500.00 EUR, 8.00 EUR per sale, 10 % of revenue and a gift worth 45.00 EUR"
