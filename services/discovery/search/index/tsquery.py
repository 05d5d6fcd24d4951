"""A tsquery, as PostgreSQL prints it, evaluated over a segment's lexeme postings.

PostgreSQL parses the user's text (websearch_to_tsquery), so the index reads exactly the
query the table would. The postings hold each lexeme's positions, so a phrase of words
(<->, <N>: each word exactly N positions after the previous one, as the table matches it) is
answered here. A phrase whose operands are themselves operators (which websearch_to_tsquery
does not write) is evaluated as AND of its words, a superset, which the caller rechecks in the
table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from services.discovery.search.index.grouped import Numbers, Rows
from services.discovery.search.index.segment import Mask

TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(?::[*A-D]+)?|(<->|<\d+>)|([&|!()]))")
# A lexeme's postings: the rows holding it, once per position, and those positions.
Postings = Callable[[str], tuple[Rows, Numbers]]
# A (row, position) pair as one number; tsvector positions stop at 16,383 (< 2**14), and a
# phrase distance at 16,384, so neither a position nor a position ± a distance reaches another row.
_POSITION_BITS = 16
Keys = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Evaluated:
    mask: Mask
    exact: bool  # False: a superset, to recheck


class _Parser:
    def __init__(self, text: str, postings: Postings, size: int) -> None:
        self.tokens = self._tokens(text)
        self.at = 0
        self.postings = postings
        self.size = size

    @staticmethod
    def _tokens(text: str) -> list[tuple[str, str]]:
        tokens: list[tuple[str, str]] = []
        position = 0
        while text[position:].strip():
            found = TOKEN.match(text, position)
            if found is None:
                raise ValueError(f"unexpected tsquery text at {position}: {text!r}")
            lexeme, phrase, operator = found.groups()
            tokens.append(("lexeme", lexeme.replace("''", "'").replace("\\\\", "\\")) if lexeme is not None
                          else ("phrase", phrase) if phrase else ("op", operator))
            position = found.end()
        return tokens

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def any_of(self) -> Evaluated:
        result = self.all_of()
        while self._peek() == ("op", "|"):
            self._take()
            other = self.all_of()
            result = Evaluated(result.mask | other.mask, result.exact and other.exact)
        return result

    def all_of(self) -> Evaluated:
        result = self.phrase()
        while self._peek() == ("op", "&"):
            self._take()
            other = self.phrase()
            result = Evaluated(result.mask & other.mask, result.exact and other.exact)
        return result

    def phrase(self) -> Evaluated:
        words = [self._word()]
        result = self.unary()
        distances: list[int] = []
        while (token := self._peek()) is not None and token[0] == "phrase":
            self._take()
            distances.append(1 if token[1] == "<->" else int(token[1][1:-1]))
            words.append(self._word())
            other = self.unary()
            result = Evaluated(result.mask & other.mask, False)
        if distances and all(words):
            return Evaluated(self._phrase_rows([w for w in words if w], distances), True)
        return result

    def _word(self) -> str | None:
        """The lexeme the next operand is, when it is a bare lexeme."""
        kind, value = self.tokens[self.at] if self.at < len(self.tokens) else ("", "")
        return value if kind == "lexeme" else None

    def _keys(self, lexeme: str) -> Keys:
        rows, positions = self.postings(lexeme)
        return (rows.astype(np.int64) << _POSITION_BITS) | positions.astype(np.int64)

    def _phrase_rows(self, words: list[str], distances: list[int]) -> Mask:
        """Rows where each word stands its distance after the previous: the phrase's matches
        carried as the positions where they end, as PostgreSQL chains them."""
        ends = self._keys(words[0])
        for word, distance in zip(words[1:], distances, strict=True):
            keys = self._keys(word)
            ends = keys[_among(keys - distance, ends)]
        mask = np.zeros(self.size, dtype=np.bool_)
        mask[ends >> _POSITION_BITS] = True
        return mask

    def unary(self) -> Evaluated:
        kind, value = self._take()
        if (kind, value) == ("op", "!"):
            inner = self.unary()
            # NOT of a superset is a subset: only an exact operand can be negated here.
            return Evaluated(~inner.mask, True) if inner.exact else Evaluated(
                np.ones(self.size, dtype=np.bool_), False)
        if (kind, value) == ("op", "("):
            inner = self.any_of()
            self._take()
            return inner
        mask = np.zeros(self.size, dtype=np.bool_)
        mask[self.postings(value)[0]] = True
        return Evaluated(mask, True)


def _among(values: Keys, of: Keys) -> Mask:
    """Which of `values` are in `of`: a binary search in `of` sorted (np.isin sorts both
    together, several times slower on postings this size)."""
    if not len(of):
        return np.zeros(len(values), dtype=np.bool_)
    ordered = np.sort(of)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return np.asarray(ordered[at] == values)


def evaluate(query: str, postings: Postings, size: int) -> Evaluated:
    """`query` as tsquery::text prints it; an empty query matches nothing (as @@ does)."""
    if not query.strip():
        return Evaluated(np.zeros(size, dtype=np.bool_), True)
    return _Parser(query, postings, size).any_of()
