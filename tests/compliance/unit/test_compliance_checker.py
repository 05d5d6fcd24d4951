"""Behaviour of the checker, one rule of the issue per test."""

from __future__ import annotations

from typing import Any

from services.compliance.disclosure_engine.engine import check
from services.compliance.disclosure_engine.models import CheckRequest, CheckResult, Finding, Verdict
from services.compliance.rules.loader import load_rule_sets

CATALOG = load_rule_sets()


def run(text: str, *markets: str, **fields: Any) -> CheckResult:
    fields.setdefault("platform", "instagram")
    fields.setdefault("relationship", "paid")
    return check(CheckRequest(text=text, markets=markets, **fields), CATALOG)


def codes(result: CheckResult) -> set[str]:
    return {f.code for f in result.findings}


def only(result: CheckResult, code: str) -> Finding:
    matches = [f for f in result.findings if f.code == code]
    assert len(matches) == 1, result.findings
    return matches[0]


def test_german_market_doubts_english_ad_tag() -> None:
    result = run("#ad Neue Laufschuhe von @brand", "DE")
    assert result.verdict is Verdict.NEEDS_REVIEW
    finding = only(result, "english_label_doubtful")
    assert finding.jurisdiction == "DE"
    assert "Anzeige" in (finding.suggestion or "")


def test_english_ad_doubted_in_each_market_that_doubts_it() -> None:
    for market in ("DE", "FR", "ES", "LT"):
        assert "english_label_doubtful" in codes(run("#ad new shoes @brand", market)), market
    assert run("#ad nye løbesko @brand", "DK").verdict is Verdict.NON_COMPLIANT


def test_latvian_label_counts_with_or_without_macron() -> None:
    for label in ("#reklāma", "#reklama", "#REKLĀMA"):
        assert run(f"{label} Jaunie apavi no @brand", "LV").verdict is Verdict.COMPLIANT, label


def test_plain_sentence_about_a_free_meal_discloses_a_gift_in_the_us() -> None:
    text = "Thanks @trattoria for the free dinner! Best carbonara in town"
    assert run(text, "US", relationship="gifted").verdict is Verdict.COMPLIANT
    assert (
        run(text.replace("Thanks @trattoria for the free dinner! ", ""), "US", relationship="gifted").verdict
        is Verdict.NON_COMPLIANT
    )


def test_plain_sentence_is_not_an_ad_label_in_the_uk() -> None:
    result = run("Thanks @trattoria for the free dinner!", "GB", relationship="gifted")
    assert result.verdict is Verdict.NON_COMPLIANT
    assert "label_ambiguous" in codes(result)


def test_words_containing_ad_are_not_labels() -> None:
    for text in (
        "#adventure time @brand",
        "new #address @brand",
        "not bad @brand",
        "see https://shop.example.com/sponsoredby/ad @brand",
        "go @adidas",
    ):
        result = run(text, "US")
        assert codes(result) == {"missing_disclosure"}, text


def test_a_short_label_opening_the_text_may_be_set_apart_by_punctuation_or_an_emoji() -> None:
    for text in ("Ad. New shoes from @brand", "Ad! New shoes from @brand",
                 "Ad, new shoes from @brand", "Ad 🔥 New shoes from @brand"):
        assert run(text, "GB").verdict is Verdict.COMPLIANT, text
    assert run("Ad campaigns are everywhere, new shoes from @brand", "GB").verdict is Verdict.NON_COMPLIANT


def test_label_after_instagram_more_cut_is_below_the_fold() -> None:
    text = "Loving my new running shoes from @brand " + "so comfy and light " * 6 + "#ad"
    finding = only(run(text, "US"), "label_below_fold")
    assert finding.severity == "error"
    assert finding.evidence.text == "#ad"


def test_label_buried_in_trailing_hashtags_is_not_conspicuous() -> None:
    text = "Meine neuen Laufschuhe von @brand\n#running #shoes #werbung #fitness"
    result = run(text, "DE")
    assert result.verdict is Verdict.NON_COMPLIANT
    assert only(result, "label_in_hashtag_block").evidence.text == "#werbung"


def test_label_at_the_start_is_conspicuous() -> None:
    assert run("Anzeige | Meine neuen Laufschuhe von @brand", "DE").findings == []


def test_ambiguous_tag_alone_is_flagged_with_its_reason() -> None:
    finding = only(run("New shoes @brand #spon", "US"), "label_ambiguous")
    assert "abbreviation" in finding.message
    assert finding.source


def test_gifted_and_affiliate_content_need_disclosure() -> None:
    for relationship in ("gifted", "affiliate", "employee"):
        result = run("Dinner at @trattoria, what a night", "US", relationship=relationship)
        assert result.verdict is Verdict.NON_COMPLIANT, relationship


def test_no_relationship_and_no_signal_is_compliant() -> None:
    result = run("Sunday walk with the dog", "US", "DE", relationship="none")
    assert result.verdict is Verdict.COMPLIANT


