"""Label lexicons compiled once per rule set, and the token scan that finds labels in a caption.

A lexicon is a pair of hash indexes (plain words keyed by their first word, hashtags keyed by the
whole tag) plus suffix (`#{brand}partner`) and CJK substring entries: one pass over the tokens per
rule set, no regex alternation to backtrack through.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from services.compliance.disclosure_engine.document import Document, Token, TokenKind
from services.compliance.disclosure_engine.normalise import fold
from services.compliance.rules.models import Certainty, LabelForm
from shared.vocabulary import Relationship

_BRAND = "{brand}"
_CLOSERS = set(":|])•·\n.!,")
_DASHES = set("-–—")
_OPENERS = set("[(|•·:-–—\n")
_NOT_BRANDS = frozenset({"the", "a", "an", "me", "my", "you", "this", "that", "il", "la", "le"})


class EntryKind(Enum):
    ACCEPTED = "accepted"
    INSUFFICIENT = "insufficient"
    FOREIGN = "foreign"


@dataclass(frozen=True, slots=True)
class LabelEntry:
    display: str
    kind: EntryKind
    languages: frozenset[str]
    words: tuple[str, ...]
    forms: LabelForm
    brand_after: bool = False
    brand_before: bool = False
    brand_required: bool = False
    standalone: bool = False
    relationships: tuple[Relationship, ...] = ()
    companion_required: bool = False
    certainty: Certainty = Certainty.VERIFIED
    reason: str | None = None
    source: str | None = None

    def covers(self, relationship: Relationship) -> bool:
        return not self.relationships or relationship in self.relationships


@dataclass(frozen=True, slots=True)
class LabelHit:
    entry: LabelEntry
    start: int
    end: int
    token: Token
    brand_named: bool


def label_words(text: str) -> tuple[tuple[str, ...], bool, bool]:
    """Split a label's text into folded words and whether a brand slot precedes or follows."""
    brand_before, brand_after = text.startswith(_BRAND), text.endswith(_BRAND)
    core = text.removeprefix(_BRAND).removesuffix(_BRAND).lstrip("#")
    words = tuple(w for w in fold(core).replace("_", " ").split() if w)
    return words, brand_before, brand_after


@dataclass
class LabelLexicon:
    plain: dict[str, list[LabelEntry]] = field(default_factory=dict)
    hashtags: dict[str, list[LabelEntry]] = field(default_factory=dict)
    suffixes: list[tuple[str, LabelEntry]] = field(default_factory=list)
    cjk: list[tuple[str, LabelEntry]] = field(default_factory=list)
    plain_keys: frozenset[str] = frozenset()
    single_words: frozenset[str] = frozenset()
    phrases: tuple[frozenset[str], ...] = ()  # word sets of multi-word labels
    phrase_words: frozenset[str] = frozenset()  # every word of every phrase: a cheap pre-test
    hashtag_keys: frozenset[str] = frozenset()
    suffix_texts: tuple[str, ...] = ()

    @classmethod
    def build(cls, entries: Iterable[LabelEntry]) -> LabelLexicon:
        lexicon = cls()
        for entry in entries:
            lexicon._add(entry)
        for bucket in lexicon.plain.values():
            bucket.sort(key=lambda e: len(e.words), reverse=True)
        lexicon.plain_keys = frozenset(lexicon.plain)
        plain = [e for bucket in lexicon.plain.values() for e in bucket]
        lexicon.single_words = frozenset(e.words[0] for e in plain if len(e.words) == 1)
        lexicon.phrases = tuple({frozenset(e.words) for e in plain if len(e.words) > 1})
        lexicon.phrase_words = frozenset(word for phrase in lexicon.phrases for word in phrase)
        lexicon.hashtag_keys = frozenset(lexicon.hashtags)
        lexicon.suffix_texts = tuple(suffix for suffix, _ in lexicon.suffixes)
        return lexicon

    def _add(self, entry: LabelEntry) -> None:
        joined = "".join(entry.words)
        if joined and "\u2e80" <= joined[0] <= "\ufaff":
            self.cjk.append((joined, entry))
        elif entry.brand_before:
            self.suffixes.append((joined, entry))
        else:
            if entry.forms is not LabelForm.PLAIN:
                self.hashtags.setdefault(joined, []).append(entry)
            if entry.forms is not LabelForm.HASHTAG:
                self.plain.setdefault(entry.words[0], []).append(entry)

    def may_match(self, doc: Document) -> bool:
        """Set tests on the prepared token texts (a phrase needs all its words): most captions
        stop here, before any token is positioned."""
        words = doc.word_set
        return bool(
            not self.single_words.isdisjoint(words)
            or (not self.phrase_words.isdisjoint(words) and any(p <= words for p in self.phrases))
            or not self.hashtag_keys.isdisjoint(doc.hashtag_set)
            or (bool(self.suffix_texts) and any(t.endswith(self.suffix_texts) for t in doc.hashtag_set))
            or (doc.has_cjk and any(text in doc.text for text, _ in self.cjk))
        )

    def scan(self, doc: Document) -> list[LabelHit]:
        if not self.may_match(doc):
            return []
        tokens = doc.layout.tokens
        hits: list[LabelHit] = []
        consumed_until = -1
        for index in self._candidates(doc):
            token = tokens[index]
            if token.start < consumed_until:
                continue
            hit = self._match_at(doc, tokens, token)
            if hit is not None:
                hits.append(hit)
                consumed_until = hit.end
        return hits

    def _candidates(self, doc: Document) -> list[int]:
        """Indexes of the tokens that may start a label, in text order."""
        layout = doc.layout
        found: list[int] = []
        for word in self.plain_keys.intersection(layout.words):
            found.extend(layout.words[word])
        if self.suffixes or self.cjk:
            found.extend(layout.hashtag_list)
        else:
            for tag in self.hashtag_keys.intersection(layout.hashtags):
                found.extend(layout.hashtags[tag])
        if self.cjk:
            found.extend(layout.cjk)
        found.sort()
        return found

    def _match_at(self, doc: Document, tokens: Sequence[Token], token: Token) -> LabelHit | None:
        kind = token.kind
        if kind is TokenKind.HASHTAG:
            return self._match_hashtag(doc, token)
        if kind is TokenKind.WORD and token.text in self.plain:
            return self._match_plain(doc, tokens, token)
        if kind is TokenKind.CJK and self.cjk:
            return _match_cjk(self.cjk, token)
        return None

    def _match_hashtag(self, doc: Document, token: Token) -> LabelHit | None:
        for entry in self.hashtags.get(token.text, ()):
            brand = not entry.brand_required or _mention_near(doc, token)
            return LabelHit(entry, token.start, token.end, token, brand)
        for suffix, entry in self.suffixes:
            if len(token.text) > len(suffix) + 1 and token.text.endswith(suffix):
                return LabelHit(entry, token.start, token.end, token, True)
        if self.cjk:
            return _match_cjk(self.cjk, token)
        return None

    def _match_plain(self, doc: Document, tokens: Sequence[Token], token: Token) -> LabelHit | None:
        for entry in self.plain[token.text]:
            last = token.index + len(entry.words) - 1
            if last >= len(tokens) or not _words_follow(tokens, token.index, entry.words):
                continue
            end_token = tokens[last]
            if entry.standalone and not _stands_alone(doc, token, end_token):
                continue
            brand = _brand_named(doc, tokens, entry, end_token)
            if entry.brand_after and not brand:
                continue
            return LabelHit(entry, token.start, end_token.end, token, brand)
        return None


