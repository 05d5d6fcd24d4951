"""A caption prepared once per check: folded text, its tokens, URLs and hashtag clusters.

Every rule set works on the same tokens, so a label is always a whole word or a whole hashtag
(`#adventure` never contains `#ad`) and nothing inside a URL or an @mention counts.

Speed: most captions hold no label at all, so preparing one costs a C-level `findall` and a few
sets; the positioned token layout (offsets, lines, clusters) is built only when a lexicon finds a
candidate word and needs it. Domains without a path ("brand.com") stay as words: harmless, since
a label must be a whole word set apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import Enum

from services.compliance.disclosure_engine.normalise import NormalisedText, normalise

_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_CJK_WORDS = re.compile(rf"[#@]?(?:[^\W{_CJK}]+|[{_CJK}]+)")
_PLAIN_WORDS = re.compile(r"[#@]?\w+")
_HASHTAGS = re.compile(r"#(\w+)")
# A handle may hold dots (Instagram's `@brand.paris`), not end in one; `me@brand.com` is an address.
_MENTIONS = re.compile(r"(?<!\w)@(\w+(?:\.\w+)*)")
# URLs are blanked out (same length, so offsets hold) before tokenising: nothing in them counts.
_URLS = re.compile(r"(?:https?://|www\.)\S+|[a-z0-9-]++(?:\.[a-z0-9-]++)+/\S*")
_NEWLINES = re.compile("\n")
_HAS_CJK = re.compile(f"[{_CJK}]")
_MIN_CLUSTER_HASHTAGS = 3


class TokenKind(Enum):
    WORD = "word"
    HASHTAG = "hashtag"
    MENTION = "mention"
    CJK = "cjk"


@dataclass(slots=True)
class Token:
    kind: TokenKind
    text: str  # folded, without a leading '#' or '@' (hashtags also without '_')
    start: int
    end: int
    line: int
    index: int
    hashtag_ordinal: int = -1
    cluster: tuple[int, int] | None = None  # (position in cluster, cluster size) if clustered
    cluster_at_start: bool = False


@dataclass(slots=True)
class Layout:
    """Positioned tokens, with indexes by text so that a lexicon looks only where it may match."""

    tokens: list[Token] = field(default_factory=list)
    words: dict[str, list[int]] = field(default_factory=dict)
    hashtags: dict[str, list[int]] = field(default_factory=dict)
    hashtag_list: list[int] = field(default_factory=list)
    cjk: list[int] = field(default_factory=list)
    content_start: int = 0


@dataclass(slots=True)
class Document:
    norm: NormalisedText
    masked: str  # the folded text with URLs blanked out
    token_texts: list[str]  # every token as written (folded), '#'/'@' kept
    word_set: frozenset[str]
    hashtag_set: frozenset[str]
    mention_set: frozenset[str]
    has_cjk: bool
    _layout: Layout | None = None

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def layout(self) -> Layout:
        if self._layout is None:
            self._layout = _build_layout(self.masked, self.has_cjk)
        return self._layout


def prepare(raw: str) -> Document:
    norm = normalise(raw)
    text = norm.text
    if "/" in text or "www." in text:
        text = _URLS.sub(lambda m: " " * len(m.group()), text)
    has_cjk = not text.isascii() and _HAS_CJK.search(text) is not None
    texts = (_CJK_WORDS if has_cjk else _PLAIN_WORDS).findall(text)
    tags = _HASHTAGS.findall(text) if "#" in text else []
    return Document(
        norm=norm,
        masked=text,
        token_texts=texts,
        # '#tag' and '@name' entries stay in word_set: no plain label starts with '#' or '@'
        word_set=frozenset(texts),
        hashtag_set=frozenset(t.replace("_", "") for t in tags),
        mention_set=frozenset(_MENTIONS.findall(text)) if "@" in text else frozenset(),
        has_cjk=has_cjk,
    )


def _build_layout(text: str, has_cjk: bool) -> Layout:
    layout = Layout()
    newlines = [m.start() for m in _NEWLINES.finditer(text)] if "\n" in text else []
    for match in (_CJK_WORDS if has_cjk else _PLAIN_WORDS).finditer(text):
        start = match.start()
        line = bisect_right(newlines, start) if newlines else 0
        _add_token(layout, match.group(), start, line)
    if layout.tokens:
        layout.content_start = layout.tokens[0].start
    if len(layout.hashtag_list) >= _MIN_CLUSTER_HASHTAGS:
        _mark_clusters(layout.tokens)
    return layout


def _add_token(layout: Layout, raw: str, start: int, line: int) -> None:
    end, index, head = start + len(raw), len(layout.tokens), raw[0]
    if head == "#":
        body = raw[1:].replace("_", "")
        token = Token(TokenKind.HASHTAG, body, start, end, line, index, len(layout.hashtag_list))
        layout.hashtags.setdefault(body, []).append(index)
        layout.hashtag_list.append(index)
    elif head == "@":
        token = Token(TokenKind.MENTION, raw[1:], start, end, line, index)
    elif "\u2e80" <= head <= "\ufaff":
        token = Token(TokenKind.CJK, raw, start, end, line, index)
        layout.cjk.append(index)
    else:
        token = Token(TokenKind.WORD, raw, start, end, line, index)
        layout.words.setdefault(raw, []).append(index)
    layout.tokens.append(token)


def _mark_clusters(tokens: list[Token]) -> None:
    """Mark runs of ≥ 3 hashtags (mentions may sit among them) with no words in between."""
    run: list[Token] = []
    for token in [*tokens, None]:
        if token is not None and token.kind in (TokenKind.HASHTAG, TokenKind.MENTION):
            run.append(token)
            continue
        tags = [t for t in run if t.kind is TokenKind.HASHTAG]
        if len(tags) >= _MIN_CLUSTER_HASHTAGS:
            at_start = run[0].index == 0
            for position, tag in enumerate(tags):
                tag.cluster = (position, len(tags))
                tag.cluster_at_start = at_start
        run = []
