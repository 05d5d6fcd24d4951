"""FX arithmetic, the ECB file reader and the budget rules, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from currency_converter import SINGLE_DAY_CURRENCY_FILE

from services.campaigns.domain import budget
from services.campaigns.domain.fx import rates_updated_events
from services.campaigns.fx import ecb
from shared import fx
from shared.fx import QuotedRate
from shared.money import format_money

DAY = date(2026, 10, 30)


def test_a_cross_rate_goes_through_the_euro_and_rounds_half_even_to_the_target_minor_unit() -> None:
    usd, jpy = QuotedRate("USD", Decimal("1.1172"), DAY), QuotedRate("JPY", Decimal("175.68"), DAY)
    converted = fx.convert(1_000_000, usd, jpy)  # 10,000.00 USD
    assert converted.rate == Decimal("157.2502685")  # 175.68 / 1.1172, 10 significant digits
    assert converted.amount_minor == 1_572_503  # yen have no minor unit
    assert converted.rate_date == DAY
    assert fx.apply_rate(5, "USD", "EUR", Decimal("0.5")) == 2  # 2.5 → 2: half to even
    assert fx.apply_rate(7, "USD", "EUR", Decimal("0.5")) == 4  # 3.5 → 4
    assert fx.apply_rate(1_000, "KWD", "EUR", Decimal("3")) == 300  # 1.000 KWD → 3.00 EUR


def test_a_conversion_is_dated_by_its_older_quotation() -> None:
    older = QuotedRate("GBP", Decimal("0.84"), date(2026, 10, 28))
    converted = fx.convert(100, older, fx.base_quote(DAY))
    assert converted.rate_date == date(2026, 10, 28)
    assert converted.currency == "EUR"


def test_stored_rates_lose_their_padding_but_never_become_exponents() -> None:
    assert str(fx.tidy(Decimal("1.5904000000"))) == "1.5904"
    assert str(fx.tidy(Decimal("100.0000000000"))) == "100"


@pytest.fixture(scope="module")
def shipped() -> list[QuotedRate]:
    return ecb.read_rates()


def test_the_shipped_ecb_history_is_read_with_its_dates_and_without_withdrawn_currencies(
    shipped: list[QuotedRate],
) -> None:
    quotes = shipped
    assert len(quotes) > 150_000
    first = min(q.rate_date for q in quotes)
    assert first == date(1999, 1, 4)
    currencies = {q.currency for q in quotes}
    assert {"USD", "JPY", "GBP", "CHF"} <= currencies
    assert not currencies & {"CYP", "EEK", "TRL", "ROL", "EUR"}
    usd_1999 = next(q for q in quotes if q.currency == "USD" and q.rate_date == first)
    assert usd_1999.rate == Decimal("1.1789")  # the euro's first fixing against the dollar


def test_the_ecb_one_day_file_reads_like_the_history(tmp_path: Path) -> None:
    quotes = ecb.read_rates(Path(SINGLE_DAY_CURRENCY_FILE))
    assert len({q.rate_date for q in quotes}) == 1
    assert any(q.currency == "USD" for q in quotes)
    broken = tmp_path / "rates.csv"
    broken.write_text("Day,USD\n2026-01-01,1.1\n")
    with pytest.raises(ecb.EcbFileError):
        ecb.read_rates(broken)
    broken.write_text("Date,USD\n2026-01-01,-1\n")
    with pytest.raises(ecb.EcbFileError, match="positive"):
        ecb.read_rates(broken)


def test_rates_are_announced_a_month_at_a_time_in_messages_far_below_a_megabyte(
    shipped: list[QuotedRate],
) -> None:
    recent = [q for q in shipped if q.rate_date.year >= 2024]
    events = rates_updated_events(recent, ecb.SOURCE, datetime.now(UTC))
    assert len(events) == len({(q.rate_date.year, q.rate_date.month) for q in recent})
    assert all(len({(r.rate_date.year, r.rate_date.month) for r in e.rates}) == 1 for e in events)
    assert max(len(e.model_dump_json()) for e in events) < 100_000
    assert (events[0].rates[0].rate_date, events[0].rates[0].currency) == (date(2024, 1, 2), "AUD")


def test_allocations_and_the_contingency_must_fit_in_the_total_per_dimension() -> None:
    lines = [budget.Line("platform", "instagram", 600_000), budget.Line("platform", "tiktok", 300_000),
             budget.Line("market", "US", 900_000)]
    assert budget.allocation_problems(lines, 1_000_000, Decimal(10), "USD", ["US"]) == []
    over = budget.allocation_problems(lines, 1_000_000, Decimal("10.01"), "USD", ["US"])
    assert [where for where, _ in over] == ["allocations", "allocations"]
    assert "9,000.00 USD" in over[0][1] and "1,001.00 USD" in over[0][1] and "10,000.00 USD" in over[0][1]
    twice = budget.allocation_problems([*lines, budget.Line("market", "US", 1)], 10**9, Decimal(0), "USD",
                                       ["US"])
    assert twice == [("allocations.3.key", "market US is allocated twice")]
    elsewhere = budget.allocation_problems([budget.Line("market", "JP", 1)], 10, Decimal(0), "USD", ["US"])
    assert elsewhere == [("allocations.0.key", "JP is not one of the campaign's markets")]


def test_thresholds_are_raised_once_each_and_rearmed_only_when_spend_falls_back_under_them() -> None:
    assert budget.thresholds_crossed(79_999, 100_000, []) == []
    assert budget.thresholds_crossed(80_000, 100_000, []) == [80]
    assert budget.thresholds_crossed(120_000, 100_000, []) == [80, 100]
    assert budget.thresholds_crossed(120_000, 100_000, [80]) == [100]
    assert budget.thresholds_crossed(120_000, 100_000, [80, 100]) == []
    assert budget.thresholds_rearmed(90_000, 200_000, [80, 100]) == [80, 100]
    assert budget.thresholds_rearmed(90_000, 100_000, [80, 100]) == [100]


def test_committed_and_paid_money_falls_on_the_lines_of_its_attribution() -> None:
    lines = [budget.Line("platform", "instagram", 500), budget.Line("platform", "tiktok", 300)]
    committed = [budget.Spend(200, "contract", {"platform": "instagram"}),
                 budget.Spend(50, "seeding", {"platform": "youtube"}),
                 budget.Spend(70, "performance_fee", {})]
    paid = [budget.Spend(100, "payment", {"platform": "instagram"})]
    (platforms,) = budget.dimension_figures(lines, committed, paid)
    assert platforms.allocated_minor == 800
    assert [(f.key, f.committed_minor, f.paid_minor) for f in platforms.lines] == [
        ("instagram", 200, 100), ("tiktok", 0, 0)]
    assert platforms.unallocated_committed_minor == 120
    assert budget.by_kind(committed) == {"contract": 200, "seeding": 50, "performance_fee": 70}


def test_money_is_shown_in_its_own_minor_unit() -> None:
    assert format_money(123456, "USD") == "1,234.56 USD"
    assert format_money(1500, "JPY") == "1,500 JPY"
    assert format_money(1500, "KWD") == "1.500 KWD"
