"""A comment's language and sentiment (pure: text in, verdict out).

Language: lingua, restricted to the languages of the markets campaigns run in (`LANGUAGES`), in
its high-accuracy mode (comments are short: the low-accuracy mode read one in ten of the real
English captions cut to 30 characters as another language, and that comment would go unscored),
with a minimum relative distance so that a text two languages could have written is unknown
rather than guessed. Models load on a process's first comment, once (a process that never
reads a comment never pays their ~300 MB). A text of fewer than two words, once @mentions, links
and hashtags' signs are set aside, is too short to tell.

Sentiment: VADER (Hutto & Gilbert, 2014), a lexicon and rules for English social-media text: its
compound score in [-1, 1]; positive from +0.05, negative from -0.05, neutral between (the
authors' thresholds). No lexicon-based analyser as honest exists among the project's libraries
for the other languages, so a comment read as any other language is unscored, with the reason,
and counted as such: never as neutral.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from lingua import Language, LanguageDetector, LanguageDetectorBuilder
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from services.tracking.domain.comment_spam import SpamReason, spam_reason

LANGUAGES = (
    Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE, Language.FRENCH, Language.GERMAN,
    Language.ITALIAN, Language.DUTCH, Language.POLISH, Language.TURKISH, Language.INDONESIAN,
    Language.RUSSIAN, Language.ARABIC, Language.HINDI, Language.JAPANESE, Language.KOREAN,
    Language.CHINESE,
)
SCORED_LANGUAGES = ("en",)  # ISO 639-1 codes with an analyser
MIN_WORDS = 2
MIN_RELATIVE_DISTANCE = 0.1
POSITIVE_FROM, NEGATIVE_FROM = 0.05, -0.05
_ASIDE = re.compile(r"@[\w.]+|(?:https?://|www\.)\S+")
_WORD = re.compile(r"[^\W\d_]+")


class Status(StrEnum):
    SCORED = "scored"
    UNSCORED = "unscored"
    SPAM = "spam"


class Unscored(StrEnum):
    TOO_SHORT = "too_short"
    LANGUAGE_UNDETERMINED = "language_undetermined"
    NO_ANALYSER = "no_analyser"


class Label(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"



class Verdict(NamedTuple):
    status: Status
    reason: str | None  # a SpamReason or an Unscored, with status spam or unscored
    language: str | None  # ISO 639-1, when told
    label: Label | None
    score: float | None  # VADER's compound score in [-1, 1]


@cache
def detector() -> LanguageDetector:
    return (LanguageDetectorBuilder.from_languages(*LANGUAGES)
            .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE).build())


@cache
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def language_of(text: str) -> tuple[str | None, Unscored | None]:
    """(ISO 639-1 code, None) or (None, why it is unknown)."""
    readable = _ASIDE.sub(" ", text)
    if len(_WORD.findall(readable)) < MIN_WORDS:
        return None, Unscored.TOO_SHORT
    found = detector().detect_language_of(readable)
    if found is None:
        return None, Unscored.LANGUAGE_UNDETERMINED
    return found.iso_code_639_1.name.lower(), None


def label_of(score: float) -> Label:
    if score >= POSITIVE_FROM:
        return Label.POSITIVE
    if score <= NEGATIVE_FROM:
        return Label.NEGATIVE
    return Label.NEUTRAL


def judge(text: str) -> Verdict:
    """The comment's verdict on its own (a copy of an earlier comment is `repeated(...)`)."""
    if (spam := spam_reason(text)) is not None:
        return Verdict(Status.SPAM, spam.value, None, None, None)
    language, unknown = language_of(text)
    if unknown is not None:
        return Verdict(Status.UNSCORED, unknown.value, None, None, None)
    if language not in SCORED_LANGUAGES:
        return Verdict(Status.UNSCORED, Unscored.NO_ANALYSER.value, language, None, None)
    score = float(_vader().polarity_scores(_ASIDE.sub(" ", text))["compound"])
    return Verdict(Status.SCORED, None, language, label_of(score), score)


def repeated(verdict: Verdict) -> Verdict:
    """A copy of an earlier comment: spam, whatever it says (its language is kept)."""
    if verdict.status is Status.SPAM:
        return verdict
    return Verdict(Status.SPAM, SpamReason.REPEATED.value, verdict.language, None, None)
