"""Comments judged one by one: spam flagged with its reason, the language told (or why not), English
scored by VADER, every other language unscored with the reason, never neutral."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from lingua import LanguageDetectorBuilder

from services.tracking.domain.comment_spam import Said, SpamReason, later_copies, spam_reason, text_key
from services.tracking.domain.sentiment import (
    LANGUAGES,
    Label,
    Status,
    Unscored,
    judge,
    language_of,
    repeated,
)

CAPTIONS = Path(__file__).resolve().parents[3] / ".." / "shared" / "datasets" / "instagram-promo-captions"


@pytest.mark.parametrize(("text", "reason"), [
    ("🔥🔥🔥", SpamReason.EMOJI_ONLY),
    ("😍 !!! 💯", SpamReason.EMOJI_ONLY),
    ("Get 10k followers at https://cheap-growth.example/now", SpamReason.LINK_BAIT),
    ("great pics, check out my page for more", SpamReason.LINK_BAIT),
    ("visit www.promo-deals.co", SpamReason.LINK_BAIT),
    ("win an iphone, link in bio", SpamReason.LINK_BAIT),
    ("nice pic follow me", SpamReason.LINK_BAIT),
    ("sígueme y te sigo", SpamReason.LINK_BAIT),
    ("nice nice nice nice", SpamReason.REPEATED),
    ("Follow back? follow back? FOLLOW BACK?", SpamReason.LINK_BAIT),
    ("so good! so good! so good!", SpamReason.REPEATED),
])
def test_spam_is_flagged_with_its_reason(text: str, reason: SpamReason) -> None:
    assert spam_reason(text) is reason
    verdict = judge(text)
    assert (verdict.status, verdict.reason, verdict.score) == (Status.SPAM, reason.value, None)


@pytest.mark.parametrize("text", [
    "Love love love this serum",  # enthusiasm, not a run
    "I followed the routine for a week and my skin is calmer",
    "Which shade is this? 😍",
    "@lena you need this",
])
def test_ordinary_comments_are_not_spam(text: str) -> None:
    assert spam_reason(text) is None


def test_english_is_scored_by_vader_with_its_label() -> None:
    good = judge("I love this serum, my skin has never looked so good!")
    bad = judge("Terrible product, it burned my skin and the smell is awful.")
    flat = judge("I bought it on Tuesday at the store near the station.")
    assert (good.status, good.language, good.label) == (Status.SCORED, "en", Label.POSITIVE)
    assert good.score is not None and 0.05 <= good.score <= 1
    assert (bad.status, bad.label) == (Status.SCORED, Label.NEGATIVE)
    assert bad.score is not None and -1 <= bad.score <= -0.05
    assert (flat.status, flat.label, flat.score) == (Status.SCORED, Label.NEUTRAL, 0.0)


@pytest.mark.parametrize(("text", "language"), [
    ("Me encanta este sérum, mi piel está increíble", "es"),
    ("Das Serum ist wirklich schrecklich, meine Haut brennt", "de"),
    ("Adorei esse produto, minha pele ficou ótima", "pt"),
    ("Je suis vraiment déçue, ce produit ne marche pas", "fr"),
])
def test_other_languages_are_unscored_never_neutral(text: str, language: str) -> None:
    verdict = judge(text)
    assert (verdict.status, verdict.reason) == (Status.UNSCORED, Unscored.NO_ANALYSER)
    assert verdict.language == language
    assert (verdict.label, verdict.score) == (None, None)


def test_short_or_ambiguous_texts_have_no_language_and_say_why() -> None:
    assert language_of("gorgeous") == (None, Unscored.TOO_SHORT)
    assert language_of("@mia 😍 wow") == (None, Unscored.TOO_SHORT)
    assert language_of("so bad") == (None, Unscored.LANGUAGE_UNDETERMINED)  # Portuguese-looking too
    verdict = judge("gorgeous!")
    assert (verdict.status, verdict.reason, verdict.score) == (Status.UNSCORED, Unscored.TOO_SHORT, None)


def test_a_later_copy_by_the_same_author_is_spam_and_the_first_counts() -> None:
    said = [Said("p", "ana", "k1", (3, "c3"), 2), Said("p", "ana", "k1", (1, "c1"), 2),
            Said("p", None, "k1", (2, "c2"), 2), Said("p", "ben", "k1", (4, "c4"), 2),
            Said("q", "ana", "k1", (5, "c5"), 2), Said("q", "ben", "k2", (6, "c6"), 2)]
    assert later_copies(said, [("q", "ben", "k2")]) == {0, 5}
    copy = repeated(judge("I love this serum, my skin has never looked so good!"))
    assert (copy.status, copy.reason, copy.language, copy.score) == (Status.SPAM, "repeated", "en", None)
    assert text_key("So  GOOD") == text_key("so good")


def test_a_line_said_by_many_accounts_on_a_post_is_spam_from_its_third_author_on() -> None:
    """A bot ring's line ("Amazing content, check out this serum now") on one post: the first two
    authors count, the rest are flagged. Short praise that fans write alike is never a chorus,
    nor is one line said on different posts."""
    ring = [Said("p", f"bot{n}", "line", (n, f"c{n}"), 7) for n in range(5)]
    assert later_copies(ring, []) == {2, 3, 4}
    assert later_copies(ring[2:], [("p", "bot0", "line"), ("p", "bot1", "line")]) == {0, 1, 2}
    fans = [Said("p", f"fan{n}", "love", (n, f"f{n}"), 2) for n in range(5)]
    assert later_copies(fans, []) == set()
    spread = [Said(f"p{n}", f"bot{n}", "line", (n, f"c{n}"), 7) for n in range(5)]
    assert later_copies(spread, []) == set()


def test_the_restricted_detector_agrees_with_lingua_over_every_language_on_real_captions() -> None:
    """Real captions (kayschulz/detecting_promotional_instagrams): where lingua over all its
    languages reads a caption as one of ours, ours reads it the same nearly always."""
    with (CAPTIONS / "posts.csv").open(encoding="utf-8") as file:
        captions = [row["comment"] for row in csv.DictReader(file)][:300]
    everything = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
    ours = {language.iso_code_639_1.name.lower() for language in LANGUAGES}
    compared = agreed = 0
    for caption in captions:
        truth = everything.detect_language_of(caption)
        if truth is None or len(caption) < 40 or truth.iso_code_639_1.name.lower() not in ours:
            continue
        compared += 1
        agreed += language_of(caption)[0] == truth.iso_code_639_1.name.lower()
    assert compared >= 200
    assert agreed / compared >= 0.95
