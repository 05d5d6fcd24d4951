"""Plain-language disclosures ("thanks @brand for the free meal", "Anzeige", "I earn a commission")
compiled once per language into one alternation, run only for the languages a check needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from services.compliance.disclosure_engine.document import Document
from services.compliance.rules.models import PlainPattern


@dataclass(frozen=True, slots=True)
class PlainHit:
    pattern: PlainPattern
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlainMatcher:
    """Each pattern runs only when one of its keywords occurs: a substring test in C is far
    cheaper than a regex without a literal prefix, and most captions contain none."""

    language: str
    compiled: tuple[tuple[tuple[str, ...], re.Pattern[str], PlainPattern], ...]

    @classmethod
    def build(cls, language: str, patterns: Iterable[PlainPattern]) -> PlainMatcher:
        return cls(language, tuple((p.keywords, re.compile(p.pattern), p) for p in patterns))

    def scan(self, doc: Document) -> list[PlainHit]:
        text = doc.masked
        hits: list[PlainHit] = []
        for keywords, regex, pattern in self.compiled:
            for keyword in keywords:
                if keyword in text:
                    hits.extend(PlainHit(pattern, m.start(), m.end()) for m in regex.finditer(text))
                    break
        return hits
