"""Spam-like comments, flagged and left out of sentiment (pure).

- `emoji_only`: not one letter or digit (only emoji, symbols, punctuation): nothing to read, and
  a flood of "🔥🔥🔥" would otherwise read as a crowd's opinion.
- `link_bait`: a link or a bare web address, or a call to visit, follow or message someone else
  ("link in bio", "check my page", "follow me", "DM me", "free followers"; a few phrasings in
  Spanish, Portuguese, French, German and Italian too).
- `repeated`: one word or phrase said over and over and nothing else ("nice nice nice"); the
  same text by the same author on the same post again; or a chorus: a text of five words or more
  said word for word on one post by a third author, or any later one (bot rings and engagement
  pods post one line from many accounts; fans write short praise alike, so shorter texts are
  never a chorus). The first copies count, each later one is flagged; comments without an author
  are never compared.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple


class SpamReason(StrEnum):
    EMOJI_ONLY = "emoji_only"
    LINK_BAIT = "link_bait"
    REPEATED = "repeated"


_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[a-z0-9-]+\.(?:com|net|org|io|ly|me|co|shop|store|link|xyz|info|biz|site|online|top|click)(?:/\S*)?\b",
    re.IGNORECASE)
_BAIT = re.compile(
    r"\blink (?:is )?in (?:my |the )?bio\b"
    r"|\bcheck (?:out )?my (?:profile|page|bio|account|channel|stor(?:y|ies)|feed|posts?)\b"
    r"|\b(?:visit|see) my (?:profile|page|bio|account|channel)\b"
    r"|\bfollow (?:me|back|for follow)\b|\bf4f\b|\bl4l\b|\bfollow4follow\b"
    r"|\b(?:dm|message|text) (?:me|us)\b|\bfree (?:followers|likes)\b"
    r"|\bsígueme\b|\bsigueme\b|\bme segue\b|\bsegue de volta\b|\bsuivez[- ]moi\b|\babonne[- ]toi\b"
    r"|\bfolg(?:t)? mir\b|\bseguimi\b",
    re.IGNORECASE)
# The whole text is one run of a word or phrase repeated at least three times.
_RUN = re.compile(r"^(\w+(?:\W+\w+)*?)(?:\W+\1){2,}\W*$")


def normalized(text: str) -> str:
    """The text as compared for repeats: case-folded, spacing collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def word_count(text: str) -> int:
    return len(normalized(text).split())


def text_key(text: str) -> str:
    return hashlib.sha256(normalized(text).encode()).hexdigest()[:32]


def author_key(author: str) -> str:
    """Authors are compared, never kept: a hash of the handle (without @, case-folded)."""
    return hashlib.sha256(author.strip().lstrip("@").casefold().encode()).hexdigest()[:32]


def has_words(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def spam_reason(text: str) -> SpamReason | None:
    """Why the text alone reads as spam, or None."""
    if not has_words(text):
        return SpamReason.EMOJI_ONLY
    if _LINK.search(text) or _BAIT.search(text):
        return SpamReason.LINK_BAIT
    if _RUN.match(normalized(text)):
        return SpamReason.REPEATED
    return None


# A chorus: this many authors saying one text of this many words or more on one post.
CHORUS_AUTHORS = 3
CHORUS_WORDS = 5


class Said(NamedTuple):
    """One comment as repeats are told: its post, author and text (key), and its text's words."""

    post: object
    author: str | None
    text: str
    order: tuple[object, ...]  # earliest first: (commented_at, comment id)
    words: int


def later_copies(comments: Sequence[Said], said_before: Iterable[tuple[object, str, str]]) -> set[int]:
    """Indexes of the comments repeating an earlier one (by its own author, or as a chorus's
    third author or later): an earlier one among `comments`, or one stored before, whose
    (post, author, text) `said_before` holds."""
    authors: dict[tuple[object, str], set[str]] = defaultdict(set)
    for post, author, text in said_before:
        authors[(post, text)].add(author)
    copies: set[int] = set()
    for i in sorted(range(len(comments)), key=lambda i: comments[i].order):
        comment = comments[i]
        if comment.author is None:
            continue
        said = authors[(comment.post, comment.text)]
        if comment.author in said or (comment.words >= CHORUS_WORDS and len(said) >= CHORUS_AUTHORS - 1):
            copies.add(i)
        said.add(comment.author)
    return copies