def _words_follow(tokens: Sequence[Token], first: int, words: tuple[str, ...]) -> bool:
    line = tokens[first].line
    for offset, word in enumerate(words):
        token = tokens[first + offset]
        if token.kind is not TokenKind.WORD or token.text != word or token.line != line:
            return False
    return True


def _brand_named(doc: Document, tokens: Sequence[Token], entry: LabelEntry, last: Token) -> bool:
    if entry.brand_after:
        following = last.index + 1
        if following >= len(tokens) or tokens[following].line != last.line:
            return False
        brand = tokens[following]
        return brand.kind is TokenKind.MENTION or (
            brand.kind in (TokenKind.WORD, TokenKind.HASHTAG) and brand.text not in _NOT_BRANDS
        )
    return not entry.brand_required or _mention_near(doc, last)


def _mention_near(doc: Document, token: Token) -> bool:
    """A brand counts as named when an @mention shares the label's line."""
    return any(t.kind is TokenKind.MENTION and t.line == token.line for t in doc.layout.tokens)


def _stands_alone(doc: Document, first: Token, last: Token) -> bool:
    """Short labels (`Ad`, `PR`) count only where set apart as a label, not as a word in prose."""
    text = doc.text
    before = text[: first.start].rstrip(" \t")
    opened = not before or before[-1] in _OPENERS
    after = text[last.end :]
    stripped = after.lstrip(" \t")
    # An emoji sets a label apart as punctuation does ("Ad 🔥 new shoes").
    closed = not stripped or stripped[0] in _CLOSERS or unicodedata.category(stripped[0]) == "So"
    if not closed and after[:1] in _DASHES:
        closed = after[1:2].isspace()
    elif not closed and stripped[0] in _DASHES and after[:1].isspace():
        closed = True
    if opened and closed:
        return True
    original = doc.norm.original_span(first.start, last.end)
    shouted = doc.norm.original[original[0] : original[1]]
    return opened and shouted.isupper() and first.index == 0


def _match_cjk(entries: list[tuple[str, LabelEntry]], token: Token) -> LabelHit | None:
    for text, entry in entries:
        position = token.text.find(text)
        if position >= 0:
            start = token.start + position + (1 if token.kind is TokenKind.HASHTAG else 0)
            return LabelHit(entry, start, start + len(text), token, True)
    return None
