"""Two URLs of one post share its key; two posts never do."""

from __future__ import annotations

import pytest

from services.tracking.domain.post_urls import url_key, url_problem


@pytest.mark.parametrize(
    ("shared", "canonical"),
    [
        (
            "https://www.instagram.com/reel/C7xYz12AbCd/?igsh=MWQ1ZGUx",
            "https://instagram.com/reel/C7xYz12AbCd",
        ),
        (
            "HTTP://M.YouTube.com/watch?v=dQw4w9WgXcQ&si=abc&t=42#x",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        (
            "https://twitter.com/glowlab/status/1790000000000000000?s=20",
            "https://x.com/glowlab/status/1790000000000000000",
        ),
        (
            "https://www.tiktok.com/@ana/video/7360000000000000000?is_from_webapp=1&utm_source=copy",
            "https://tiktok.com/@ana/video/7360000000000000000",
        ),
    ],
)
def test_share_links_of_a_post_have_its_key(shared: str, canonical: str) -> None:
    assert url_key(shared) == url_key(canonical)


def test_case_sensitive_ids_and_other_videos_keep_posts_apart() -> None:
    assert url_key("https://instagram.com/p/AbC/") != url_key("https://instagram.com/p/abc/")
    assert url_key("https://youtube.com/watch?v=aaa") != url_key("https://youtube.com/watch?v=bbb")


@pytest.mark.parametrize("url", ["ftp://example.com/x", "instagram.com/p/abc", "https://", "not a url"])
def test_only_http_urls_with_a_host_are_post_addresses(url: str) -> None:
    assert url_problem(url) is not None
