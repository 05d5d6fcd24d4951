"""What a click keeps about its visitor: a class, a bot flag, a country, a day-salted hash."""

from __future__ import annotations

import pytest

from services.tracking.domain.visitors import classify_user_agent, country, referrer, visitor_hash

IPHONE_INSTAGRAM = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                    "(KHTML, like Gecko) Mobile/15E148 Instagram 300.0.0.0")
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0 Safari/537.36")


@pytest.mark.parametrize(("agent", "expected"), [
    (IPHONE_INSTAGRAM, ("mobile_app", False)),
    (CHROME, ("browser", False)),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", ("bot", True)),
    ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", ("bot", True)),
    ("curl/8.1.2", ("bot", True)),
    ("", ("bot", True)),
    ("SomeTV/1.0", ("other", False)),
])
def test_user_agents_are_classed_and_bots_flagged(agent: str, expected: tuple[str, bool]) -> None:
    assert classify_user_agent(agent) == expected


def test_the_visitor_hash_repeats_within_a_day_and_changes_with_the_days_salt() -> None:
    monday, tuesday = b"m" * 32, b"t" * 32
    first = visitor_hash(monday, "203.0.113.7", CHROME)
    assert first == visitor_hash(monday, "203.0.113.7", CHROME)
    assert first != visitor_hash(tuesday, "203.0.113.7", CHROME)
    assert first != visitor_hash(monday, "203.0.113.8", CHROME)
    assert "203.0.113.7" not in first and len(first) == 32


def test_only_iso_countries_are_kept() -> None:
    assert country("de") == "DE"
    assert [country(v) for v in ("XX", "T1", "", None, "Germany")] == [None] * 5


def test_referrers_lose_their_query_and_fragment() -> None:
    assert referrer("https://l.instagram.com/?u=secret&e=token#x") == "https://l.instagram.com/"
    assert referrer("android-app://com.example") is None
    assert referrer(None) is None
