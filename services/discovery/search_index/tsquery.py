"""A tsquery, as PostgreSQL prints it, evaluated over a segment's lexeme postings.

PostgreSQL parses the user's text (websearch_to_tsquery), so the index reads exactly the
query the table would. Positions are not indexed: a phrase (<->, <N>) is evaluated as AND of
its words, a superset of its matches, and the caller rechecks those in the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from services.discovery.search_index.segment import Mask

TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(?::[*A-D]+)?|(<->|<\d+>)|([&|!()]))")
Lookup = Callable[[str], Mask]


@dataclass(frozen=True, slots=True)
class Evaluated:
    mask: Mask
    exact: bool  # False: a superset, to recheck


class _Parser:
    def __init__(self, text: str, lookup: Lookup, size: int) -> None:
        self.tokens = self._tokens(text)
        self.at = 0
        self.lookup = lookup
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
        result = self.unary()
        while (token := self._peek()) is not None and token[0] == "phrase":
            self._take()
            other = self.unary()
            result = Evaluated(result.mask & other.mask, False)
        return result

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
        return Evaluated(self.lookup(value), True)


def evaluate(query: str, lookup: Lookup, size: int) -> Evaluated:
    """`query` as tsquery::text prints it; an empty query matches nothing (as @@ does)."""
    if not query.strip():
        return Evaluated(np.zeros(size, dtype=np.bool_), True)
    return _Parser(query, lookup, size).any_of()