def test_unicode_tricks_do_not_hide_a_label_and_offsets_point_into_the_original() -> None:
    text = "✨ ＡＮ\u200bＺＥＩＧＥ ✨ Neue Laufschuhe @brand\n#running #shoes #anzeige #fitness"
    result = run(text, "DE")
    assert result.verdict is Verdict.COMPLIANT
    buried = run("Laufschuhe @brand\n#running #shoes #ＷＥＲ\u200bＢＵＮＧ #fitness", "DE")
    evidence = only(buried, "label_in_hashtag_block").evidence
    assert evidence.start is not None and evidence.end is not None
    original = "Laufschuhe @brand\n#running #shoes #ＷＥＲ\u200bＢＵＮＧ #fitness"
    assert original[evidence.start : evidence.end] == "#ＷＥＲ\u200bＢＵＮＧ" == evidence.text


def test_french_retouched_image_needs_its_label() -> None:
    text = "Publicité | Ma nouvelle crème @brand"
    result = run(text, "FR", image_edited={"retouched": True})
    assert only(result, "missing_image_label").suggestion == (
        "add 'Images retouchées' to the image and caption"
    )
    fixed = run("Publicité | Images retouchées | " + text, "FR", image_edited={"retouched": True})
    assert fixed.verdict is Verdict.COMPLIANT


def test_norwegian_retouch_mark_needs_review_because_it_is_on_the_image() -> None:
    result = run("Reklame for @brand: ny krem", "NO", image_edited={"retouched": True})
    assert result.verdict is Verdict.NEEDS_REVIEW
    assert only(result, "missing_image_label").severity == "warning"


def test_brand_guidelines_are_enforced() -> None:
    guidelines = {
        "required_hashtags": ["#RunWithBrand"],
        "required_mentions": ["@brand"],
        "banned_terms": ["cheap"],
    }
    result = run("#ad Cheap shoes", "US", guidelines=guidelines)
    assert codes(result) >= {"required_hashtag_missing", "required_mention_missing", "banned_term_present"}
    assert only(result, "banned_term_present").evidence.text == "Cheap"
    assert all(f.jurisdiction is None for f in result.findings)
    ok = run("#ad great shoes @brand #runwithbrand", "US", guidelines=guidelines)
    assert ok.verdict is Verdict.COMPLIANT


def test_a_required_mention_is_a_whole_handle_and_never_an_email_address() -> None:
    dotted = {"required_mentions": ["@acme.paris"]}
    assert run("#ad my new serum from @Acme.Paris.", "US", guidelines=dotted).verdict is Verdict.COMPLIANT
    plain = {"required_mentions": ["@acme"]}
    assert "required_mention_missing" in codes(run("#ad write to me@acme.com", "US", guidelines=plain))
    assert "required_mention_missing" in codes(run("#ad from @acme.paris", "US", guidelines=plain))


def test_verdict_is_the_strictest_across_markets_and_findings_name_their_market() -> None:
    result = run("#ad New running shoes from @brand", "US", "DE", "DK")
    by_market = {m.market: m.verdict for m in result.markets}
    assert by_market == {"US": Verdict.COMPLIANT, "DE": Verdict.NEEDS_REVIEW, "DK": Verdict.NON_COMPLIANT}
    assert result.verdict is Verdict.NON_COMPLIANT
    assert {f.jurisdiction for f in result.findings} == {"DE", "DK"}


def test_platform_tool_alone_depends_on_the_market() -> None:
    text = "New running shoes from @brand"
    assert run(text, "US", paid_partnership_label=True).verdict is Verdict.NON_COMPLIANT
    assert run(text, "NL", paid_partnership_label=True).verdict is Verdict.COMPLIANT
    assert run(text, "ES", paid_partnership_label=True).verdict is Verdict.NEEDS_REVIEW


def test_eu_member_without_rule_set_falls_back_to_baseline_and_says_so() -> None:
    result = run("Werbung | Neue Laufschuhe von @brand", "AT")
    assert result.verdict is Verdict.COMPLIANT
    assert only(result, "eu_baseline_fallback").severity == "info"
    assert result.markets[0].rule_set == "EU"


def test_a_label_word_shared_by_two_member_languages_counts_in_both_markets() -> None:
    """'reklama' is Czech and Slovak, 'oglas' Croatian and Slovenian, 'reklam' Maltese too."""
    for label, market in (("#reklama", "CZ"), ("Reklama:", "SK"), ("#oglas", "HR"),
                          ("#oglas", "SI"), ("#reklam", "MT")):
        result = run(f"{label} nove @brand", market)
        assert result.verdict is Verdict.COMPLIANT, (market, result.findings)


def test_market_without_rules_needs_review_rather_than_a_guess() -> None:
    result = run("#ad new shoes", "MX")
    assert result.verdict is Verdict.NEEDS_REVIEW
    assert codes(result) == {"no_rule_set"}


def test_result_names_rule_set_versions_and_serialises_to_json() -> None:
    result = run("#ad new shoes @brand", "US", "DE")
    assert result.rule_set_version == "DE@2026.11.1+US@2026.11.1"
    dumped = result.model_dump(mode="json")
    assert dumped["verdict"] == "needs_review"
    assert dumped["language"]["detector"] == "stopword-profile-v1"


def test_given_language_is_reported_as_given() -> None:
    result = run("#ad new shoes", "US", language="en")
    assert (result.language.code, result.language.detector) == ("en", "given")
