"""Text normalisation for matching, keeping a map back to offsets in the original text.

Labels are matched on a folded form: NFKC (full-width letters, ligatures), case folding, format
characters removed (zero-width spaces and joiners, soft hyphens, BOM) and Latin diacritics dropped
(`reklāma` → `reklama`), so that look-alike spellings cannot slip past the checker. Evidence must
still quote the writer's own text, hence the offset map.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters that carry no combining mark under NFD but that writers still drop (ł → l, ø → o).
_LETTER_FOLDS = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ħ": "h"}
# A non-ASCII character travels with the combining marks after it, so NFKC can compose them
# (half-width ﾌﾟ → プ); marks after an ASCII letter stand alone and are dropped.
_SEGMENTS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f][\u0300-\u036f\u3099\u309a\uff9e\uff9f]*")
# The same marks, as a set: those that end a span with the letter before them.
_MARK_CHARS = frozenset(map(chr, (*range(0x300, 0x370), 0x3099, 0x309A, 0xFF9E, 0xFF9F)))


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """Fold one non-ASCII character (with its combining marks); '' for invisible format marks."""
    if unicodedata.category(char[0]) == "Cf":
        return ""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold())
    # Only Latin combining marks go: kana voicing marks (U+3099/309A) change the word.
    kept = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f")
    folded = unicodedata.normalize("NFC", kept)
    return "".join(_LETTER_FOLDS.get(c, c) for c in folded)


class _FoldTable(dict[int, str]):
    """`str.translate` table folding one character at a time, filled on first sight of each
    character so that later texts fold in C. `irregular` collects the characters that do not fold
    one-to-one (ß → ss, zero-width → ''), and the marks that compose with the character before."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set("\u3099\u309a\uff9e\uff9f")

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char.lower() if code < 0x80 else fold_char(char)
        if len(folded) != 1 or "\u0300" <= char <= "\u036f":
            self.irregular.add(char)
        self[code] = folded
        return folded


_TABLE = _FoldTable()
# Characters whose fold is exactly what `str.lower` makes of them on their own: a text made only
# of these folds with one C-level `lower()` instead of a per-character `translate` (most captions:
# ASCII plus emoji). Grown on first sight of each character, like `_TABLE`.
_LIKE_LOWER: set[str] = {chr(code) for code in range(0x80)}
# `lower()` turns a final capital sigma into 'ς' depending on its neighbours; the fold does not.
_CONTEXTUAL_LOWER = frozenset("\u03a3")


@dataclass(frozen=True, slots=True)
class NormalisedText:
    original: str
    text: str
    origin: list[int] | None  # origin[i] = index in `original` of folded char i; None = identity

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text to the original text."""
        if self.origin is None:
            return start, end
        if start >= end:
            point = self.origin[start] if start < len(self.origin) else len(self.original)
            return point, point
        return self.origin[start], self._past_marks(self.origin[end - 1] + 1)

    def _past_marks(self, index: int) -> int:
        """The marks after a span's last letter belong to it (é written e + U+0301): a span must
        not split them off, or its quote loses them and its end falls inside a character."""
        while index < len(self.original) and self.original[index] in _MARK_CHARS:
            index += 1
        return index


def fold(text: str) -> str:
    """The folded form of a short string (labels, hashtags, terms) without the offset map."""
    return normalise(text).text


def normalise(text: str) -> NormalisedText:
    if text.isascii():
        return NormalisedText(text, text.lower(), None)
    chars = set(text)
    if _folds_like_lower(chars):
        return NormalisedText(text, text.lower(), None)
    # Fast path, same result: when every character folds to exactly one, offsets are unchanged.
    folded = text.translate(_TABLE)
    if _TABLE.irregular.isdisjoint(chars):
        return NormalisedText(text, folded, None)
    return _by_segment(text)


def _folds_like_lower(chars: set[str]) -> bool:
    """Whether folding these characters one by one gives what `str.lower` gives for each."""
    unseen = chars.difference(_LIKE_LOWER)
    if not unseen:
        return True
    for char in unseen:
        folded = _TABLE[ord(char)]  # also records the character as irregular where it is
        if folded == char.lower() and char not in _TABLE.irregular and char not in _CONTEXTUAL_LOWER:
            _LIKE_LOWER.add(char)
    return unseen.issubset(_LIKE_LOWER)


def _by_segment(text: str) -> NormalisedText:
    parts: list[str] = []
    origin: list[int] = []
    for match in _SEGMENTS.finditer(text):
        segment, start = match.group(), match.start()
        if segment[0] < "\x80":
            parts.append(segment.lower())
            origin.extend(range(start, start + len(segment)))
        else:
            folded = fold_char(segment)
            parts.append(folded)
            origin.extend([start] * len(folded))
    return NormalisedText(text, "".join(parts), origin)
