"""Where tracked links may lead (no open redirect), and the URL a click is sent to."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from services.tracking.domain.destinations import (
    Utm,
    click_id_template,
    destination_problem,
    normalise_domain,
    tracked_url,
)

ALLOWED = frozenset({"glowskin.example", "xn--bcher-kva.example"})


@pytest.mark.parametrize("url", [
    "https://glowskin.example/serum",
    "http://shop.glowskin.example/a?b=1",
    "https://GLOWSKIN.example./x",
    "https://bücher.example/",
])
def test_destinations_on_allowed_domains_and_their_subdomains_are_accepted(url: str) -> None:
    assert destination_problem(url, ALLOWED) is None


@pytest.mark.parametrize(("url", "why"), [
    ("https://evil.example/", "allowed domains"),
    ("https://glowskin.example.evil.example/", "allowed domains"),
    ("https://evilglowskin.example/", "allowed domains"),
    ("https://evil.example/?next=glowskin.example", "allowed domains"),
    ("https://glowskin.example@evil.example/", "user name"),
    ("https://user:pw@glowskin.example/", "user name"),
    ("javascript:alert(1)", "http or https"),
    ("//glowskin.example/x", "http or https"),
    ("ftp://glowskin.example/x", "http or https"),
    ("https:///nohost", "host"),
    ("https://glowskin.example:99999/", "not a valid URL"),
    ("https://bad_host!.example/", "not a valid host name"),
])
def test_destinations_elsewhere_are_refused_with_the_reason(url: str, why: str) -> None:
    problem = destination_problem(url, ALLOWED)
    assert problem is not None and why in problem


def test_domains_are_normalised_and_junk_is_refused() -> None:
    assert normalise_domain(" Shop.GlowSkin.Example. ") == "shop.glowskin.example"
    assert normalise_domain("bücher.example") == "xn--bcher-kva.example"
    for junk in ("localhost", "", "a..example", "-a.example", "a" * 64 + ".example"):
        with pytest.raises(ValueError):
            normalise_domain(junk)


def test_the_links_utm_parameters_replace_the_destinations_own_and_keep_the_rest() -> None:
    url = tracked_url("https://glowskin.example/serum?variant=30ml&utm_source=old#reviews",
                      Utm("instagram", "influencer", "spring", "ana"))
    parts = urlsplit(url)
    assert parse_qs(parts.query) == {"variant": ["30ml"], "utm_source": ["instagram"],
                                     "utm_medium": ["influencer"], "utm_campaign": ["spring"],
                                     "utm_content": ["ana"]}
    assert parts.fragment == "reviews"


def test_the_click_id_goes_into_the_query_before_any_fragment() -> None:
    head, tail = click_id_template("https://glowskin.example/s?utm_source=x#top")
    assert head + "abc" + tail == "https://glowskin.example/s?utm_source=x&icp_click_id=abc#top"
    head, tail = click_id_template("https://glowskin.example/")
    assert head + "abc" + tail == "https://glowskin.example/?icp_click_id=abc"
