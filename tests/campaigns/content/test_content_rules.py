"""Content approval rules without a database: the check a draft stands on, approval refusals,
business days per market for auto-approval, and when a collaboration may complete (S6, S9)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from services.campaigns.domain.business_days import after_business_days, is_business_day
from services.campaigns.domain.content import (
    CheckResult,
    DeliverableState,
    approval_refusal,
    checklist,
    completion_blockers,
    may_auto_approve,
    newest_check,
    raises_compliance_alert,
    supersedes,
    unknown_items,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
CHECK_A, CHECK_B = uuid.UUID(int=1), uuid.UUID(int=2)


def check(verdict: str, minute: int = 0, check_id: uuid.UUID = CHECK_A) -> CheckResult:
    return CheckResult(check_id, verdict, T0.replace(minute=minute))


def test_the_newest_check_wins_whatever_order_results_arrive_in() -> None:
    failed, passed = check("non_compliant", 1), check("compliant", 5, CHECK_B)
    assert newest_check([passed, failed]) == passed
    assert newest_check([failed, passed, failed]) == passed
    assert newest_check([]) is None


def test_a_redelivered_or_older_result_does_not_replace_the_one_kept() -> None:
    kept = T0.replace(minute=5)
    assert supersedes(T0.replace(minute=6), kept)
    assert not supersedes(kept, kept)
    assert not supersedes(T0.replace(minute=4), kept)
    assert supersedes(T0, None)


def test_equal_check_times_pick_the_same_check_for_every_reader() -> None:
    a, b = check("compliant", 1, CHECK_A), check("needs_review", 1, CHECK_B)
    assert newest_check([a, b]) == newest_check([b, a]) == b


def test_a_non_compliant_draft_is_refused_even_with_a_reason() -> None:
    refusal = approval_refusal(check("non_compliant"), "the brand likes it")
    assert refusal is not None
    assert refusal.code == "draft-non-compliant"
    assert "non-compliant" in refusal.detail


def test_needs_review_is_refused_unless_overridden_with_a_reason() -> None:
    refusal = approval_refusal(check("needs_review"), None)
    assert refusal is not None and refusal.code == "draft-needs-review"
    assert approval_refusal(check("needs_review"), "   ") is not None
    assert approval_refusal(check("needs_review"), "legal reviewed the DE wording") is None


def test_a_draft_without_its_check_yet_needs_a_reason_to_be_approved() -> None:
    refusal = approval_refusal(None, None)
    assert refusal is not None and refusal.code == "disclosure-check-pending"
    assert approval_refusal(None, "launch cannot wait") is None


def test_a_compliant_draft_is_approved_and_may_be_approved_by_silence() -> None:
    assert approval_refusal(check("compliant"), None) is None
    assert may_auto_approve(check("compliant"))
    assert not may_auto_approve(check("needs_review"))
    assert not may_auto_approve(check("non_compliant"))
    assert not may_auto_approve(None)


def test_a_failed_then_passed_check_lets_the_draft_be_approved() -> None:
    history = [check("non_compliant", 1), check("compliant", 9)]
    assert approval_refusal(newest_check(history), None) is None
    # the same two results, the old one redelivered last
    assert approval_refusal(newest_check(history[::-1]), None) is None


def test_business_days_skip_weekends_and_the_markets_public_holidays() -> None:
    assert is_business_day(date(2026, 4, 2), "DE")          # Maundy Thursday: open in Germany
    assert not is_business_day(date(2026, 4, 3), "DE")      # Good Friday
    assert not is_business_day(date(2026, 4, 6), "DE")      # Easter Monday
    assert is_business_day(date(2026, 4, 6), "US")
    assert not is_business_day(date(2026, 11, 26), "US")   # Thanksgiving
    assert not is_business_day(date(2026, 3, 7), "US")      # Saturday


def test_a_market_with_a_friday_saturday_weekend_counts_sunday() -> None:
    assert not is_business_day(date(2026, 3, 6), "SA")      # Friday
    assert is_business_day(date(2026, 3, 8), "SA")          # Sunday


def test_silence_is_counted_in_whole_business_days_after_the_day_of_submission() -> None:
    friday = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)
    # Monday and Tuesday are the two days: due when Tuesday ends
    assert after_business_days(friday, 2, "DE") == datetime(2026, 3, 11, tzinfo=UTC)
    # Maundy Thursday: Friday and Monday are Easter holidays in Germany, not in the US
    thursday = datetime(2026, 4, 2, 10, tzinfo=UTC)
    assert after_business_days(thursday, 1, "DE") == datetime(2026, 4, 8, tzinfo=UTC)
    assert after_business_days(thursday, 1, "US") == datetime(2026, 4, 4, tzinfo=UTC)


def test_no_market_or_an_unknown_one_counts_monday_to_friday() -> None:
    friday = datetime(2026, 3, 6, tzinfo=UTC)
    assert after_business_days(friday, 1, None) == datetime(2026, 3, 10, tzinfo=UTC)
    assert after_business_days(friday, 1, "ZZ") == after_business_days(friday, 1, None)


def test_zero_business_days_is_not_a_policy() -> None:
    with pytest.raises(ValueError):
        after_business_days(T0, 0, "DE")


def test_completion_waits_for_every_deliverable_published_and_paid() -> None:
    reel, story = uuid.UUID(int=10), uuid.UUID(int=11)
    assert completion_blockers([DeliverableState(reel, True, True),
                                DeliverableState(story, True, True)]) == []
    assert completion_blockers([DeliverableState(reel, True, False),
                                DeliverableState(story, False, False)]) == [
        f"deliverable {reel} is not paid", f"deliverable {story} is not published or paid"]


def test_the_checklist_lists_every_guideline_item_and_each_markets_own_dos_and_donts() -> None:
    guidelines = {"required_hashtags": ["#DashEatsAustin"], "required_mentions": ["@dasheats"],
                  "banned_terms": ["cheapest"], "dos": ["Show the delivery time"], "donts": []}
    variants = [{"market": "MX", "brief": None, "dos": ["Muestra el tiempo de entrega"],
                 "donts": ["Mencionar competidores"]}]
    items = checklist(guidelines, variants)
    assert [(e.kind, e.item, e.market) for e in items] == [
        ("required_hashtag", "#DashEatsAustin", None), ("required_mention", "@dasheats", None),
        ("banned_term", "cheapest", None), ("do", "Show the delivery time", None),
        ("do", "Muestra el tiempo de entrega", "MX"), ("dont", "Mencionar competidores", "MX")]
    assert unknown_items(["cheapest", None, "Use the blue logo"], items) == ["Use the blue logo"]
    assert checklist({}) == []


def test_an_approved_draft_newly_judged_non_compliant_raises_an_alert_once_per_change() -> None:
    ok, failed, again = check("compliant", 0), check("non_compliant", 5), check("non_compliant", 9)
    assert raises_compliance_alert(True, ok, failed)
    assert raises_compliance_alert(True, None, failed)  # approved over a pending check
    assert not raises_compliance_alert(True, failed, again)  # still non-compliant: nothing new
    assert not raises_compliance_alert(True, failed, check("compliant", 7))
    assert not raises_compliance_alert(False, ok, failed)  # not approved: approval refuses it
